package io.kubesim.ingress.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The order of a server's locations and their final paths: sorted by path (descending), then by
 * path length, longest first (both stable, as ingress-nginx sorts); then updateServerLocations: a
 * Prefix location {@code /foo} that neither rewrites nor uses regular expressions becomes {@code
 * /foo/} followed by an Exact twin {@code /foo} (unless an Exact {@code /foo} exists), so that
 * {@code /foo} and {@code /foo/bar} match and {@code /foobar} does not. (A Prefix {@code /foo/}
 * gets the twin {@code = /foo/}; {@code /foo} then reaches it through nginx's 301 to {@code
 * /foo/}.)
 */
final class LocationOrder {
  private LocationOrder() {}

  static List<Location> apply(List<Location> locations) {
    List<Location> sorted = new ArrayList<>(locations);
    sorted.sort(Comparator.comparing(Location::path).reversed());
    sorted.sort(Comparator.comparingInt((Location l) -> l.path().length()).reversed());
    Set<String> exact = new HashSet<>();
    for (Location l : sorted) {
      if (l.pathType() == PathType.EXACT) {
        exact.add(l.path());
      }
    }
    List<Location> out = new ArrayList<>();
    for (Location l : sorted) {
      if (l.path().equals(Servers.ROOT) || l.pathType() != PathType.PREFIX || l.regex()) {
        out.add(l);
        continue;
      }
      String normalized = l.path().endsWith("/") ? l.path() : l.path() + "/";
      out.add(l.withPath(normalized, PathType.PREFIX));
      if (!exact.contains(l.path())) {
        out.add(l.withPath(l.path(), PathType.EXACT));
      }
    }
    return out;
  }
}

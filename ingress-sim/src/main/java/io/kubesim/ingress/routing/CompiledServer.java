package io.kubesim.ingress.routing;

import io.kubesim.ingress.model.Location;
import io.kubesim.ingress.model.PathType;
import io.kubesim.ingress.model.Server;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A server's locations as nginx searches them. Without regular expressions: an exact location
 * ({@code = /foo}) first, then a Prefix location whose path is the URI plus a slash (nginx's 301),
 * then the longest prefix. With them (enforceRegexModifier), every location is {@code ~* "^path"}
 * and the first one found in the server's order wins.
 */
final class CompiledServer {
  private final Server server;
  private final boolean regex;
  private final Map<String, Location> exact = new HashMap<>();
  private final Map<String, Location> prefixByPath = new HashMap<>();
  private final List<Location> prefixes = new ArrayList<>();
  private final List<Pattern> patterns = new ArrayList<>();
  private final List<Location> regexLocations = new ArrayList<>();
  private final Map<Location, Rewrite> rewrites = new HashMap<>();

  CompiledServer(Server server) {
    this.server = server;
    this.regex = server.regex();
    for (Location l : server.locations()) {
      if (l.rewrites()) {
        rewrites.put(l, new Rewrite(l.path(), l.annotations().rewriteTarget()));
      }
      if (regex) {
        patterns.add(Pattern.compile("^" + l.path(), Pattern.CASE_INSENSITIVE));
        regexLocations.add(l);
      } else if (l.pathType() == PathType.EXACT) {
        exact.putIfAbsent(l.path(), l);
      } else {
        // of two locations with one path nginx would refuse the second: a rule's beats the root's
        Location known = prefixByPath.get(l.path());
        if (known == null || (known.defaultBackend() && !l.defaultBackend())) {
          prefixByPath.put(l.path(), l);
        }
      }
    }
    prefixes.addAll(prefixByPath.values());
    prefixes.sort(Comparator.comparingInt((Location l) -> l.path().length()).reversed());
  }

  Server server() {
    return server;
  }

  Route route(String uri) {
    if (regex) {
      for (int i = 0; i < patterns.size(); i++) {
        if (patterns.get(i).matcher(uri).find()) {
          Location l = regexLocations.get(i);
          return new Route(server, l, false, rewrites.get(l));
        }
      }
      return new Route(server, null, false, null);
    }
    Location e = exact.get(uri);
    if (e != null) {
      return new Route(server, e, false, rewrites.get(e));
    }
    Location withSlash = prefixByPath.get(uri + "/");
    if (withSlash != null) {
      return new Route(server, withSlash, true, null);
    }
    for (Location l : prefixes) {
      if (uri.startsWith(l.path())) {
        return new Route(server, l, false, rewrites.get(l));
      }
    }
    return new Route(server, null, false, null);
  }
}

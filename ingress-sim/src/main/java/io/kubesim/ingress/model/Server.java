package io.kubesim.ingress.model;

import java.util.List;

/**
 * A virtual server: one host name (or {@code _}, the catch-all) with its locations in the order
 * nginx.conf lists them.
 *
 * @param certificate the Secret ({@code namespace/name}) whose certificate serves this host, {@link
 *     #DEFAULT_CERTIFICATE} for the controller's fake one, null when the host has none
 */
public record Server(String hostname, List<Location> locations, String certificate) {
  public static final String CATCH_ALL = "_";
  public static final String DEFAULT_CERTIFICATE = "default-fake-certificate";

  public Server {
    locations = List.copyOf(locations);
  }

  /**
   * enforceRegexModifier: when one location rewrites or uses regular expressions, every location of
   * the server is matched as {@code ~* "^path"}.
   */
  public boolean regex() {
    return locations.stream().anyMatch(Location::regex);
  }
}

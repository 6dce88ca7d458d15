package io.kubesim.ingress.routing;

import io.kubesim.ingress.model.Configuration;
import io.kubesim.ingress.model.Server;
import io.kubesim.ingress.model.Upstream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A configuration compiled for requests: which server a Host header selects (an exact name; else a
 * wildcard {@code *.example.com}, which ingress-nginx writes as {@code ~^(?<subdomain>[\w-]+)\.
 * example\.com$}, so one label only, the first in host-name order; else the catch-all) and which
 * location of it a URI selects. Immutable: a new configuration is a new table.
 */
public final class RoutingTable {
  private final Configuration configuration;
  private final Map<String, CompiledServer> exact = new HashMap<>();
  private final List<Pattern> wildcardPatterns = new ArrayList<>();
  private final List<CompiledServer> wildcards = new ArrayList<>();
  private final CompiledServer catchAll;
  private final Map<String, Upstream> upstreams;

  private RoutingTable(Configuration configuration) {
    this.configuration = configuration;
    CompiledServer fallback = null;
    for (Server s : configuration.servers()) {
      CompiledServer compiled = new CompiledServer(s);
      String name = s.hostname().toLowerCase(Locale.ROOT);
      if (name.equals(Server.CATCH_ALL)) {
        fallback = compiled;
      } else if (name.startsWith("*.")) {
        wildcardPatterns.add(Pattern.compile("^[\\w-]+" + Pattern.quote(name.substring(1)) + "$"));
        wildcards.add(compiled);
      } else {
        exact.put(name, compiled);
      }
    }
    this.catchAll = fallback;
    this.upstreams = configuration.upstreamsByName();
  }

  public static RoutingTable compile(Configuration configuration) {
    return new RoutingTable(configuration);
  }

  public Configuration configuration() {
    return configuration;
  }

  public Upstream upstream(String name) {
    return upstreams.get(name);
  }

  /** The server for a Host header value (any case, with or without a port), or for an SNI name. */
  public Server server(String host) {
    return compiled(host).server();
  }

  /** The server of a host name other than the catch-all, or null (the certificate lookup). */
  public Server namedServer(String host) {
    CompiledServer s = compiled(host);
    return s == catchAll ? null : s.server();
  }

  /** Where a request for {@code host} and the normalized path {@code uri} goes. */
  public Route route(String host, String uri) {
    return compiled(host).route(uri);
  }

  private CompiledServer compiled(String host) {
    String name = hostname(host);
    CompiledServer s = exact.get(name);
    if (s != null) {
      return s;
    }
    for (int i = 0; i < wildcards.size(); i++) {
      if (wildcardPatterns.get(i).matcher(name).matches()) {
        return wildcards.get(i);
      }
    }
    return catchAll;
  }

  /** The host name of a Host header: lower case, without port or trailing dot. */
  public static String hostname(String host) {
    if (host == null) {
      return "";
    }
    String h = host;
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      h = end < 0 ? h : h.substring(0, end + 1);
    } else {
      int colon = h.indexOf(':');
      if (colon >= 0) {
        h = h.substring(0, colon);
      }
    }
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    return h.toLowerCase(Locale.ROOT);
  }
}

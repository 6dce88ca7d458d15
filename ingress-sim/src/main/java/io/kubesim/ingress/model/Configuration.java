package io.kubesim.ingress.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the controller derived from the ingresses it serves: servers sorted by host name, upstreams
 * by name, as ingress-nginx sorts them; plus what it had to say about them.
 */
public record Configuration(List<Server> servers, List<Upstream> upstreams, List<String> warnings) {
  public Configuration {
    servers = List.copyOf(servers);
    upstreams = List.copyOf(upstreams);
    warnings = List.copyOf(warnings);
  }

  public static Configuration empty() {
    return ConfigurationBuilder.build(Snapshot.EMPTY);
  }

  public Map<String, Upstream> upstreamsByName() {
    Map<String, Upstream> out = new LinkedHashMap<>();
    upstreams.forEach(u -> out.put(u.name(), u));
    return out;
  }

  public Server server(String hostname) {
    for (Server s : servers) {
      if (s.hostname().equals(hostname)) {
        return s;
      }
    }
    return null;
  }
}

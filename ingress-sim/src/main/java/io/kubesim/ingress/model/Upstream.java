package io.kubesim.ingress.model;

import io.kubesim.ingress.annotations.Canary;
import java.util.List;

/**
 * A backend (nginx's upstream): one port of one Service, named {@code <namespace>-<service>-<port>}
 * as ingress-nginx names it, with its ready endpoints.
 *
 * @param port the ingress's service port as written: a number or a port name
 * @param noServer a canary's upstream: reached only as another upstream's alternative
 * @param canary its traffic shaping when it is a canary's
 * @param alternatives the canary upstreams that may take this upstream's requests (the first is
 *     used, as balancer.lua uses it)
 */
public record Upstream(
    String name,
    String namespace,
    String service,
    String port,
    List<Endpoint> endpoints,
    boolean noServer,
    Canary canary,
    List<String> alternatives) {

  /** The controller's own 404 backend: nginx's default server on 127.0.0.1:8181. */
  public static final String DEFAULT_BACKEND = "upstream-default-backend";

  public Upstream {
    endpoints = List.copyOf(endpoints);
    alternatives = List.copyOf(alternatives);
  }

  public boolean isDefaultBackend() {
    return name.equals(DEFAULT_BACKEND);
  }

  public static Upstream defaultBackend() {
    return new Upstream(
        DEFAULT_BACKEND,
        "",
        "",
        "",
        List.of(new Endpoint("127.0.0.1", 8181, "")),
        false,
        Canary.NONE,
        List.of());
  }

  /** upstreamName: {@code default-web-80}, or {@code default-web-http} for a named port. */
  public static String name(String namespace, String service, String port) {
    return namespace + "-" + service + "-" + port;
  }
}

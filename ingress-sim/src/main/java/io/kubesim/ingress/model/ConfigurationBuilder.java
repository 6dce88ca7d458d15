package io.kubesim.ingress.model;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.kubesim.ingress.annotations.AnnotationParser;
import io.kubesim.ingress.annotations.Annotations;
import io.kubesim.ingress.annotations.Canary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration ingress-nginx derives from its ingresses (its controller.go: createUpstreams,
 * createServers, getBackendServers, mergeAlternativeBackends, updateServerLocations), as a pure
 * function of a {@link Snapshot}:
 *
 * <ul>
 *   <li>one upstream per Service port an ingress names, with its ready endpoints;
 *   <li>a catch-all server {@code _} whose root location is the controller's 404 backend, or the
 *       backend of an ingress that has a defaultBackend and no rules;
 *   <li>one server per rule host, whose root location is its ingress's defaultBackend or the 404;
 *   <li>each path a location of its host's server; the older ingress keeps a path two ingresses
 *       both claim with the same pathType;
 *   <li>canary ingresses add no locations: their upstreams become alternatives of the upstream of
 *       the location with the same host, path and pathType;
 *   <li>locations in order of path length, longest first; a Prefix path {@code /foo} becomes {@code
 *       /foo/} and an exact twin {@code = /foo}, so that it matches element-wise.
 * </ul>
 */
public final class ConfigurationBuilder {
  private ConfigurationBuilder() {}

  public static Configuration build(Snapshot snapshot) {
    List<String> warnings = new ArrayList<>();
    List<Ingress> ingresses = Ingresses.sorted(snapshot.ingresses());
    Map<String, Annotations> annotations = new LinkedHashMap<>();
    for (Ingress ing : ingresses) {
      AnnotationParser.Result parsed = AnnotationParser.parse(ing.getMetadata().getAnnotations());
      parsed.warnings().forEach(w -> warnings.add("ingress " + Ingresses.key(ing) + ": " + w));
      annotations.put(Ingresses.key(ing), parsed.annotations());
    }
    Map<String, Work.Upstream> upstreams = upstreams(ingresses, annotations, snapshot);
    Map<String, Work.Server> servers =
        Servers.create(ingresses, annotations, upstreams, snapshot.certificates(), warnings);
    List<Ingress> canaries = Servers.addLocations(ingresses, annotations, upstreams, servers);
    if (ingresses.size() > canaries.size()) {
      for (Ingress canary : canaries) {
        Canaries.merge(canary, upstreams, servers, warnings);
      }
    }
    List<Upstream> outUpstreams = new ArrayList<>();
    upstreams.values().forEach(u -> outUpstreams.add(u.freeze()));
    outUpstreams.sort(Comparator.comparing(Upstream::name));
    List<Server> outServers = new ArrayList<>();
    for (Work.Server s : servers.values()) {
      outServers.add(new Server(s.hostname, LocationOrder.apply(s.locations), s.certificate));
    }
    outServers.sort(Comparator.comparing(Server::hostname));
    return new Configuration(outServers, outUpstreams, warnings);
  }

  /** createUpstreams: the default backend, then each defaultBackend and path Service port. */
  private static Map<String, Work.Upstream> upstreams(
      List<Ingress> ingresses, Map<String, Annotations> annotations, Snapshot snapshot) {
    Map<String, Work.Upstream> out = new LinkedHashMap<>();
    Upstream def = Upstream.defaultBackend();
    out.put(def.name(), new Work.Upstream(def));
    for (Ingress ing : ingresses) {
      Annotations anns = annotations.get(Ingresses.key(ing));
      String ns = ing.getMetadata().getNamespace();
      IngressBackend defaultBackend = Ingresses.defaultBackend(ing);
      if (defaultBackend != null) {
        // replaced even when a path named it first, as ingress-nginx does
        out.put(
            Ingresses.upstreamName(ns, defaultBackend),
            upstream(ns, defaultBackend, anns, snapshot));
      }
      for (IngressRule rule : Ingresses.rules(ing)) {
        for (HTTPIngressPath path : Ingresses.paths(rule)) {
          if (path.getBackend() == null || path.getBackend().getService() == null) {
            continue;
          }
          out.computeIfAbsent(
              Ingresses.upstreamName(ns, path.getBackend()),
              n -> upstream(ns, path.getBackend(), anns, snapshot));
        }
      }
    }
    return out;
  }

  private static Work.Upstream upstream(
      String ns, IngressBackend backend, Annotations anns, Snapshot snapshot) {
    String service = backend.getService().getName();
    String port = Ingresses.port(backend);
    String key = ns + "/" + service;
    List<Endpoint> endpoints =
        EndpointsOf.endpoints(
            snapshot.services().get(key), port, snapshot.slices().getOrDefault(key, List.of()));
    Work.Upstream u = new Work.Upstream(Upstream.name(ns, service, port), ns, service, port);
    u.endpoints = endpoints;
    if (anns.canaryEnabled()) {
      u.noServer = true;
      u.canary = anns.canary();
    }
    return u;
  }

  /** The builder's mutable working state. */
  static final class Work {
    private Work() {}

    static final class Upstream {
      final String name;
      final String namespace;
      final String service;
      final String port;
      List<Endpoint> endpoints = List.of();
      boolean noServer;
      Canary canary = Canary.NONE;
      final List<String> alternatives = new ArrayList<>();

      Upstream(String name, String namespace, String service, String port) {
        this.name = name;
        this.namespace = namespace;
        this.service = service;
        this.port = port;
      }

      Upstream(io.kubesim.ingress.model.Upstream frozen) {
        this(frozen.name(), frozen.namespace(), frozen.service(), frozen.port());
        endpoints = frozen.endpoints();
      }

      io.kubesim.ingress.model.Upstream freeze() {
        return new io.kubesim.ingress.model.Upstream(
            name, namespace, service, port, endpoints, noServer, canary, alternatives);
      }
    }

    static final class Server {
      final String hostname;
      final List<Location> locations = new ArrayList<>();
      String certificate;

      Server(String hostname) {
        this.hostname = hostname;
      }
    }
  }
}

package io.kubesim.ingress.model;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.kubesim.ingress.annotations.Annotations;
import io.kubesim.ingress.model.ConfigurationBuilder.Work;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** createServers and the location half of getBackendServers. */
final class Servers {
  static final String ROOT = "/";

  private Servers() {}

  /**
   * The catch-all server and one server per rule host of the non-canary ingresses, each with its
   * root location, and each host's certificate.
   */
  static Map<String, Work.Server> create(
      List<Ingress> ingresses,
      Map<String, Annotations> annotations,
      Map<String, Work.Upstream> upstreams,
      Map<String, CertificateNames> certificates,
      List<String> warnings) {
    Map<String, Work.Server> servers = new LinkedHashMap<>();
    Work.Server catchAll = new Work.Server(Server.CATCH_ALL);
    catchAll.certificate = Server.DEFAULT_CERTIFICATE;
    catchAll.locations.add(
        new Location(
            ROOT,
            ROOT,
            PathType.PREFIX,
            true,
            Upstream.DEFAULT_BACKEND,
            null,
            "",
            Annotations.DEFAULTS));
    servers.put(Server.CATCH_ALL, catchAll);
    for (Ingress ing : ingresses) {
      Annotations anns = annotations.get(Ingresses.key(ing));
      if (anns.canaryEnabled()) {
        continue;
      }
      String defaultUpstream = Upstream.DEFAULT_BACKEND;
      String defaultService = "";
      IngressBackend backend = Ingresses.defaultBackend(ing);
      if (backend != null) {
        Work.Upstream u =
            upstreams.get(Ingresses.upstreamName(ing.getMetadata().getNamespace(), backend));
        if (u != null) {
          defaultUpstream = u.name;
          defaultService = u.service;
          Location catchAllRoot = catchAll.locations.get(0);
          if (catchAllRoot.defaultBackend() && Ingresses.rules(ing).isEmpty()) {
            // an ingress with a backend and no rule: the catch-all's; its rewrite stays out
            catchAll.locations.set(
                0,
                new Location(
                    ROOT,
                    ROOT,
                    PathType.PREFIX,
                    false,
                    u.name,
                    Ingresses.ref(ing),
                    u.service,
                    withoutRewrite(anns)));
          }
        }
      }
      for (IngressRule rule : Ingresses.rules(ing)) {
        String host = Ingresses.host(rule);
        if (servers.containsKey(host)) {
          continue;
        }
        Work.Server server = new Work.Server(host);
        server.locations.add(
            new Location(
                ROOT,
                ROOT,
                PathType.PREFIX,
                true,
                defaultUpstream,
                Ingresses.ref(ing),
                defaultService,
                anns));
        servers.put(host, server);
      }
    }
    for (Ingress ing : ingresses) {
      if (annotations.get(Ingresses.key(ing)).canaryEnabled()) {
        continue;
      }
      for (IngressRule rule : Ingresses.rules(ing)) {
        certificate(ing, servers.get(Ingresses.host(rule)), certificates, warnings);
      }
    }
    return servers;
  }

  private static Annotations withoutRewrite(Annotations a) {
    Annotations d = Annotations.DEFAULTS;
    return new Annotations(
        d.rewriteTarget(),
        d.useRegex(),
        d.sslRedirect(),
        d.forceSslRedirect(),
        d.preserveTrailingSlash(),
        a.backendProtocol(),
        a.canaryEnabled(),
        a.canary(),
        a.allowlist(),
        a.denied());
  }

  /** The first certificate a host gets wins; a missing or wrong one is the fake one. */
  private static void certificate(
      Ingress ing,
      Work.Server server,
      Map<String, CertificateNames> certificates,
      List<String> warnings) {
    List<IngressTLS> tls = ing.getSpec().getTls() == null ? List.of() : ing.getSpec().getTls();
    if (server.certificate != null || tls.isEmpty()) {
      return;
    }
    String host = server.hostname;
    String ns = ing.getMetadata().getNamespace();
    String secret = tlsSecretName(host, ns, tls, certificates);
    if (secret.isEmpty()) {
      server.certificate = Server.DEFAULT_CERTIFICATE;
      return;
    }
    String key = ns + "/" + secret;
    CertificateNames names = certificates.get(key);
    if (names == null) {
      warnings.add(
          "Error getting SSL certificate \""
              + key
              + "\": local SSL certificate "
              + key
              + " was not found. Using default certificate");
      server.certificate = Server.DEFAULT_CERTIFICATE;
    } else if (!names.covers(host)) {
      warnings.add(
          "SSL certificate \""
              + key
              + "\" does not contain a Common Name or Subject Alternative"
              + " Name for server \""
              + host
              + "\". Using default certificate");
      server.certificate = Server.DEFAULT_CERTIFICATE;
    } else {
      server.certificate = key;
    }
  }

  /** extractTLSSecretName: a tls entry naming the host, else one whose certificate covers it. */
  private static String tlsSecretName(
      String host, String ns, List<IngressTLS> tls, Map<String, CertificateNames> certificates) {
    String lower = host.toLowerCase(Locale.ROOT);
    for (IngressTLS t : tls) {
      for (String h : t.getHosts() == null ? List.<String>of() : t.getHosts()) {
        if (h.toLowerCase(Locale.ROOT).equals(lower)) {
          return t.getSecretName() == null ? "" : t.getSecretName();
        }
      }
    }
    for (IngressTLS t : tls) {
      if (t.getSecretName() == null || t.getSecretName().isEmpty()) {
        continue;
      }
      CertificateNames names = certificates.get(ns + "/" + t.getSecretName());
      if (names != null && names.covers(host)) {
        return t.getSecretName();
      }
    }
    return "";
  }

  /**
   * Each path of each ingress becomes a location of its host's server (the catch-all for a host
   * that has none, which is a canary's); returns the canary ingresses, to merge afterwards.
   */
  static List<Ingress> addLocations(
      List<Ingress> ingresses,
      Map<String, Annotations> annotations,
      Map<String, Work.Upstream> upstreams,
      Map<String, Work.Server> servers) {
    List<Ingress> canaries = new ArrayList<>();
    for (Ingress ing : ingresses) {
      Annotations anns = annotations.get(Ingresses.key(ing));
      String ns = ing.getMetadata().getNamespace();
      for (IngressRule rule : Ingresses.rules(ing)) {
        Work.Server server = servers.get(Ingresses.host(rule));
        if (server == null) {
          server = servers.get(Server.CATCH_ALL);
        }
        for (HTTPIngressPath path : Ingresses.paths(rule)) {
          if (path.getBackend() == null || path.getBackend().getService() == null) {
            continue;
          }
          Work.Upstream ups = upstreams.get(Ingresses.upstreamName(ns, path.getBackend()));
          if (ups.noServer) {
            continue;
          }
          String nginxPath =
              path.getPath() == null || path.getPath().isEmpty() ? ROOT : path.getPath();
          addLocation(server, ing, anns, ups, nginxPath, PathType.of(path.getPathType()));
        }
      }
      if (anns.canaryEnabled()) {
        canaries.add(ing);
      }
    }
    return canaries;
  }

  private static void addLocation(
      Work.Server server,
      Ingress ing,
      Annotations anns,
      Work.Upstream ups,
      String nginxPath,
      PathType type) {
    Location fresh =
        new Location(
            nginxPath, nginxPath, type, false, ups.name, Ingresses.ref(ing), ups.service, anns);
    for (int i = 0; i < server.locations.size(); i++) {
      Location loc = server.locations.get(i);
      if (!loc.path().equals(nginxPath)) {
        continue;
      }
      if (loc.pathType() != type) {
        // the same path with another type is a location of its own
        break;
      }
      if (loc.defaultBackend()) {
        server.locations.set(i, fresh);
      }
      // else: the older ingress keeps it
      return;
    }
    server.locations.add(fresh);
  }
}

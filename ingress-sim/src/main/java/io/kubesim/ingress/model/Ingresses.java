package io.kubesim.ingress.model;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.ServiceBackendPort;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Null-safe reading of fabric8 Ingress objects, and ingress-nginx's ingress order. */
final class Ingresses {
  private Ingresses() {}

  static String key(Ingress ing) {
    return ing.getMetadata().getNamespace() + "/" + ing.getMetadata().getName();
  }

  static IngressRef ref(Ingress ing) {
    return new IngressRef(ing.getMetadata().getNamespace(), ing.getMetadata().getName());
  }

  /**
   * sortIngressSlice: oldest first; at the same creation second, the greater {@code namespace/name}
   * first (ingress-nginx compares {@code in > jn}).
   */
  static List<Ingress> sorted(List<Ingress> ingresses) {
    List<Ingress> out = new ArrayList<>(ingresses);
    out.sort(
        Comparator.comparing(Ingresses::created)
            .thenComparing(Ingresses::key, Comparator.reverseOrder()));
    return out;
  }

  private static Instant created(Ingress ing) {
    String text = ing.getMetadata().getCreationTimestamp();
    try {
      return text == null ? Instant.EPOCH : Instant.parse(text);
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }

  static List<IngressRule> rules(Ingress ing) {
    return ing.getSpec() == null || ing.getSpec().getRules() == null
        ? List.of()
        : ing.getSpec().getRules();
  }

  static List<HTTPIngressPath> paths(IngressRule rule) {
    return rule.getHttp() == null || rule.getHttp().getPaths() == null
        ? List.of()
        : rule.getHttp().getPaths();
  }

  /** The rule's host, {@code _} for none. */
  static String host(IngressRule rule) {
    return rule.getHost() == null || rule.getHost().isEmpty() ? Server.CATCH_ALL : rule.getHost();
  }

  /** The ingress's spec.defaultBackend when it names a Service, else null. */
  static IngressBackend defaultBackend(Ingress ing) {
    IngressBackend b = ing.getSpec() == null ? null : ing.getSpec().getDefaultBackend();
    return b != null && b.getService() != null ? b : null;
  }

  /** The backend's Service port as ingress-nginx writes it: its number, else its name. */
  static String port(IngressBackend backend) {
    ServiceBackendPort port = backend.getService().getPort();
    if (port == null) {
      return "";
    }
    if (port.getNumber() != null && port.getNumber() != 0) {
      return Integer.toString(port.getNumber());
    }
    return port.getName() == null ? "" : port.getName();
  }

  static String upstreamName(String namespace, IngressBackend backend) {
    return Upstream.name(namespace, backend.getService().getName(), port(backend));
  }
}

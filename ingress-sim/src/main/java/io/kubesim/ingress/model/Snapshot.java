package io.kubesim.ingress.model;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.List;
import java.util.Map;

/**
 * What the configuration is built from, read from the informers' caches at one moment.
 *
 * @param ingresses the ingresses of this controller's class, in any order
 * @param services by {@code namespace/name}
 * @param slices the EndpointSlices of each Service, by {@code namespace/service}
 * @param certificates the names each TLS Secret's certificate covers, by {@code namespace/name}; a
 *     Secret that is missing or holds no usable certificate and key is absent
 */
public record Snapshot(
    List<Ingress> ingresses,
    Map<String, Service> services,
    Map<String, List<EndpointSlice>> slices,
    Map<String, CertificateNames> certificates) {
  public static final Snapshot EMPTY = new Snapshot(List.of(), Map.of(), Map.of(), Map.of());

  public Snapshot {
    ingresses = List.copyOf(ingresses);
    services = Map.copyOf(services);
    slices = Map.copyOf(slices);
    certificates = Map.copyOf(certificates);
  }
}

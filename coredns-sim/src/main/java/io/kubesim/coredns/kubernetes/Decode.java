package io.kubesim.coredns.kubernetes;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fabric8 objects as the kubernetes plugin keeps them (its informers' transforms
 * object.ToService and EndpointSliceToEndpoints): only what answers need.
 */
public final class Decode {
  static final String SERVICE_NAME = "kubernetes.io/service-name";

  private Decode() {}

  public static ServiceInfo service(Service service) {
    ServiceSpec spec = service.getSpec();
    boolean headless = "None".equals(spec.getClusterIP());
    List<String> clusterIps = new ArrayList<>();
    if (!headless) {
      if (spec.getClusterIPs() != null && !spec.getClusterIPs().isEmpty()) {
        clusterIps.addAll(spec.getClusterIPs());
      } else if (spec.getClusterIP() != null && !spec.getClusterIP().isEmpty()) {
        clusterIps.add(spec.getClusterIP());
      }
    }
    boolean external = "ExternalName".equals(spec.getType());
    List<PortInfo> ports = new ArrayList<>();
    for (ServicePort p : nonNull(spec.getPorts())) {
      ports.add(
          new PortInfo(
              text(p.getName()),
              p.getPort() == null ? -1 : p.getPort(),
              p.getProtocol() == null ? "TCP" : p.getProtocol()));
    }
    return new ServiceInfo(
        service.getMetadata().getName(),
        service.getMetadata().getNamespace(),
        headless,
        external ? List.of() : List.copyOf(clusterIps),
        external ? text(spec.getExternalName()) : "",
        List.copyOf(nonNull(spec.getExternalIPs())),
        List.copyOf(ports));
  }

  /** The slice's ready addresses and its ports, or null for a slice of no Service. */
  public static EndpointsInfo slice(EndpointSlice slice) {
    Map<String, String> labels = slice.getMetadata().getLabels();
    String service = labels == null ? null : labels.get(SERVICE_NAME);
    if (service == null || service.isEmpty()) {
      return null;
    }
    List<PortInfo> ports = new ArrayList<>();
    for (EndpointPort p : nonNull(slice.getPorts())) {
      ports.add(
          new PortInfo(
              text(p.getName()), p.getPort() == null ? -1 : p.getPort(), text(p.getProtocol())));
    }
    if (ports.isEmpty()) {
      ports.add(PortInfo.NONE);
    }
    List<EndpointsInfo.Address> addresses = new ArrayList<>();
    for (Endpoint endpoint : nonNull(slice.getEndpoints())) {
      // a nil ready condition is an unknown state, which consumers read as ready
      boolean ready =
          endpoint.getConditions() == null
              || endpoint.getConditions().getReady() == null
              || endpoint.getConditions().getReady();
      if (!ready) {
        continue;
      }
      for (String ip : nonNull(endpoint.getAddresses())) {
        addresses.add(new EndpointsInfo.Address(ip, text(endpoint.getHostname())));
      }
    }
    return new EndpointsInfo(
        slice.getMetadata().getName(),
        ServiceInfo.key(service, slice.getMetadata().getNamespace()),
        List.copyOf(addresses),
        List.copyOf(ports));
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }
}

package io.kubesim.ingress.model;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An upstream's servers from its Service's EndpointSlices, as ingress-nginx's serviceEndpoints and
 * getEndpointsFromSlices pick them: the Service port the ingress names (by number, target port or
 * name), the slices' port of that name (any, when the Service port has no name), ready endpoints
 * only (an endpoint whose ready condition is unset counts as ready), each address and port once.
 */
final class EndpointsOf {
  private EndpointsOf() {}

  /**
   * @param backendPort the ingress's port: a number or a name
   */
  static List<Endpoint> endpoints(Service svc, String backendPort, List<EndpointSlice> slices) {
    if (svc == null || svc.getSpec() == null) {
      return List.of();
    }
    List<ServicePort> ports =
        svc.getSpec().getPorts() == null ? List.of() : svc.getSpec().getPorts();
    if ("ExternalName".equals(svc.getSpec().getType())) {
      // the name itself, which the controller would resolve in DNS
      String name = svc.getSpec().getExternalName();
      int port = backendPort.matches("\\d+") ? Integer.parseInt(backendPort) : 80;
      return name == null ? List.of() : List.of(new Endpoint(name, port, ""));
    }
    for (ServicePort sp : ports) {
      if (Integer.toString(sp.getPort()).equals(backendPort)
          || text(sp.getTargetPort()).equals(backendPort)
          || backendPort.equals(sp.getName())) {
        return fromSlices(sp, slices);
      }
    }
    return List.of();
  }

  private static String text(IntOrString port) {
    if (port == null) {
      return "";
    }
    return port.getIntVal() != null ? port.getIntVal().toString() : port.getStrVal();
  }

  private static List<Endpoint> fromSlices(ServicePort port, List<EndpointSlice> slices) {
    List<EndpointSlice> ordered = new ArrayList<>(slices);
    ordered.sort(Comparator.comparing(s -> s.getMetadata().getName()));
    Integer targetNumber = port.getTargetPort() == null ? null : port.getTargetPort().getIntVal();
    String name = port.getName() == null ? "" : port.getName();
    List<Endpoint> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (EndpointSlice slice : ordered) {
      List<Integer> targets = new ArrayList<>();
      List<EndpointPort> slicePorts = slice.getPorts() == null ? List.of() : slice.getPorts();
      if (slicePorts.isEmpty() && targetNumber != null) {
        targets.add(targetNumber);
      }
      for (EndpointPort p : slicePorts) {
        if (p.getProtocol() != null && !"TCP".equals(p.getProtocol())) {
          continue;
        }
        int target = 0;
        if (name.isEmpty() || name.equals(p.getName())) {
          target = p.getPort() == null ? 0 : p.getPort();
        }
        if (target == 0 && targetNumber != null) {
          target = targetNumber;
        }
        if (target > 0) {
          targets.add(target);
        }
      }
      if (slice.getEndpoints() == null) {
        continue;
      }
      for (var ep : slice.getEndpoints()) {
        if (ep.getConditions() != null && Boolean.FALSE.equals(ep.getConditions().getReady())) {
          continue;
        }
        String pod =
            ep.getTargetRef() == null
                ? ""
                : ep.getTargetRef().getNamespace() + "/" + ep.getTargetRef().getName();
        for (int target : targets) {
          for (String address : ep.getAddresses() == null ? List.<String>of() : ep.getAddresses()) {
            Endpoint e = new Endpoint(address, target, pod);
            if (seen.add(e.hostPort())) {
              out.add(e);
            }
          }
        }
      }
    }
    return out;
  }
}

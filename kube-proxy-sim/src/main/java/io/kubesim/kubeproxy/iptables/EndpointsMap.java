package io.kubesim.kubeproxy.iptables;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.ForZone;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The endpoints of every service port, from the EndpointSlices, as kube-proxy's endpoint slice
 * cache computes them: slices are grouped by their {@code kubernetes.io/service-name} label, a
 * slice port is matched to a service port by name and protocol (a named targetPort arrives already
 * resolved to a number), duplicates of one {@code ip:port} keep the non-terminating one, and each
 * list is sorted by {@code ip:port} as text.
 */
final class EndpointsMap {
  static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  private EndpointsMap() {}

  /** {@code namespace/service:portName/PROTOCOL}. */
  static String key(String namespacedService, String portName, String protocol) {
    return namespacedService + ":" + portName + "/" + protocol;
  }

  static Map<String, List<EndpointInfo>> of(List<EndpointSlice> slices, String nodeName) {
    Map<String, Map<String, EndpointInfo>> byPort = new HashMap<>();
    for (EndpointSlice slice : slices) {
      String service = serviceOf(slice);
      if (service == null || !"IPv4".equals(slice.getAddressType()) || slice.getPorts() == null) {
        continue;
      }
      for (EndpointPort port : slice.getPorts()) {
        if (port.getName() == null || port.getPort() == null || port.getPort() == 0) {
          continue;
        }
        String protocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
        Map<String, EndpointInfo> set =
            byPort.computeIfAbsent(
                key(service, port.getName(), protocol), k -> new LinkedHashMap<>());
        addEndpoints(set, slice, port.getPort(), nodeName);
      }
    }
    Map<String, List<EndpointInfo>> sorted = new HashMap<>(byPort.size() * 2);
    byPort.forEach(
        (key, set) -> {
          List<EndpointInfo> list = new ArrayList<>(set.values());
          list.sort(Comparator.comparing(EndpointInfo::address));
          sorted.put(key, List.copyOf(list));
        });
    return sorted;
  }

  private static String serviceOf(EndpointSlice slice) {
    if (slice.getMetadata() == null || slice.getMetadata().getLabels() == null) {
      return null;
    }
    String name = slice.getMetadata().getLabels().get(SERVICE_NAME_LABEL);
    return name == null || name.isEmpty() ? null : slice.getMetadata().getNamespace() + "/" + name;
  }

  private static void addEndpoints(
      Map<String, EndpointInfo> set, EndpointSlice slice, int port, String nodeName) {
    if (slice.getEndpoints() == null) {
      return;
    }
    for (Endpoint endpoint : slice.getEndpoints()) {
      if (endpoint.getAddresses() == null
          || endpoint.getAddresses().isEmpty()
          || !Ipv4.isIpv4(endpoint.getAddresses().get(0))) {
        continue;
      }
      EndpointInfo info = info(endpoint, port, nodeName);
      if (!set.containsKey(info.address()) || !info.terminating()) {
        set.put(info.address(), info);
      }
    }
  }

  private static EndpointInfo info(Endpoint endpoint, int port, String nodeName) {
    String ip = endpoint.getAddresses().get(0);
    EndpointConditions conditions = endpoint.getConditions();
    Boolean ready = conditions == null ? null : conditions.getReady();
    Boolean serving = conditions == null ? null : conditions.getServing();
    Boolean terminating = conditions == null ? null : conditions.getTerminating();
    Set<String> zones =
        endpoint.getHints() == null || endpoint.getHints().getForZones() == null
            ? Set.of()
            : endpoint.getHints().getForZones().stream()
                .map(ForZone::getName)
                .collect(Collectors.toUnmodifiableSet());
    return new EndpointInfo(
        Ipv4.parse(ip),
        port,
        ip + ":" + port,
        !nodeName.isEmpty() && nodeName.equals(endpoint.getNodeName()),
        ready == null || ready,
        serving == null || serving,
        terminating != null && terminating,
        zones);
  }
}

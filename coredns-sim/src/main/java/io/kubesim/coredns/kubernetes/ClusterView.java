package io.kubesim.coredns.kubernetes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One consistent snapshot of what the kubernetes plugin answers from (its informer indexes): the
 * Services by {@code name.namespace}, their EndpointSlices, both by address for reverse lookups,
 * the names of the namespaces, the SOA serial and this server's own addresses. Immutable; rebuilt
 * whole when the cluster changes, so that a query never sees half of a change.
 *
 * @param namespaces the namespaces that exist: a name in any other is NXDOMAIN, even a pod's
 * @param serial the SOA serial: the Unix time of the last change of a Service or EndpointSlice, as
 *     CoreDNS counts it
 * @param localIps the addresses this DNS server is reached at (its own endpoint), which {@code
 *     ns.dns.<zone>} and the NS records name
 * @param synced false until the first list of every resource arrived: a name that does not exist is
 *     then a SERVFAIL, not an NXDOMAIN
 */
public record ClusterView(
    Map<String, ServiceInfo> services,
    Map<String, List<EndpointsInfo>> endpoints,
    Map<String, List<ServiceInfo>> servicesByIp,
    Map<String, List<EndpointsInfo>> endpointsByIp,
    Set<String> namespaces,
    long serial,
    List<String> localIps,
    boolean synced) {

  /** A view of these objects, indexed (services sorted by namespace and name, then slices). */
  public static ClusterView of(
      List<ServiceInfo> services,
      List<EndpointsInfo> slices,
      Set<String> namespaces,
      long serial,
      List<String> localIps,
      boolean synced) {
    List<ServiceInfo> sortedServices = new ArrayList<>(services);
    sortedServices.sort(
        Comparator.comparing(ServiceInfo::namespace).thenComparing(ServiceInfo::name));
    List<EndpointsInfo> sortedSlices = new ArrayList<>(slices);
    sortedSlices.sort(
        Comparator.comparing(EndpointsInfo::serviceKey).thenComparing(EndpointsInfo::sliceName));
    Map<String, ServiceInfo> byKey = new HashMap<>();
    Map<String, List<ServiceInfo>> byIp = new HashMap<>();
    for (ServiceInfo service : sortedServices) {
      byKey.put(service.key(), service);
      for (String ip : service.clusterIps()) {
        index(byIp, ip, service);
      }
      for (String ip : service.externalIps()) {
        index(byIp, ip, service);
      }
    }
    Map<String, List<EndpointsInfo>> byService = new HashMap<>();
    Map<String, List<EndpointsInfo>> epByIp = new HashMap<>();
    for (EndpointsInfo slice : sortedSlices) {
      byService.computeIfAbsent(slice.serviceKey(), k -> new ArrayList<>()).add(slice);
      slice.addresses().stream()
          .map(EndpointsInfo.Address::ip)
          .distinct()
          .forEach(ip -> index(epByIp, ip, slice));
    }
    return new ClusterView(
        Map.copyOf(byKey),
        freeze(byService),
        freeze(byIp),
        freeze(epByIp),
        Set.copyOf(namespaces),
        serial,
        List.copyOf(localIps),
        synced);
  }

  /** Nothing yet: before the first sync. */
  public static ClusterView empty(List<String> localIps) {
    return of(List.of(), List.of(), Set.of(), 0, localIps, false);
  }

  public ServiceInfo service(String key) {
    return services.get(key);
  }

  /** CoreDNS's namespaceExposed, without a {@code namespaces} option: the namespace exists. */
  boolean namespaceExists(String namespace) {
    return namespaces.contains(namespace);
  }

  public List<EndpointsInfo> endpointsOf(String serviceKey) {
    return endpoints.getOrDefault(serviceKey, List.of());
  }

  List<ServiceInfo> servicesAt(String ip) {
    String key = Ips.canonical(ip);
    return key == null ? List.of() : servicesByIp.getOrDefault(key, List.of());
  }

  List<EndpointsInfo> endpointsAt(String ip) {
    String key = Ips.canonical(ip);
    return key == null ? List.of() : endpointsByIp.getOrDefault(key, List.of());
  }

  private static <T> void index(Map<String, List<T>> index, String ip, T value) {
    String key = Ips.canonical(ip);
    if (key != null) {
      index.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
  }

  private static <T> Map<String, List<T>> freeze(Map<String, List<T>> map) {
    Map<String, List<T>> out = new HashMap<>();
    map.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return Map.copyOf(out);
  }
}

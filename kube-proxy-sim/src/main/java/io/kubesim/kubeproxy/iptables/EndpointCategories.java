package io.kubesim.kubeproxy.iptables;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Which endpoints a service port uses on this node, as kube-proxy's CategorizeEndpoints decides.
 *
 * <p>"Usable" means Ready; when no endpoint is Ready, the serving-and-terminating ones are used
 * instead (separately for Cluster and for Local policy), so that connections drain gracefully.
 * Cluster endpoints honour topology hints when every Ready endpoint carries a zone hint and at
 * least one is for this node's zone.
 *
 * @param cluster endpoints for Cluster traffic policy (empty when the port never uses it)
 * @param local endpoints on this node for Local traffic policy (empty when never used)
 * @param reachable every endpoint some chain of this port jumps to: one KUBE-SEP chain each
 * @param hasAny whether any endpoint anywhere in the cluster is usable
 */
record EndpointCategories(
    List<EndpointInfo> cluster,
    List<EndpointInfo> local,
    List<EndpointInfo> reachable,
    boolean hasAny) {

  static EndpointCategories of(List<EndpointInfo> endpoints, ServicePortInfo port, String zone) {
    List<EndpointInfo> cluster = List.of();
    boolean topology = false;
    boolean hasAny = false;
    if (port.usesClusterEndpoints()) {
      topology = useTopology(endpoints, zone);
      boolean byZone = topology;
      cluster = filter(endpoints, e -> e.ready() && (!byZone || e.zoneHints().contains(zone)));
      if (cluster.isEmpty()) {
        cluster = filter(endpoints, EndpointInfo::servingTerminating);
      }
      hasAny = !cluster.isEmpty();
    }
    if (!port.usesLocalEndpoints()) {
      return new EndpointCategories(cluster, List.of(), cluster, hasAny);
    }

    boolean localReady = false;
    boolean localServingTerminating = false;
    for (EndpointInfo e : endpoints) {
      if (e.ready()) {
        hasAny = true;
        localReady |= e.local();
      } else if (e.servingTerminating()) {
        hasAny = true;
        localServingTerminating |= e.local();
      }
    }
    boolean localUsesTerminating = !localReady && localServingTerminating;
    List<EndpointInfo> local = List.of();
    if (localReady) {
      local = filter(endpoints, e -> e.local() && e.ready());
    } else if (localUsesTerminating) {
      local = filter(endpoints, e -> e.local() && e.servingTerminating());
    }
    if (!port.usesClusterEndpoints()) {
      return new EndpointCategories(cluster, local, local, hasAny);
    }
    if (!topology && !localUsesTerminating) {
      // cluster holds every Ready endpoint and local only Ready ones: cluster covers local.
      return new EndpointCategories(cluster, local, cluster, hasAny);
    }
    return new EndpointCategories(cluster, local, union(cluster, local), hasAny);
  }

  /** Topology-aware routing: every Ready endpoint has a zone hint, one of them for this zone. */
  private static boolean useTopology(List<EndpointInfo> endpoints, String zone) {
    if (zone.isEmpty()) {
      return false;
    }
    boolean forZone = false;
    for (EndpointInfo e : endpoints) {
      if (!e.ready()) {
        continue;
      }
      if (e.zoneHints().isEmpty()) {
        return false;
      }
      forZone |= e.zoneHints().contains(zone);
    }
    return forZone;
  }

  private static List<EndpointInfo> filter(
      List<EndpointInfo> endpoints, Predicate<EndpointInfo> keep) {
    List<EndpointInfo> kept = new ArrayList<>(endpoints.size());
    for (EndpointInfo e : endpoints) {
      if (keep.test(e)) {
        kept.add(e);
      }
    }
    return kept;
  }

  private static List<EndpointInfo> union(List<EndpointInfo> a, List<EndpointInfo> b) {
    Map<String, EndpointInfo> byAddress = new LinkedHashMap<>();
    a.forEach(e -> byAddress.put(e.address(), e));
    b.forEach(e -> byAddress.put(e.address(), e));
    List<EndpointInfo> all = new ArrayList<>(byAddress.values());
    all.sort(Comparator.comparing(EndpointInfo::address));
    return all;
  }
}

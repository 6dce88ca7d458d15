package io.kubesim.controllermanager.endpoint;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.kubesim.controllermanager.Kube;
import io.kubesim.controllermanager.endpointslice.EndpointSlicePlanner;
import io.kubesim.controllermanager.endpointslice.PodEndpoints;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The Endpoints controller (pkg/controller/endpoint), the legacy API that {@code kubectl describe
 * service} still reads: one Endpoints object named as the Service, its subsets packed as
 * RepackSubsets packs them (addresses grouped by the ports they offer, ready ones in addresses, the
 * others in notReadyAddresses, sorted by IP). Terminating pods are left out, as are pods without an
 * IP or in a terminal phase. At most {@link #MAX_ADDRESSES} addresses; beyond that the object is
 * truncated and says so.
 */
public final class EndpointsPlanner {
  static final int MAX_ADDRESSES = 1000;
  static final String OVER_CAPACITY = "endpoints.kubernetes.io/over-capacity";

  private EndpointsPlanner() {}

  /**
   * The Endpoints the Service should have, or null when this controller leaves them alone (no
   * selector: the user writes them).
   */
  public static Endpoints desired(Service service, List<Pod> pods, String triggerTime) {
    Map<String, String> selector = PodEndpoints.selector(service);
    if (selector == null) {
      return null;
    }
    boolean publishNotReady = Boolean.TRUE.equals(service.getSpec().getPublishNotReadyAddresses());
    // ports (as a key) → addresses offering exactly them, each marked ready or not
    Map<List<EndpointPort>, List<Address>> byPorts = new LinkedHashMap<>();
    int total = 0;
    for (Pod pod :
        pods.stream().sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList()) {
      if (!PodEndpoints.selects(selector, pod) || !PodEndpoints.belongs(pod, false)) {
        continue;
      }
      if (total == MAX_ADDRESSES) {
        break;
      }
      total++;
      boolean ready = publishNotReady || Kube.isPodReady(pod);
      byPorts
          .computeIfAbsent(ports(service, pod), k -> new ArrayList<>())
          .add(new Address(address(service, pod), ready));
    }
    List<EndpointSubset> subsets = new ArrayList<>();
    for (Map.Entry<List<EndpointPort>, List<Address>> group : byPorts.entrySet()) {
      subsets.add(subset(group.getKey(), group.getValue()));
    }
    Map<String, String> labels = new TreeMap<>(Kube.labels(service));
    if (PodEndpoints.headless(service)) {
      labels.put(EndpointSlicePlanner.HEADLESS, "");
    }
    Map<String, String> annotations = new TreeMap<>();
    if (triggerTime != null) {
      annotations.put(EndpointSlicePlanner.TRIGGER_TIME, triggerTime);
    }
    if (total == MAX_ADDRESSES && countSelected(selector, pods) > MAX_ADDRESSES) {
      annotations.put(OVER_CAPACITY, "truncated");
    }
    return new EndpointsBuilder()
        .withNewMetadata()
        .withName(service.getMetadata().getName())
        .withNamespace(service.getMetadata().getNamespace())
        .withLabels(labels.isEmpty() ? null : labels)
        .withAnnotations(annotations.isEmpty() ? null : annotations)
        .endMetadata()
        .withSubsets(subsets)
        .build();
  }

  /** Whether writing {@code desired} over {@code current} changes anything but the trigger time. */
  public static boolean same(Endpoints current, Endpoints desired) {
    Map<String, String> had = new TreeMap<>(Kube.annotations(current));
    Map<String, String> want = new TreeMap<>(Kube.annotations(desired));
    had.remove(EndpointSlicePlanner.TRIGGER_TIME);
    want.remove(EndpointSlicePlanner.TRIGGER_TIME);
    return Objects.equals(subsetsOf(current), subsetsOf(desired))
        && Kube.labels(current).equals(Kube.labels(desired))
        && had.equals(want);
  }

  private static List<EndpointSubset> subsetsOf(Endpoints endpoints) {
    return endpoints.getSubsets() == null ? List.of() : endpoints.getSubsets();
  }

  private static long countSelected(Map<String, String> selector, List<Pod> pods) {
    return pods.stream()
        .filter(p -> PodEndpoints.selects(selector, p) && PodEndpoints.belongs(p, false))
        .count();
  }

  private record Address(EndpointAddress address, boolean ready) {}

  private static List<EndpointPort> ports(Service service, Pod pod) {
    List<EndpointPort> ports = new ArrayList<>();
    for (PodEndpoints.Resolved p : PodEndpoints.ports(service, pod)) {
      ports.add(
          new EndpointPortBuilder()
              .withName(p.name().isEmpty() ? null : p.name())
              .withPort(p.port())
              .withProtocol(p.protocol())
              .withAppProtocol(p.appProtocol())
              .build());
    }
    // SortSubsets orders ports by a hash of each; by name and number here (stable all the same)
    ports.sort(
        Comparator.comparing((EndpointPort p) -> p.getName() == null ? "" : p.getName())
            .thenComparing(EndpointPort::getPort));
    return ports;
  }

  private static EndpointAddress address(Service service, Pod pod) {
    String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
    return new EndpointAddressBuilder()
        .withIp(PodEndpoints.podIp(pod))
        .withHostname(PodEndpoints.hostname(pod, service))
        .withNodeName(node == null || node.isEmpty() ? null : node)
        .withTargetRef(
            new ObjectReferenceBuilder()
                .withKind("Pod")
                .withNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName())
                .withUid(pod.getMetadata().getUid())
                .build())
        .build();
  }

  /** One subset: its addresses sorted by IP then pod uid (addrsByIPAndUID). */
  private static EndpointSubset subset(List<EndpointPort> ports, List<Address> addresses) {
    Comparator<EndpointAddress> order =
        Comparator.comparing(EndpointAddress::getIp)
            .thenComparing(a -> a.getTargetRef() == null ? "" : a.getTargetRef().getUid());
    List<EndpointAddress> ready =
        addresses.stream().filter(Address::ready).map(Address::address).sorted(order).toList();
    List<EndpointAddress> notReady =
        addresses.stream().filter(a -> !a.ready()).map(Address::address).sorted(order).toList();
    return new EndpointSubsetBuilder()
        .withAddresses(ready.isEmpty() ? null : ready)
        .withNotReadyAddresses(notReady.isEmpty() ? null : notReady)
        .withPorts(ports.isEmpty() ? null : ports)
        .build();
  }
}

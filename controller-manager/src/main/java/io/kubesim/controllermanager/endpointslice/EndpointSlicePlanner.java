package io.kubesim.controllermanager.endpointslice;

import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.kubesim.controllermanager.Kube;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The EndpointSlice controller's reconciler (pkg/controller/endpointslice, staging
 * endpointslice/reconciler.go), as a pure function of a Service, the pods of its namespace, the
 * nodes' zones and the slices it already manages for the Service.
 *
 * <p>Every pod the selector picks that has an IP and is not terminal is an endpoint (terminating
 * pods too, with their conditions: ready = serving and not terminating, or
 * publishNotReadyAddresses; serving = the pod is Ready). Pods whose named target ports resolve to
 * different numbers go to different slices (one port mapping per slice), at most {@link
 * #MAX_ENDPOINTS} endpoints per slice. An endpoint stays in the slice it is in; new ones fill
 * slices with room before a new slice is made; a slice left empty is deleted, except that a Service
 * without endpoints keeps one placeholder slice (no ports, no endpoints), as on a real cluster.
 */
public final class EndpointSlicePlanner {
  /** --max-endpoints-per-slice's default. */
  public static final int MAX_ENDPOINTS = 100;

  public static final String MANAGED_BY = "endpointslice.kubernetes.io/managed-by";
  public static final String CONTROLLER = "endpointslice-controller.k8s.io";
  public static final String SERVICE_NAME = "kubernetes.io/service-name";
  public static final String HEADLESS = "service.kubernetes.io/headless";
  public static final String TRIGGER_TIME = "endpoints.kubernetes.io/last-change-trigger-time";

  private EndpointSlicePlanner() {}

  /**
   * @param creates new slices (generateName, no name)
   * @param updates existing slices with their new content, each with the resourceVersion read
   * @param deletes names of slices to delete
   */
  public record Plan(
      List<EndpointSlice> creates, List<EndpointSlice> updates, List<String> deletes) {
    public boolean empty() {
      return creates.isEmpty() && updates.isEmpty() && deletes.isEmpty();
    }
  }

  /**
   * @param pods the pods of the Service's namespace
   * @param zones each node's topology.kubernetes.io/zone label, for the nodes that have one
   * @param existing the slices this controller manages for the Service
   * @param triggerTime the last change's time for the trigger-time annotation, or null
   */
  public static Plan plan(
      Service service,
      List<Pod> pods,
      Map<String, String> zones,
      List<EndpointSlice> existing,
      String triggerTime) {
    Map<String, String> selector = PodEndpoints.selector(service);
    boolean external = "ExternalName".equals(service.getSpec().getType());
    if (selector == null || external) {
      // nothing to publish: every slice goes (for selector-less Services it is not ours to keep)
      return new Plan(
          List.of(), List.of(), existing.stream().map(s -> s.getMetadata().getName()).toList());
    }
    Map<List<EndpointPort>, List<Endpoint>> desired = new LinkedHashMap<>();
    pods.stream()
        .filter(p -> PodEndpoints.selects(selector, p) && PodEndpoints.belongs(p, true))
        .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
        .forEach(
            pod ->
                desired
                    .computeIfAbsent(ports(service, pod), k -> new ArrayList<>())
                    .add(endpoint(service, pod, zones)));
    return new Packing(service, existing, triggerTime).pack(desired);
  }

  /** The slice's ports for this pod: each Service port whose target resolves on it. */
  static List<EndpointPort> ports(Service service, Pod pod) {
    return PodEndpoints.ports(service, pod).stream()
        .map(
            p ->
                new EndpointPortBuilder()
                    .withName(p.name())
                    .withPort(p.port())
                    .withProtocol(p.protocol())
                    .withAppProtocol(p.appProtocol())
                    .build())
        .toList();
  }

  /** podToEndpoint. */
  static Endpoint endpoint(Service service, Pod pod, Map<String, String> zones) {
    boolean publishNotReady = Boolean.TRUE.equals(service.getSpec().getPublishNotReadyAddresses());
    boolean serving = publishNotReady || Kube.isPodReady(pod);
    boolean terminating = Kube.deleting(pod);
    // ready is never true for a terminating pod, unless not-ready addresses are published
    boolean ready = publishNotReady || (serving && !terminating);
    String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
    return new EndpointBuilder()
        .withAddresses(PodEndpoints.podIp(pod))
        .withNewConditions()
        .withReady(ready)
        .withServing(serving)
        .withTerminating(terminating)
        .endConditions()
        .withHostname(PodEndpoints.hostname(pod, service))
        .withTargetRef(
            new ObjectReferenceBuilder()
                .withKind("Pod")
                .withNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName())
                .withUid(pod.getMetadata().getUid())
                .build())
        .withNodeName(node == null || node.isEmpty() ? null : node)
        .withZone(node == null ? null : zones.get(node))
        .build();
  }

  /** The packing of desired endpoints into the existing slices, then new ones. */
  private static final class Packing {
    private final Service service;
    private final List<EndpointSlice> existing;
    private final String triggerTime;
    private final List<EndpointSlice> creates = new ArrayList<>();
    private final List<EndpointSlice> updates = new ArrayList<>();
    private final List<String> deletes = new ArrayList<>();

    Packing(Service service, List<EndpointSlice> existing, String triggerTime) {
      this.service = service;
      this.existing =
          existing.stream().sorted(Comparator.comparing(s -> s.getMetadata().getName())).toList();
      this.triggerTime = triggerTime;
    }

    Plan pack(Map<List<EndpointPort>, List<Endpoint>> desired) {
      Map<List<EndpointPort>, List<EndpointSlice>> byPorts = new HashMap<>();
      for (EndpointSlice slice : existing) {
        byPorts.computeIfAbsent(portsOf(slice), k -> new ArrayList<>()).add(slice);
      }
      for (Map.Entry<List<EndpointPort>, List<Endpoint>> group : desired.entrySet()) {
        fill(group.getKey(), group.getValue(), byPorts.getOrDefault(group.getKey(), List.of()));
        byPorts.remove(group.getKey());
      }
      List<EndpointSlice> unused = byPorts.values().stream().flatMap(List::stream).toList();
      if (desired.isEmpty()) {
        keepPlaceholder(unused);
      } else {
        unused.forEach(s -> deletes.add(s.getMetadata().getName()));
      }
      return new Plan(List.copyOf(creates), List.copyOf(updates), List.copyOf(deletes));
    }

    /** One port mapping: endpoints stay where they are, new ones fill up, then new slices. */
    private void fill(List<EndpointPort> ports, List<Endpoint> wanted, List<EndpointSlice> slices) {
      Map<String, Endpoint> remaining = new LinkedHashMap<>();
      wanted.forEach(e -> remaining.put(e.getTargetRef().getUid(), e));
      List<List<Endpoint>> contents = new ArrayList<>();
      for (EndpointSlice slice : slices) {
        List<Endpoint> kept = new ArrayList<>();
        for (Endpoint had :
            slice.getEndpoints() == null ? List.<Endpoint>of() : slice.getEndpoints()) {
          Endpoint now = remaining.remove(had.getTargetRef().getUid());
          if (now != null) {
            kept.add(now);
          }
        }
        contents.add(kept);
      }
      List<Endpoint> added = new ArrayList<>(remaining.values());
      for (List<Endpoint> content : contents) {
        while (content.size() < MAX_ENDPOINTS && !added.isEmpty()) {
          content.add(added.remove(0));
        }
      }
      for (int i = 0; i < slices.size(); i++) {
        if (contents.get(i).isEmpty()) {
          deletes.add(slices.get(i).getMetadata().getName());
        } else {
          update(slices.get(i), ports, contents.get(i));
        }
      }
      for (int from = 0; from < added.size(); from += MAX_ENDPOINTS) {
        creates.add(
            slice(ports, added.subList(from, Math.min(added.size(), from + MAX_ENDPOINTS))));
      }
    }

    /** No endpoints: one slice without ports or endpoints stays (made if none is left). */
    private void keepPlaceholder(List<EndpointSlice> unused) {
      EndpointSlice keep = null;
      for (EndpointSlice slice : unused) {
        if (keep == null) {
          keep = slice;
          update(slice, null, null);
        } else {
          deletes.add(slice.getMetadata().getName());
        }
      }
      if (keep == null) {
        creates.add(slice(null, null));
      }
    }

    private void update(EndpointSlice had, List<EndpointPort> ports, List<Endpoint> endpoints) {
      EndpointSlice next = slice(ports, endpoints);
      next.getMetadata().setName(had.getMetadata().getName());
      next.getMetadata().setGenerateName(had.getMetadata().getGenerateName());
      next.getMetadata().setResourceVersion(had.getMetadata().getResourceVersion());
      next.getMetadata().setUid(had.getMetadata().getUid());
      if (same(had, next)) {
        return;
      }
      updates.add(next);
    }

    /** Whether a write would change what readers see (the trigger time alone does not count). */
    private static boolean same(EndpointSlice had, EndpointSlice next) {
      return Objects.equals(Kube.labels(had), Kube.labels(next))
          && Objects.equals(emptyToNull(had.getEndpoints()), emptyToNull(next.getEndpoints()))
          && Objects.equals(emptyToNull(had.getPorts()), emptyToNull(next.getPorts()))
          && Objects.equals(
              had.getMetadata().getOwnerReferences(), next.getMetadata().getOwnerReferences());
    }

    private static <T> List<T> emptyToNull(List<T> list) {
      return list == null || list.isEmpty() ? null : list;
    }

    private EndpointSlice slice(List<EndpointPort> ports, List<Endpoint> endpoints) {
      Map<String, String> labels = new TreeMap<>(Kube.labels(service));
      labels.put(SERVICE_NAME, service.getMetadata().getName());
      labels.put(MANAGED_BY, CONTROLLER);
      if (PodEndpoints.headless(service)) {
        labels.put(HEADLESS, "");
      }
      EndpointSlice slice =
          new EndpointSliceBuilder()
              .withNewMetadata()
              .withGenerateName(service.getMetadata().getName() + "-")
              .withNamespace(service.getMetadata().getNamespace())
              .withLabels(labels)
              .withOwnerReferences(Kube.controllerRef(service))
              .endMetadata()
              .withAddressType("IPv4")
              .build();
      slice.setEndpoints(endpoints == null ? null : new ArrayList<>(endpoints));
      slice.setPorts(ports == null ? null : new ArrayList<>(ports));
      if (triggerTime != null) {
        slice.getMetadata().setAnnotations(Map.of(TRIGGER_TIME, triggerTime));
      }
      return slice;
    }

    private static List<EndpointPort> portsOf(EndpointSlice slice) {
      return slice.getPorts() == null ? List.of() : slice.getPorts();
    }
  }
}

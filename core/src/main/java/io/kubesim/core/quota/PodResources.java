package io.kubesim.core.quota;

import io.kubesim.core.quantity.Quantity;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * A pod's effective requests and limits (pkg/api/v1/resource PodRequests / PodLimits): the sum over
 * its containers and restartable (sidecar) init containers, at least the largest of the other init
 * containers with the sidecars started before them, plus the pod overhead when {@code overhead}.
 *
 * <p>Worked example: containers asking 100m and 200m cpu, an init container 500m before a sidecar
 * of 50m: the containers and the sidecar sum to 350m, the init container alone needs 500m, so the
 * pod requests max(350m, 500m) = 500m.
 */
public final class PodResources {
  private PodResources() {}

  public static Map<String, Quantity> requests(JsonNode pod, boolean overhead) {
    return effective(pod, "requests", overhead);
  }

  public static Map<String, Quantity> limits(JsonNode pod, boolean overhead) {
    return effective(pod, "limits", overhead);
  }

  private static Map<String, Quantity> effective(JsonNode pod, String kind, boolean overhead) {
    JsonNode spec = pod.path("spec");
    Map<String, Quantity> total = new TreeMap<>();
    for (JsonNode container : spec.path("containers")) {
      total = ResourceList.add(total, of(container, kind));
    }
    Map<String, Quantity> sidecars = new TreeMap<>();
    Map<String, Quantity> init = new TreeMap<>();
    for (JsonNode container : spec.path("initContainers")) {
      Map<String, Quantity> own = of(container, kind);
      Map<String, Quantity> needed;
      if (container.path("restartPolicy").asString("").equals("Always")) {
        total = ResourceList.add(total, own);
        sidecars = ResourceList.add(sidecars, own);
        needed = sidecars;
      } else {
        needed = ResourceList.add(own, sidecars);
      }
      init = max(init, needed);
    }
    total = max(total, init);
    if (overhead && spec.path("overhead").isObject()) {
      Map<String, Quantity> extra = ResourceList.of(spec.path("overhead"));
      if (kind.equals("requests")) {
        total = ResourceList.add(total, extra);
      } else {
        // limits: only where the pod already has a limit
        total = ResourceList.add(total, ResourceList.mask(extra, total.keySet()));
      }
    }
    return total;
  }

  /** A container's requests or limits. */
  public static Map<String, Quantity> of(JsonNode container, String kind) {
    return ResourceList.of(container.path("resources").path(kind));
  }

  private static Map<String, Quantity> max(Map<String, Quantity> a, Map<String, Quantity> b) {
    Map<String, Quantity> out = new TreeMap<>(a);
    b.forEach((name, q) -> out.merge(name, q, (x, y) -> y.compareTo(x) > 0 ? y : x));
    return out;
  }

  /**
   * BestEffort QoS: no container, init containers included, requests or limits any cpu or memory
   * above zero.
   */
  public static boolean bestEffort(JsonNode pod) {
    JsonNode spec = pod.path("spec");
    for (String list : new String[] {"containers", "initContainers"}) {
      for (JsonNode container : spec.path(list)) {
        for (String kind : new String[] {"requests", "limits"}) {
          Map<String, Quantity> resources = of(container, kind);
          for (String name : new String[] {"cpu", "memory"}) {
            Quantity q = resources.get(name);
            if (q != null && q.signum() > 0) {
              return false;
            }
          }
        }
      }
    }
    return true;
  }
}

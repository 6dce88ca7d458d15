package io.kubesim.scheduler.framework;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubesim.core.quantity.Quantity;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a pod asks of a node, by Kubernetes' rule (component-helpers resource.PodRequests):
 *
 * <pre>
 *   requests = max( sum(containers) + sum(sidecars),  max over init containers of that step )
 *              + overhead
 * </pre>
 *
 * Init containers run one after another before the app containers, so only the largest counts. A
 * restartable init container ({@code restartPolicy: Always}, a "sidecar") keeps running: it is
 * added to the containers' sum and to every later init container's step.
 *
 * <p>Worked example: containers 200m + 300m, init containers 400m then 1 (1000m) → max(500m, 1000m)
 * = 1000m. With a 100m sidecar declared first: containers 500m + 100m = 600m; the later regular
 * init container's step is 1000m + 100m = 1100m; requests = 1100m.
 *
 * <p>Pod-level resources ({@code spec.resources}) and in-place resize are not modelled. Requests
 * are read as stored: defaulting requests from limits is the apiserver's job.
 */
public final class PodRequests {

  /**
   * The scoring defaults for a container that sets no request (schedutil.DefaultMilliCPURequest).
   */
  public static final long DEFAULT_MILLI_CPU_REQUEST = 100;

  /** schedutil.DefaultMemoryRequest: 200Mi. */
  public static final long DEFAULT_MEMORY_REQUEST = 200L * 1024 * 1024;

  private PodRequests() {}

  /** The requests the Filter compares with allocatable (missing means zero). */
  public static Resource of(Pod pod) {
    return compute(pod, false);
  }

  /**
   * The requests that scoring uses: a container without a cpu (memory) request counts as 100m
   * (200Mi), so that a node full of request-less pods does not look empty. An explicit {@code 0}
   * stays zero, as in Go, which checks presence only.
   */
  public static Resource nonZero(Pod pod) {
    return compute(pod, true);
  }

  private static Resource compute(Pod pod, boolean nonMissing) {
    var spec = pod.getSpec();
    Resource sum = Resource.ZERO;
    for (Container c : list(spec.getContainers())) {
      sum = sum.plus(container(c, nonMissing));
    }
    Resource sidecars = Resource.ZERO;
    Resource initMax = Resource.ZERO;
    for (Container c : list(spec.getInitContainers())) {
      Resource own = container(c, nonMissing);
      Resource step;
      if ("Always".equals(c.getRestartPolicy())) {
        sum = sum.plus(own);
        sidecars = sidecars.plus(own);
        step = sidecars;
      } else {
        step = own.plus(sidecars);
      }
      initMax = initMax.max(step);
    }
    Resource requests = sum.max(initMax);
    if (spec.getOverhead() != null) {
      requests = requests.plus(toResource(spec.getOverhead(), false));
    }
    return requests;
  }

  private static Resource container(Container c, boolean nonMissing) {
    var requests = c.getResources() == null ? null : c.getResources().getRequests();
    return toResource(requests == null ? Map.of() : requests, nonMissing);
  }

  /** Converts a ResourceList: cpu in milli, the rest in base units rounded up. */
  public static Resource toResource(
      Map<String, io.fabric8.kubernetes.api.model.Quantity> list, boolean nonMissing) {
    long cpu = nonMissing && !list.containsKey(Resource.CPU) ? DEFAULT_MILLI_CPU_REQUEST : 0;
    long memory = nonMissing && !list.containsKey(Resource.MEMORY) ? DEFAULT_MEMORY_REQUEST : 0;
    Map<String, Long> scalars = new TreeMap<>();
    for (var e : list.entrySet()) {
      Quantity q = quantity(e.getValue());
      switch (e.getKey()) {
        case Resource.CPU -> cpu = q.milliValue();
        case Resource.MEMORY -> memory = q.longValue();
        case Resource.PODS -> {}
        default -> scalars.put(e.getKey(), q.longValue());
      }
    }
    return new Resource(cpu, memory, scalars);
  }

  /** fabric8 keeps a quantity as amount and suffix ("100" + "m"); core parses the whole text. */
  public static Quantity quantity(io.fabric8.kubernetes.api.model.Quantity q) {
    String format = q.getFormat() == null ? "" : q.getFormat();
    return Quantity.parse(q.getAmount() + format);
  }

  private static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }
}

package io.kubesim.controllermanager.endpointslice;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.kubesim.controllermanager.Kube;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The TriggerTimeTracker of both endpoints controllers (pkg/controller/util/endpoint): the
 * endpoints.kubernetes.io/last-change-trigger-time of a sync is the earliest of the changes it is
 * the first to reflect (a pod's Ready transition, the Service's creation), so that kube-proxy's
 * network programming latency counts from the first change a write carries. One per controller; a
 * key is synced by one worker at a time.
 */
public final class TriggerTimes {
  private record State(Map<String, Instant> pods, Instant service) {}

  private final Map<String, State> states = new HashMap<>();

  /** The trigger time of this sync of the Service, or null when nothing new triggered it. */
  public synchronized String compute(String key, Service service, List<Pod> pods) {
    State last = states.getOrDefault(key, new State(Map.of(), null));
    Instant earliest = null;
    Map<String, Instant> now = new HashMap<>();
    for (Pod pod : pods) {
      Instant t =
          Kube.readyCondition(pod).map(c -> Kube.time(c.getLastTransitionTime())).orElse(null);
      if (t == null) {
        continue;
      }
      String name = pod.getMetadata().getName();
      now.put(name, t);
      Instant before = last.pods().get(name);
      if (before == null || t.isAfter(before)) {
        earliest = min(earliest, t);
      }
    }
    Instant created = Kube.time(service.getMetadata().getCreationTimestamp());
    if (created != null && (last.service() == null || created.isAfter(last.service()))) {
      earliest = min(earliest, created);
    }
    states.put(key, new State(now, created));
    // time.RFC3339Nano: metav1.Time has whole seconds, so no fraction shows
    return earliest == null ? null : earliest.toString();
  }

  public synchronized void forget(String key) {
    states.remove(key);
  }

  private static Instant min(Instant a, Instant b) {
    return a == null || b.isBefore(a) ? b : a;
  }
}

package io.kubesim.controllermanager.job;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * uidTrackingExpectations: per Job, the UIDs of pods whose tracking finalizer this controller
 * removed and whose update the pod informer has not shown yet. A sync treats those pods as counted,
 * so a lagging cache never makes it count a pod twice.
 */
final class FinalizerExpectations {
  private final Map<String, Set<String>> expected = new HashMap<>();

  synchronized Set<String> expected(String jobKey) {
    Set<String> uids = expected.get(jobKey);
    return uids == null ? Set.of() : Set.copyOf(uids);
  }

  synchronized void expectRemovals(String jobKey, Set<String> uids) {
    expected.computeIfAbsent(jobKey, k -> new HashSet<>()).addAll(uids);
  }

  /** The informer showed the pod without the finalizer (or gone), or the removal failed. */
  synchronized void removalObserved(String jobKey, String uid) {
    Set<String> uids = expected.get(jobKey);
    if (uids != null) {
      uids.remove(uid);
      if (uids.isEmpty()) {
        expected.remove(jobKey);
      }
    }
  }

  synchronized void forget(String jobKey) {
    expected.remove(jobKey);
  }

  synchronized void clear() {
    expected.clear();
  }
}

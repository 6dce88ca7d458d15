package io.kubesim.scheduler.verdicts;

import io.kubesim.scheduler.Scheduling;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scheduler's recent verdicts, bounded: at most {@code capacity} pods, none older than {@code
 * ttl}, the oldest dropped first; a deleted pod's verdict goes with it. Issue 16 schedules 100,000
 * pods: the console only needs the pending ones and the recently scheduled, and each verdict keeps
 * at most {@code maxNodes} nodes. Confined to the scheduler's context: no locks.
 */
public final class Verdicts {
  private final int capacity;
  private final Duration ttl;
  private final int maxNodes;
  private final Clock clock;
  // insertion order = time order: a new verdict for a pod is removed and put again
  private final LinkedHashMap<String, Verdict> byPod = new LinkedHashMap<>();

  public Verdicts(int capacity, Duration ttl, int maxNodes, Clock clock) {
    this.capacity = capacity;
    this.ttl = ttl;
    this.maxNodes = maxNodes;
    this.clock = clock;
  }

  /** Records one cycle's outcome for the pod {@code key} (namespace/name) with {@code uid}. */
  public void record(String key, String uid, Scheduling.Result result) {
    Instant now = clock.instant();
    Verdict previous = byPod.remove(key);
    int attempts = previous != null && previous.uid().equals(uid) ? previous.attempts() + 1 : 1;
    byPod.put(key, Verdict.of(key, uid, now, attempts, result, maxNodes));
    prune(now);
  }

  /** The pod's last verdict, or null (never scheduled here, or dropped). */
  public Verdict get(String key) {
    prune(clock.instant());
    return byPod.get(key);
  }

  public void forget(String key) {
    byPod.remove(key);
  }

  public int size() {
    return byPod.size();
  }

  private void prune(Instant now) {
    Instant oldest = now.minus(ttl);
    Iterator<Map.Entry<String, Verdict>> it = byPod.entrySet().iterator();
    while (it.hasNext()) {
      Verdict head = it.next().getValue();
      if (byPod.size() <= capacity && !head.time().isBefore(oldest)) {
        return;
      }
      it.remove();
    }
  }
}

package io.kubesim.scheduler.queue;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.LongSupplier;

/**
 * kube-scheduler's PriorityQueue, without I/O and with an injected clock (monotonic milliseconds).
 * A pending pod is in exactly one of:
 *
 * <ul>
 *   <li><b>activeQ</b>: ready to be tried; popped by priority (spec.priority, higher first), then
 *       by the time it entered the queue (FIFO);
 *   <li><b>backoffQ</b>: failed recently; waits {@code 1 s * 2^(attempts-1)}, at most 10 s, counted
 *       from its last failure, then {@link #flushBackoffCompleted} moves it to activeQ;
 *   <li><b>unschedulable</b>: fitted no node; waits for a cluster change ({@link
 *       #moveAllToActiveOrBackoffQueue}: node added or updated, assigned pod deleted), or 5 minutes
 *       ({@link #flushUnschedulablePodsLeftover}), or a change of its own spec;
 *   <li><b>gated</b>: has {@code spec.schedulingGates}; leaves when the gates are removed;
 *   <li><b>in flight</b>: popped and being scheduled or bound; it comes back through {@link
 *       #requeueUnschedulable} or {@link #requeueAfterError}, or leaves with {@link #done}.
 * </ul>
 *
 * <p>The move request cycle: a cluster change while a pod is in flight may be exactly what it
 * needed, so a pod that turns out unschedulable after such a change goes to backoffQ rather than
 * waiting in unschedulable for the next change (kube-scheduler's moveRequestCycle). Not
 * thread-safe: the scheduler uses it from one Vert.x context.
 */
public final class SchedulingQueue {
  public static final Duration INITIAL_BACKOFF = Duration.ofSeconds(1);
  public static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
  public static final Duration MAX_UNSCHEDULABLE = Duration.ofMinutes(5);

  /** One pending pod and its scheduling history. */
  public static final class QueuedPod {
    private final String key;
    private Pod pod;
    private long timestamp;
    private final long initialAttemptTimestamp;
    private int attempts;
    private long cycle;
    private final long seq;

    QueuedPod(String key, Pod pod, long now, long seq) {
      this.key = key;
      this.pod = pod;
      this.timestamp = now;
      this.initialAttemptTimestamp = now;
      this.seq = seq;
    }

    public String key() {
      return key;
    }

    public Pod pod() {
      return pod;
    }

    /** How many times it was popped. */
    public int attempts() {
      return attempts;
    }

    /** When it first entered the queue (the scheduling attempt duration counts from the pop). */
    public long initialAttemptTimestamp() {
      return initialAttemptTimestamp;
    }
  }

  private final LongSupplier now;
  private final PriorityQueue<QueuedPod> activeQ =
      new PriorityQueue<>(
          Comparator.comparingInt((QueuedPod p) -> -priority(p.pod))
              .thenComparingLong(p -> p.timestamp)
              .thenComparingLong(p -> p.seq));
  private final PriorityQueue<QueuedPod> backoffQ =
      new PriorityQueue<>(
          Comparator.comparingLong(this::backoffExpiry).thenComparingLong(p -> p.seq));
  private final Map<String, QueuedPod> active = new HashMap<>();
  private final Map<String, QueuedPod> backoff = new HashMap<>();
  private final Map<String, QueuedPod> unschedulable = new HashMap<>();
  private final Map<String, QueuedPod> gated = new HashMap<>();
  private final Map<String, QueuedPod> inFlight = new HashMap<>();
  private long schedulingCycle;
  private long moveRequestCycle = -1;
  private long seq;

  public SchedulingQueue(LongSupplier nowMillis) {
    this.now = nowMillis;
  }

  /** A pod to schedule appeared (or changed): queue it, or update the queued copy. */
  public void addOrUpdate(String key, Pod pod) {
    QueuedPod flying = inFlight.get(key);
    if (flying != null) {
      flying.pod = pod;
      return;
    }
    QueuedPod queued = active.get(key);
    if (queued != null) {
      if (priority(queued.pod) != priority(pod)) {
        activeQ.remove(queued);
        queued.pod = pod;
        activeQ.add(queued);
      } else {
        queued.pod = pod;
      }
      return;
    }
    queued = backoff.get(key);
    if (queued != null) {
      backoffQ.remove(queued);
      queued.pod = pod;
      backoffQ.add(queued);
      return;
    }
    queued = unschedulable.get(key);
    if (queued != null) {
      Pod old = queued.pod;
      queued.pod = pod;
      if (specChanged(old, pod)) {
        unschedulable.remove(key);
        toActiveOrBackoff(queued);
      }
      return;
    }
    queued = gated.get(key);
    if (queued != null) {
      queued.pod = pod;
      if (!isGated(pod)) {
        gated.remove(key);
        toActive(queued);
      }
      return;
    }
    QueuedPod fresh = new QueuedPod(key, pod, now.getAsLong(), seq++);
    if (isGated(pod)) {
      gated.put(key, fresh);
    } else {
      toActive(fresh);
    }
  }

  /** The pod is gone, bound by someone, or no longer ours: forget it wherever it is. */
  public void delete(String key) {
    QueuedPod queued = active.remove(key);
    if (queued != null) {
      activeQ.remove(queued);
    }
    queued = backoff.remove(key);
    if (queued != null) {
      backoffQ.remove(queued);
    }
    unschedulable.remove(key);
    gated.remove(key);
    inFlight.remove(key);
  }

  /** The next pod to try, now in flight; empty when activeQ is empty. */
  public Optional<QueuedPod> pop() {
    QueuedPod next = activeQ.poll();
    if (next == null) {
      return Optional.empty();
    }
    active.remove(next.key);
    next.attempts++;
    next.cycle = ++schedulingCycle;
    inFlight.put(next.key, next);
    return Optional.of(next);
  }

  /** The in-flight pod was bound (or dropped): it leaves the queue. */
  public void done(String key) {
    inFlight.remove(key);
  }

  /**
   * The in-flight pod fits no node. It waits for a cluster change, unless one happened while it was
   * in flight (then it only backs off). Dropped when it was deleted meanwhile.
   */
  public void requeueUnschedulable(QueuedPod pod) {
    if (inFlight.get(pod.key) != pod) {
      return;
    }
    inFlight.remove(pod.key);
    pod.timestamp = now.getAsLong();
    if (moveRequestCycle >= pod.cycle) {
      toBackoff(pod);
    } else {
      unschedulable.put(pod.key, pod);
    }
  }

  /** Scheduling or binding failed for another reason (API error): back off, then retry. */
  public void requeueAfterError(QueuedPod pod) {
    if (inFlight.get(pod.key) != pod) {
      return;
    }
    inFlight.remove(pod.key);
    pod.timestamp = now.getAsLong();
    toBackoff(pod);
  }

  /**
   * The cluster changed in a way that may let unschedulable pods fit: every one of them goes to
   * activeQ, or to backoffQ while its backoff lasts.
   */
  public void moveAllToActiveOrBackoffQueue() {
    moveRequestCycle = schedulingCycle;
    List<QueuedPod> moving = new ArrayList<>(unschedulable.values());
    unschedulable.clear();
    moving.forEach(this::toActiveOrBackoff);
  }

  /** Moves the pods whose backoff has expired to activeQ; call about every second. */
  public void flushBackoffCompleted() {
    long t = now.getAsLong();
    while (!backoffQ.isEmpty() && backoffExpiry(backoffQ.peek()) <= t) {
      QueuedPod pod = backoffQ.poll();
      backoff.remove(pod.key);
      toActive(pod);
    }
  }

  /** Moves pods unschedulable for longer than 5 minutes back; call about every 30 s. */
  public void flushUnschedulablePodsLeftover() {
    long t = now.getAsLong();
    List<QueuedPod> stale =
        unschedulable.values().stream()
            .filter(p -> t - p.timestamp > MAX_UNSCHEDULABLE.toMillis())
            .toList();
    for (QueuedPod pod : stale) {
      unschedulable.remove(pod.key);
      toActiveOrBackoff(pod);
    }
  }

  public int activeCount() {
    return active.size();
  }

  public int backoffCount() {
    return backoff.size();
  }

  public int unschedulableCount() {
    return unschedulable.size();
  }

  public int gatedCount() {
    return gated.size();
  }

  public int inFlightCount() {
    return inFlight.size();
  }

  /** Where a key is: active, backoff, unschedulable, gated, inFlight, or absent (for tests). */
  public String whereIs(String key) {
    if (active.containsKey(key)) {
      return "active";
    } else if (backoff.containsKey(key)) {
      return "backoff";
    } else if (unschedulable.containsKey(key)) {
      return "unschedulable";
    } else if (gated.containsKey(key)) {
      return "gated";
    } else if (inFlight.containsKey(key)) {
      return "inFlight";
    }
    return "absent";
  }

  /** {@code 1 s * 2^(attempts-1)}, at most 10 s: 1, 2, 4, 8, 10, 10 ... seconds. */
  public static Duration backoffDuration(int attempts) {
    long millis = INITIAL_BACKOFF.toMillis();
    for (int i = 1; i < attempts; i++) {
      millis *= 2;
      if (millis >= MAX_BACKOFF.toMillis()) {
        return MAX_BACKOFF;
      }
    }
    return Duration.ofMillis(millis);
  }

  private long backoffExpiry(QueuedPod pod) {
    return pod.timestamp + backoffDuration(pod.attempts).toMillis();
  }

  private void toActiveOrBackoff(QueuedPod pod) {
    if (pod.attempts > 0 && backoffExpiry(pod) > now.getAsLong()) {
      toBackoff(pod);
    } else {
      toActive(pod);
    }
  }

  private void toActive(QueuedPod pod) {
    if (isGated(pod.pod)) {
      gated.put(pod.key, pod);
      return;
    }
    active.put(pod.key, pod);
    activeQ.add(pod);
  }

  private void toBackoff(QueuedPod pod) {
    backoff.put(pod.key, pod);
    backoffQ.add(pod);
  }

  static int priority(Pod pod) {
    Integer p = pod.getSpec() == null ? null : pod.getSpec().getPriority();
    return p == null ? 0 : p;
  }

  static boolean isGated(Pod pod) {
    return pod.getSpec() != null
        && pod.getSpec().getSchedulingGates() != null
        && !pod.getSpec().getSchedulingGates().isEmpty();
  }

  /**
   * Whether an update may change the pod's fit: its spec, labels or annotations changed (status
   * writes, such as the scheduler's own PodScheduled condition, do not requeue it).
   */
  static boolean specChanged(Pod old, Pod pod) {
    return !Objects.equals(old.getSpec(), pod.getSpec())
        || !Objects.equals(old.getMetadata().getLabels(), pod.getMetadata().getLabels())
        || !Objects.equals(old.getMetadata().getAnnotations(), pod.getMetadata().getAnnotations());
  }
}

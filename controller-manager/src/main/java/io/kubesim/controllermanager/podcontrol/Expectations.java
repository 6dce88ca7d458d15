package io.kubesim.controllermanager.podcontrol;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * client-go's ControllerExpectations (with UIDTrackingControllerExpectations' deletion keys): what
 * a controller's last sync of an owner asked for and its pod informer has not shown yet. While an
 * owner has expectations pending, its sync only writes status and neither creates nor deletes, so a
 * lagging informer never makes it create the same pods twice.
 *
 * <p>Worked example: a sync creates 3 pods, {@code expectCreations(rs, 3)}; the informer delivers
 * one add ({@code creationObserved}): 2 pending, a sync now changes nothing; two more adds: 0
 * pending, satisfied, the next sync counts pods again. A create that fails is never seen by the
 * informer, so the shell lowers the count itself. Expectations older than {@link #TTL} (5 min, as
 * client-go's ExpectationsTimeout) count as satisfied: a lost event delays, never blocks, a sync.
 */
public final class Expectations {
  public static final Duration TTL = Duration.ofMinutes(5);

  private static final class Pending {
    int adds;
    final Set<String> deletes = new HashSet<>();
    Instant since;
  }

  private final Clock clock;
  private final Map<String, Pending> pending = new HashMap<>();

  public Expectations(Clock clock) {
    this.clock = clock;
  }

  /** True when nothing is pending for the key (or what is pending has expired). */
  public synchronized boolean satisfied(String key) {
    Pending p = pending.get(key);
    if (p == null || (p.adds <= 0 && p.deletes.isEmpty())) {
      return true;
    }
    return !clock.instant().isBefore(p.since.plus(TTL));
  }

  /** The sync is about to create {@code count} pods. */
  public synchronized void expectCreations(String key, int count) {
    Pending p = fresh(key);
    p.adds = count;
  }

  /**
   * The sync is about to create {@code count} pods and delete these (SetExpectations with both
   * counts): a controller that does both in one sync, as the DaemonSet controller does, must set
   * them together, since each of the single setters starts afresh.
   */
  public synchronized void expect(String key, int count, Set<String> podKeys) {
    Pending p = fresh(key);
    p.adds = count;
    p.deletes.addAll(podKeys);
  }

  /** The sync is about to delete these pods (their namespace/name keys). */
  public synchronized void expectDeletions(String key, Set<String> podKeys) {
    Pending p = fresh(key);
    p.deletes.addAll(podKeys);
  }

  /** The informer showed one new pod of the ReplicaSet, or a create failed. */
  public synchronized void creationObserved(String key) {
    Pending p = pending.get(key);
    if (p != null && p.adds > 0) {
      p.adds--;
    }
  }

  /** The informer showed the pod being deleted or gone, or its delete failed. */
  public synchronized void deletionObserved(String key, String podKey) {
    Pending p = pending.get(key);
    if (p != null) {
      p.deletes.remove(podKey);
    }
  }

  /** Forgets everything: a new leadership term starts from what the caches show. */
  public synchronized void clear() {
    pending.clear();
  }

  /** The ReplicaSet is gone. */
  public synchronized void forget(String key) {
    pending.remove(key);
  }

  private Pending fresh(String key) {
    // A sync sets expectations only once the earlier ones are met or expired: start afresh.
    Pending p = new Pending();
    p.since = clock.instant();
    pending.put(key, p);
    return p;
  }
}

package io.kubesim.controllermanager.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The node lifecycle controller's health decisions, without I/O (kube-controller-manager's
 * tryUpdateNodeHealth and its taint passes).
 *
 * <p>Time is the controller's own: a node is healthy while its kubelet's heartbeat changes, that is
 * while either its Lease's renewTime in kube-node-lease or its Ready condition's lastHeartbeatTime
 * was <em>seen to change</em> within the grace period, measured on this controller's monotonic
 * clock since it last saw a change. The timestamps themselves are only compared for equality, so
 * clock skew between the kubelet and the controller does not matter.
 *
 * <p>Worked example with grace 50 s and a 5 s monitor period: the kubelet dies right after renewing
 * at t=0; passes at t=5 ... 50 see the same renewTime; the pass at t=55 finds 55 s > 50 s and marks
 * the node Unknown, taints it unreachable, and the pods that tolerate that for 300 s are deleted at
 * about t=355.
 */
public final class NodeHealth {
  public static final String READY = "Ready";
  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  /** The conditions the controller sets to Unknown (NetworkUnavailable is not its to change). */
  public static final List<String> KUBELET_CONDITIONS =
      List.of(READY, "MemoryPressure", "DiskPressure", "PIDPressure");

  public static final String UNREACHABLE = "node.kubernetes.io/unreachable";
  public static final String NOT_READY = "node.kubernetes.io/not-ready";
  public static final String NO_EXECUTE = "NoExecute";
  public static final String NO_SCHEDULE = "NoSchedule";

  public static final String STOPPED_REASON = "NodeStatusUnknown";
  public static final String STOPPED_MESSAGE = "Kubelet stopped posting node status.";
  public static final String NEVER_REASON = "NodeStatusNeverUpdated";
  public static final String NEVER_MESSAGE = "Kubelet never posted node status.";

  private NodeHealth() {}

  /**
   * What the controller remembers about a node between passes.
   *
   * @param leaseRenewTime the Lease's spec.renewTime as last seen (null: no Lease)
   * @param readyHeartbeat the Ready condition's lastHeartbeatTime as last seen (null: none)
   * @param probeMillis the controller's monotonic time when either last changed
   */
  public record Probe(String leaseRenewTime, String readyHeartbeat, long probeMillis) {}

  /** Updates the probe: a changed heartbeat or renewTime restarts the grace period from now. */
  public static Probe observe(Probe previous, Node node, String leaseRenewTime, long nowMillis) {
    NodeCondition ready = condition(node, READY);
    String heartbeat = ready == null ? null : ready.getLastHeartbeatTime();
    if (previous == null
        || !Objects.equals(previous.readyHeartbeat(), heartbeat)
        || !Objects.equals(previous.leaseRenewTime(), leaseRenewTime)) {
      return new Probe(leaseRenewTime, heartbeat, nowMillis);
    }
    return previous;
  }

  /**
   * One condition to write: {@code heartbeat} null keeps the current lastHeartbeatTime.
   *
   * @param transition lastTransitionTime (RFC 3339, seconds)
   */
  public record ConditionUpdate(
      String type,
      String status,
      String reason,
      String message,
      String heartbeat,
      String transition) {}

  /**
   * What one pass does to one node.
   *
   * @param conditions conditions to set (empty: no status write)
   * @param taintsToAdd taints to add (NoExecute ones carry timeAdded)
   * @param taintsToRemove taints to remove (matched by key and effect)
   * @param becameUnreachable Ready went from True to Unknown in this pass: record NodeNotReady and
   *     mark the node's pods not ready
   * @param stale no heartbeat within the grace period
   */
  public record Plan(
      List<ConditionUpdate> conditions,
      List<Taint> taintsToAdd,
      List<Taint> taintsToRemove,
      boolean becameUnreachable,
      boolean stale) {
    public boolean isEmpty() {
      return conditions.isEmpty() && taintsToAdd.isEmpty() && taintsToRemove.isEmpty();
    }
  }

  /**
   * The pass for one node.
   *
   * <ul>
   *   <li>Stale (no heartbeat change for the grace period; the startup grace when the node never
   *       posted Ready): Ready, MemoryPressure, DiskPressure, PIDPressure become Unknown (reason
   *       NodeStatusUnknown, "Kubelet stopped posting node status."; missing ones
   *       NodeStatusNeverUpdated), and the node gets {@code node.kubernetes.io/unreachable} as
   *       NoExecute (with timeAdded, for the taint-based eviction) and NoSchedule.
   *   <li>Fresh, and the kubelet reports Ready False: {@code node.kubernetes.io/not-ready}
   *       NoExecute and NoSchedule instead.
   *   <li>Fresh otherwise (the Lease renews again, Ready True, or still the Unknown we wrote until
   *       the kubelet posts its status): neither taint.
   * </ul>
   */
  public static Plan plan(
      Node node, Probe probe, long nowMillis, Duration grace, Duration startupGrace, Instant now) {
    NodeCondition ready = condition(node, READY);
    Duration allowed = ready == null ? startupGrace : grace;
    boolean stale = nowMillis - probe.probeMillis() > allowed.toMillis();
    String nowText = Instant.ofEpochSecond(now.getEpochSecond()).toString();
    List<ConditionUpdate> updates = new ArrayList<>();
    if (stale) {
      for (String type : KUBELET_CONDITIONS) {
        NodeCondition c = condition(node, type);
        if (c == null) {
          String created = node.getMetadata().getCreationTimestamp();
          updates.add(
              new ConditionUpdate(type, UNKNOWN, NEVER_REASON, NEVER_MESSAGE, created, nowText));
        } else if (!UNKNOWN.equals(c.getStatus())) {
          updates.add(
              new ConditionUpdate(type, UNKNOWN, STOPPED_REASON, STOPPED_MESSAGE, null, nowText));
        }
      }
    }
    String readyStatus = ready == null ? UNKNOWN : ready.getStatus();
    boolean becameUnreachable = stale && TRUE.equals(readyStatus);

    List<Taint> wanted = new ArrayList<>();
    List<Taint> unwanted = new ArrayList<>();
    if (stale) {
      wanted.add(taint(UNREACHABLE, NO_EXECUTE, nowText));
      wanted.add(taint(UNREACHABLE, NO_SCHEDULE, null));
      unwanted.add(taint(NOT_READY, NO_EXECUTE, null));
      unwanted.add(taint(NOT_READY, NO_SCHEDULE, null));
    } else if (FALSE.equals(readyStatus)) {
      wanted.add(taint(NOT_READY, NO_EXECUTE, nowText));
      wanted.add(taint(NOT_READY, NO_SCHEDULE, null));
      unwanted.add(taint(UNREACHABLE, NO_EXECUTE, null));
      unwanted.add(taint(UNREACHABLE, NO_SCHEDULE, null));
    } else {
      unwanted.add(taint(UNREACHABLE, NO_EXECUTE, null));
      unwanted.add(taint(UNREACHABLE, NO_SCHEDULE, null));
      unwanted.add(taint(NOT_READY, NO_EXECUTE, null));
      unwanted.add(taint(NOT_READY, NO_SCHEDULE, null));
    }
    List<Taint> current = taints(node);
    List<Taint> add = wanted.stream().filter(t -> !has(current, t)).toList();
    List<Taint> remove = unwanted.stream().filter(t -> has(current, t)).toList();
    return new Plan(updates, add, remove, becameUnreachable, stale);
  }

  /** A zone's state, as the real controller computes it from its nodes' readiness. */
  public enum ZoneState {
    NORMAL,
    PARTIAL_DISRUPTION,
    FULL_DISRUPTION
  }

  /** --unhealthy-zone-threshold: the share of not-ready nodes that makes a zone disrupted. */
  public static final double UNHEALTHY_ZONE_THRESHOLD = 0.55;

  /** --large-cluster-size-threshold: a zone this small stops evicting when disrupted. */
  public static final int LARGE_CLUSTER_SIZE_THRESHOLD = 50;

  /**
   * Full disruption when no node is ready (the controller then assumes that it, or the apiserver,
   * lost touch with the nodes, not that every node died); partial when more than two nodes and at
   * least 55 % of them are not ready.
   */
  public static ZoneState zoneState(int ready, int notReady) {
    if (notReady > 0 && ready == 0) {
      return ZoneState.FULL_DISRUPTION;
    }
    if (notReady > 2 && (double) notReady / (notReady + ready) >= UNHEALTHY_ZONE_THRESHOLD) {
      return ZoneState.PARTIAL_DISRUPTION;
    }
    return ZoneState.NORMAL;
  }

  /**
   * A node's plan under its zone's state. Only the NoExecute taints (which evict) depend on it:
   * under full disruption none is added and those present are removed ("master disruption mode");
   * under partial disruption of a small zone none is added (the real eviction rate is 0 there).
   * Conditions and NoSchedule taints are written in every state.
   */
  public static Plan underZoneState(Plan plan, Node node, ZoneState state, int zoneSize) {
    boolean noNewEvictions =
        state == ZoneState.FULL_DISRUPTION
            || (state == ZoneState.PARTIAL_DISRUPTION && zoneSize <= LARGE_CLUSTER_SIZE_THRESHOLD);
    if (!noNewEvictions) {
      return plan;
    }
    List<Taint> add =
        plan.taintsToAdd().stream().filter(t -> !NO_EXECUTE.equals(t.getEffect())).toList();
    List<Taint> remove = new ArrayList<>(plan.taintsToRemove());
    if (state == ZoneState.FULL_DISRUPTION) {
      List<Taint> current = taints(node);
      for (String key : List.of(UNREACHABLE, NOT_READY)) {
        Taint t = taint(key, NO_EXECUTE, null);
        if (has(current, t) && !has(remove, t)) {
          remove.add(t);
        }
      }
    }
    return new Plan(plan.conditions(), add, remove, plan.becameUnreachable(), plan.stale());
  }

  public static NodeCondition condition(Node node, String type) {
    if (node.getStatus() == null || node.getStatus().getConditions() == null) {
      return null;
    }
    return node.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElse(null);
  }

  public static List<Taint> taints(Node node) {
    return node.getSpec() == null || node.getSpec().getTaints() == null
        ? List.of()
        : node.getSpec().getTaints();
  }

  static boolean has(List<Taint> taints, Taint t) {
    return taints.stream()
        .anyMatch(x -> t.getKey().equals(x.getKey()) && t.getEffect().equals(x.getEffect()));
  }

  static Taint taint(String key, String effect, String timeAdded) {
    Taint t = new Taint();
    t.setKey(key);
    t.setEffect(effect);
    t.setTimeAdded(timeAdded);
    return t;
  }
}

package io.kubesim.controllermanager.daemonset;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.kubesim.controllermanager.Event;
import io.kubesim.controllermanager.Kube;
import io.kubesim.controllermanager.OwnerClaims;
import io.kubesim.core.selector.LabelSelector;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The DaemonSet controller's decisions (pkg/controller/daemon syncDaemonSet) as a pure function of
 * the DaemonSet, the nodes, the pods and ControllerRevisions of its namespace, what the controller
 * still waits for, and the time:
 *
 * <ol>
 *   <li>claim pods and revisions (adopt matching orphans, release what no longer matches);
 *   <li>construct the history: the current revision (created or renumbered) and its hash;
 *   <li>unless earlier creates and deletes are still unseen, manage: per node, create the missing
 *       pod, delete pods that failed, finished, are doubled or should not be there;
 *   <li>when manage has nothing to do and the strategy is RollingUpdate, one {@link RollingUpdate}
 *       step (OnDelete waits for someone to delete the old pods);
 *   <li>delete revisions beyond the history limit, and compute the status.
 * </ol>
 *
 * The shell ({@link DaemonSetController}) writes the plan in that order.
 */
public final class DaemonSetPlanner {
  /** BurstReplicas: at most this many creates, and as many deletes, per sync. */
  public static final int BURST_REPLICAS = 250;

  private DaemonSetPlanner() {}

  /**
   * What the controller knows beyond the objects.
   *
   * @param expectationsSatisfied every create and delete of the last sync has been seen
   * @param backoff the failed-pod back-off
   */
  public record Pending(boolean expectationsSatisfied, FailedPodBackoff.View backoff) {
    public static final Pending NONE = new Pending(true, FailedPodBackoff.View.NONE);
  }

  /**
   * @param pods the claims over the namespace's pods
   * @param revisions the claims over the namespace's ControllerRevisions
   * @param history the history to write; null when nothing is to be done (DaemonSet deleting)
   * @param manage whether pods are created and deleted (expectations were satisfied)
   * @param creates pods to create, one per node, each pinned to its node
   * @param deletes pods to delete
   * @param historyDeletes old revisions to delete
   * @param events events to record about the DaemonSet, besides each create's and delete's
   * @param backoffKeys failed-pod back-off keys whose delay a delete starts or doubles
   * @param status the new status, or null when it has not changed
   * @param requeueAfter sync again after this long, or null
   */
  public record Plan(
      OwnerClaims.Claims<Pod> pods,
      OwnerClaims.Claims<ControllerRevision> revisions,
      History.Construction history,
      boolean manage,
      List<Pod> creates,
      List<Pod> deletes,
      List<String> historyDeletes,
      List<Event> events,
      List<String> backoffKeys,
      DaemonSetStatus status,
      Duration requeueAfter) {

    static Plan nothing(List<Event> events) {
      OwnerClaims.Claims<Pod> noPods = new OwnerClaims.Claims<>(List.of(), List.of(), List.of());
      OwnerClaims.Claims<ControllerRevision> noRevisions =
          new OwnerClaims.Claims<>(List.of(), List.of(), List.of());
      return new Plan(
          noPods,
          noRevisions,
          null,
          false,
          List.of(),
          List.of(),
          List.of(),
          events,
          List.of(),
          null,
          null);
    }
  }

  public static Plan plan(
      DaemonSet ds,
      List<Node> nodes,
      List<Pod> pods,
      List<ControllerRevision> revisions,
      Instant now) {
    return plan(ds, nodes, pods, revisions, Pending.NONE, now);
  }

  /**
   * @param pods the pods of the DaemonSet's namespace (any owner, any phase)
   * @param revisions the ControllerRevisions of its namespace
   */
  public static Plan plan(
      DaemonSet ds,
      List<Node> nodes,
      List<Pod> pods,
      List<ControllerRevision> revisions,
      Pending pending,
      Instant now) {
    LabelSelector selector = Kube.selector(ds.getSpec().getSelector());
    if (selector == null || selector.empty()) {
      return Plan.nothing(
          List.of(
              Event.warning(
                  "SelectingAll",
                  "This daemon set is selecting all pods. A non-empty selector is required.")));
    }
    if (Kube.deleting(ds)) {
      // its history may be half gone: neither act nor report (as the real controller)
      return Plan.nothing(List.of());
    }
    OwnerClaims.Claims<Pod> podClaims = OwnerClaims.claim(ds, selector, pods);
    OwnerClaims.Claims<ControllerRevision> revisionClaims =
        OwnerClaims.claim(ds, selector, revisions);
    History.Construction history = History.construct(ds, revisionClaims.owned(), podClaims.owned());
    String hash = history.hash();
    List<Node> sorted =
        nodes.stream().sorted(Comparator.comparing(n -> n.getMetadata().getName())).toList();
    NodeEligibility eligibility = NodeEligibility.of(ds);
    Map<String, NodeEligibility.Verdict> verdicts = new HashMap<>();
    sorted.forEach(n -> verdicts.put(n.getMetadata().getName(), eligibility.verdict(n)));
    Map<String, List<Pod>> nodePods = nodePods(podClaims.owned(), false);

    if (!pending.expectationsSatisfied()) {
      DaemonSetStatus status =
          DaemonSetStatuses.compute(ds, sorted, verdicts, nodePods, hash, false, now);
      return new Plan(
          podClaims,
          revisionClaims,
          history,
          false,
          List.of(),
          List.of(),
          List.of(),
          List.of(),
          List.of(),
          DaemonSetStatuses.changed(ds, status) ? status : null,
          requeue(ds, status, null));
    }

    Manage manage = Manage.of(ds, sorted, verdicts, nodePods, hash, pending.backoff(), now);
    List<String> createOn = manage.createOn;
    List<Pod> deletes = manage.deletes;
    if (createOn.isEmpty() && deletes.isEmpty() && rollingUpdate(ds)) {
      RollingUpdate.Step step = rollingUpdateStep(ds, sorted, verdicts, nodePods, hash, now);
      createOn = step.createOn();
      deletes = step.deletes();
    }
    PodTemplateSpec template = DaemonPods.podTemplate(ds, hash);
    List<Pod> creates =
        createOn.stream()
            .limit(BURST_REPLICAS)
            .map(node -> DaemonPods.newPod(ds, template, node))
            .toList();
    List<String> historyDeletes =
        History.cleanup(
            ds,
            history.old(),
            nodePods(podClaims.owned(), true).values().stream().flatMap(List::stream).toList());
    DaemonSetStatus status =
        DaemonSetStatuses.compute(ds, sorted, verdicts, nodePods, hash, true, now);
    return new Plan(
        podClaims,
        revisionClaims,
        history,
        true,
        creates,
        deletes.stream().limit(BURST_REPLICAS).toList(),
        historyDeletes,
        List.copyOf(manage.events),
        List.copyOf(manage.backoffKeys),
        DaemonSetStatuses.changed(ds, status) ? status : null,
        requeue(ds, status, manage.requeueAfter));
  }

  private static boolean rollingUpdate(DaemonSet ds) {
    var strategy = ds.getSpec().getUpdateStrategy();
    return strategy != null && "RollingUpdate".equals(strategy.getType());
  }

  private static RollingUpdate.Step rollingUpdateStep(
      DaemonSet ds,
      List<Node> nodes,
      Map<String, NodeEligibility.Verdict> verdicts,
      Map<String, List<Pod>> nodePods,
      String hash,
      Instant now) {
    // updatedDesiredNodeCounts: every node that should run a pod takes part, even without one
    Map<String, List<Pod>> all = new TreeMap<>(nodePods);
    int desired = 0;
    for (Node node : nodes) {
      String name = node.getMetadata().getName();
      if (verdicts.get(name).shouldRun()) {
        desired++;
        all.putIfAbsent(name, List.of());
      }
    }
    // A node that is gone should not run a pod (the real controller fails the sync on it instead).
    return RollingUpdate.step(
        ds,
        all,
        name -> verdicts.containsKey(name) && verdicts.get(name).shouldRun(),
        desired,
        hash,
        now);
  }

  /**
   * getNodesToDaemonPods: the owned pods by the node they are for (bound or pinned), in node name
   * order; pods that ended and are being deleted are left out unless {@code withDeletedTerminal}
   * (the history keeps their revisions).
   */
  static Map<String, List<Pod>> nodePods(List<Pod> owned, boolean withDeletedTerminal) {
    Map<String, List<Pod>> byNode = new TreeMap<>();
    for (Pod pod : owned) {
      if (!withDeletedTerminal && DaemonPods.terminal(pod) && Kube.deleting(pod)) {
        continue;
      }
      String node = DaemonPods.targetNode(pod);
      if (node != null) {
        byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(pod);
      }
    }
    return byNode;
  }

  /**
   * Resync after minReadySeconds while some ready pod is not yet available (the last line of
   * defence against clock skew), or after a failed pod's back-off; the sooner of the two.
   */
  private static Duration requeue(DaemonSet ds, DaemonSetStatus status, Duration backoff) {
    int minReady = Kube.orZero(ds.getSpec().getMinReadySeconds());
    Duration result = backoff;
    if (minReady > 0
        && Kube.orZero(status.getNumberReady()) != Kube.orZero(status.getNumberAvailable())) {
      Duration wait = Duration.ofSeconds(minReady);
      result = result == null || wait.compareTo(result) < 0 ? wait : result;
    }
    return result;
  }
}

package io.kubesim.controllermanager.daemonset;

import static io.kubesim.controllermanager.TestPods.NOW;
import static io.kubesim.controllermanager.daemonset.Fixtures.CONTROL_PLANE_TAINT;
import static io.kubesim.controllermanager.daemonset.Fixtures.daemonPod;
import static io.kubesim.controllermanager.daemonset.Fixtures.ds;
import static io.kubesim.controllermanager.daemonset.Fixtures.image;
import static io.kubesim.controllermanager.daemonset.Fixtures.names;
import static io.kubesim.controllermanager.daemonset.Fixtures.node;
import static io.kubesim.controllermanager.daemonset.Fixtures.nodes;
import static io.kubesim.controllermanager.daemonset.Fixtures.notReady;
import static io.kubesim.controllermanager.daemonset.Fixtures.onDelete;
import static io.kubesim.controllermanager.daemonset.Fixtures.pinned;
import static io.kubesim.controllermanager.daemonset.Fixtures.pods;
import static io.kubesim.controllermanager.daemonset.Fixtures.strategy;
import static io.kubesim.controllermanager.daemonset.Fixtures.targets;
import static io.kubesim.controllermanager.daemonset.Fixtures.tolerate;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder;
import io.kubesim.controllermanager.Event;
import io.kubesim.controllermanager.Kube;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DaemonSetPlannerTest {

  /** agent after `kubectl set image`: template generation 2, image agent:2. */
  static DaemonSet updated() {
    return image(ds(), "agent:2", 2);
  }

  static FailedPodBackoff.View inBackoffFor(Duration delay) {
    return new FailedPodBackoff.View() {
      @Override
      public boolean inBackoff(String key, Instant now) {
        return true;
      }

      @Override
      public Duration delay(String key) {
        return delay;
      }

      @Override
      public Duration nextDelay(String key, Instant now) {
        return delay.multipliedBy(2);
      }
    };
  }

  /**
   * @param createOn the nodes new pods are pinned to
   * @param deletes the pods deleted
   * @param events the events besides creates and deletes, as "Type Reason: message"
   */
  record Case(
      String name,
      DaemonSet ds,
      List<Node> nodes,
      List<Pod> pods,
      DaemonSetPlanner.Pending pending,
      List<String> createOn,
      List<String> deletes,
      List<String> events) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case plain(
      String name,
      DaemonSet ds,
      List<Node> nodes,
      List<Pod> pods,
      List<String> createOn,
      List<String> deletes) {
    return new Case(
        name, ds, nodes, pods, DaemonSetPlanner.Pending.NONE, createOn, deletes, List.of());
  }

  static Stream<Case> cases() {
    DaemonSet ds = ds();
    return Stream.of(
        plain(
            "A new DaemonSet puts one pod on every node but the tainted control plane",
            ds,
            List.of(Fixtures.controlPlane(), node("w1").build(), node("w2").build()),
            List.of(),
            List.of("w1", "w2"),
            List.of()),
        plain(
            "Tolerating the control-plane taint puts a pod there too",
            tolerate(ds(), CONTROL_PLANE_TAINT, "NoSchedule"),
            List.of(Fixtures.controlPlane(), node("w1").build()),
            List.of(),
            List.of("control-plane", "w1"),
            List.of()),
        plain(
            "A node added later gets its pod; the others keep theirs",
            ds,
            nodes("w1", "w2", "w3"),
            pods(daemonPod("p1", ds, "w1"), daemonPod("p2", ds, "w2")),
            List.of("w3"),
            List.of()),
        plain(
            "A cordoned node keeps its pod and a new cordoned node gets one",
            ds,
            List.of(node("w1").cordoned().build(), node("w2").cordoned().build()),
            pods(daemonPod("p1", ds, "w1")),
            List.of("w2"),
            List.of()),
        plain(
            "A node relabelled out of the node selector loses its pod",
            Fixtures.nodeSelector(ds(), "logging", "yes"),
            List.of(node("w1").label("logging", "yes").build(), node("w2").build()),
            pods(
                daemonPod("p1", Fixtures.nodeSelector(ds(), "logging", "yes"), "w1"),
                daemonPod("p2", Fixtures.nodeSelector(ds(), "logging", "yes"), "w2")),
            List.of(),
            List.of("p2")),
        plain(
            "A NoSchedule taint added later leaves the pod where it is",
            ds,
            List.of(node("w1").taint("dedicated", "NoSchedule").build()),
            pods(daemonPod("p1", ds, "w1")),
            List.of(),
            List.of()),
        plain(
            "A NoExecute taint the pod does not tolerate deletes it",
            ds,
            List.of(node("w1").taint("dedicated", "NoExecute").build()),
            pods(daemonPod("p1", ds, "w1")),
            List.of(),
            List.of("p1")),
        plain(
            "A node with two pods keeps the oldest",
            ds,
            nodes("w1"),
            pods(daemonPod("young", ds, "w1").ageSeconds(60), daemonPod("old", ds, "w1")),
            List.of(),
            List.of("young")),
        plain(
            "A node whose only pod is terminating waits for it to be gone",
            ds,
            nodes("w1"),
            pods(daemonPod("p1", ds, "w1").deleting()),
            List.of(),
            List.of()),
        plain(
            "A pod pinned to a node that is gone and never bound is deleted",
            ds,
            nodes("w1"),
            List.of(daemonPod("p1", ds, "w1").build(), pinned(daemonPod("ghost", ds, "x"), "gone")),
            List.of(),
            List.of("ghost")),
        plain(
            "An orphan pod with the DaemonSet's labels is adopted rather than doubled",
            ds,
            nodes("w1"),
            pods(daemonPod("p1", ds, "w1").ownedBy(null)),
            List.of(),
            List.of()),
        new Case(
            "A failed pod is deleted with a FailedDaemonPod event, a succeeded one with"
                + " SucceededDaemonPod",
            ds,
            nodes("w1", "w2"),
            pods(
                daemonPod("failed", ds, "w1").phase("Failed"),
                daemonPod("done", ds, "w2").phase("Succeeded")),
            DaemonSetPlanner.Pending.NONE,
            List.of(),
            List.of("failed", "done"),
            List.of(
                "Warning FailedDaemonPod: Found failed daemon pod default/failed on node w1, will"
                    + " try to kill it",
                "Normal SucceededDaemonPod: Found succeeded daemon pod default/done on node w2,"
                    + " will try to delete it")),
        new Case(
            "A failed pod on a node in back-off is left for later",
            ds,
            nodes("w1"),
            pods(daemonPod("failed", ds, "w1").phase("Failed")),
            new DaemonSetPlanner.Pending(true, inBackoffFor(Duration.ofSeconds(4))),
            List.of(),
            List.of(),
            List.of()),
        new Case(
            "While earlier creates are unseen nothing is created or deleted",
            ds,
            nodes("w1", "w2"),
            pods(daemonPod("p1", ds, "w1").phase("Failed")),
            new DaemonSetPlanner.Pending(false, FailedPodBackoff.View.NONE),
            List.of(),
            List.of(),
            List.of()),
        plain(
            "A rolling update first deletes one old pod (maxUnavailable 1)",
            updated(),
            nodes("w1", "w2", "w3"),
            pods(daemonPod("p1", ds, "w1"), daemonPod("p2", ds, "w2"), daemonPod("p3", ds, "w3")),
            List.of(),
            List.of("p1")),
        plain(
            "A rolling update then creates the new pod where the old one went",
            updated(),
            nodes("w1", "w2", "w3"),
            pods(daemonPod("p2", ds, "w2"), daemonPod("p3", ds, "w3")),
            List.of("w1"),
            List.of()),
        plain(
            "A rolling update waits while the new pod is not available",
            updated(),
            nodes("w1", "w2", "w3"),
            List.of(
                notReady(daemonPod("n1", updated(), "w1")),
                daemonPod("p2", ds, "w2").build(),
                daemonPod("p3", ds, "w3").build()),
            List.of(),
            List.of()),
        plain(
            "A rolling update moves on once the new pod is available",
            updated(),
            nodes("w1", "w2", "w3"),
            pods(
                daemonPod("n1", updated(), "w1"),
                daemonPod("p2", ds, "w2"),
                daemonPod("p3", ds, "w3")),
            List.of(),
            List.of("p2")),
        plain(
            "With maxSurge the new pod starts beside the old one",
            strategy(updated(), 0, 1),
            nodes("w1", "w2"),
            pods(daemonPod("p1", ds, "w1"), daemonPod("p2", ds, "w2")),
            List.of("w1"),
            List.of()),
        plain(
            "With maxSurge the old pod goes once the new one beside it is available",
            strategy(updated(), 0, 1),
            nodes("w1", "w2"),
            pods(
                daemonPod("p1", ds, "w1"),
                daemonPod("n1", updated(), "w1").ageSeconds(60),
                daemonPod("p2", ds, "w2")),
            List.of(),
            List.of("p1")),
        plain(
            "OnDelete leaves the old pods alone",
            onDelete(updated()),
            nodes("w1", "w2"),
            pods(daemonPod("p1", ds, "w1"), daemonPod("p2", ds, "w2")),
            List.of(),
            List.of()),
        plain(
            "OnDelete replaces a deleted old pod with a new one",
            onDelete(updated()),
            nodes("w1", "w2"),
            pods(daemonPod("p2", ds, "w2")),
            List.of("w1"),
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plansTheSync(Case c) {
    DaemonSetPlanner.Plan plan =
        DaemonSetPlanner.plan(c.ds(), c.nodes(), c.pods(), List.of(), c.pending(), NOW);
    assertThat(targets(plan.creates())).as("creates").containsExactlyElementsOf(c.createOn());
    assertThat(names(plan.deletes())).as("deletes").containsExactlyElementsOf(c.deletes());
    assertThat(plan.events().stream().map(DaemonSetPlannerTest::text))
        .as("events")
        .containsExactlyElementsOf(c.events());
    String hash = plan.history().hash();
    plan.creates()
        .forEach(
            p ->
                assertThat(p.getMetadata().getLabels())
                    .containsEntry(DaemonPods.REVISION_HASH, hash));
  }

  static String text(Event e) {
    return e.type() + " " + e.reason() + ": " + e.message();
  }

  @Test
  void aFailedPodInBackoffIsLookedAtAgainWhenTheBackoffEnds() {
    DaemonSetPlanner.Plan plan =
        DaemonSetPlanner.plan(
            ds(),
            nodes("w1"),
            pods(daemonPod("failed", ds(), "w1").phase("Failed")),
            List.of(),
            new DaemonSetPlanner.Pending(true, inBackoffFor(Duration.ofSeconds(4))),
            NOW);
    assertThat(plan.requeueAfter()).isEqualTo(Duration.ofSeconds(4));
    assertThat(plan.backoffKeys()).isEmpty();
  }

  @Test
  void deletingAFailedPodStartsItsNodesBackoff() {
    DaemonSetPlanner.Plan plan =
        DaemonSetPlanner.plan(
            ds(),
            nodes("w1"),
            pods(daemonPod("failed", ds(), "w1").phase("Failed")),
            List.of(),
            NOW);
    assertThat(plan.backoffKeys()).containsExactly("ds-uid/0/w1");
  }

  @Test
  void anOrphanIsAdoptedAndAPodThatStoppedMatchingIsReleased() {
    DaemonSet ds = ds();
    DaemonSetPlanner.Plan plan =
        DaemonSetPlanner.plan(
            ds,
            nodes("w1", "w2"),
            pods(
                daemonPod("orphan", ds, "w1").ownedBy(null),
                daemonPod("relabelled", ds, "w2").label("app", "debug")),
            List.of(),
            NOW);
    assertThat(names(plan.pods().adopt())).containsExactly("orphan");
    assertThat(names(plan.pods().release())).containsExactly("relabelled");
    assertThat(targets(plan.creates())).containsExactly("w2");
  }

  @Test
  void createsAtMost250PodsPerSync() {
    List<Node> many = IntStream.range(0, 300).mapToObj(i -> node("n" + i).build()).toList();
    DaemonSetPlanner.Plan plan = DaemonSetPlanner.plan(ds(), many, List.of(), List.of(), NOW);
    assertThat(plan.creates()).hasSize(DaemonSetPlanner.BURST_REPLICAS);
  }

  @Test
  void aDaemonSetBeingDeletedIsLeftAlone() {
    DaemonSet ds = ds();
    ds.getMetadata().setDeletionTimestamp("2024-05-01T11:59:00Z");
    DaemonSetPlanner.Plan plan = DaemonSetPlanner.plan(ds, nodes("w1"), List.of(), List.of(), NOW);
    assertThat(plan.history()).isNull();
    assertThat(plan.creates()).isEmpty();
    assertThat(plan.status()).isNull();
  }

  // --- status ----------------------------------------------------------------------------------

  record StatusCase(
      String name, DaemonSet ds, List<Node> nodes, List<Pod> pods, DaemonSetStatus expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static DaemonSetStatusBuilder status(int desired, int current, int misscheduled, int ready) {
    return new DaemonSetStatusBuilder()
        .withDesiredNumberScheduled(desired)
        .withCurrentNumberScheduled(current)
        .withNumberMisscheduled(misscheduled)
        .withNumberReady(ready);
  }

  static Stream<StatusCase> statuses() {
    DaemonSet ds = ds();
    DaemonSet minReady = ds();
    minReady.getSpec().setMinReadySeconds(120);
    return Stream.of(
        new StatusCase(
            "A new DaemonSet wants two pods and has none",
            ds,
            nodes("w1", "w2"),
            List.of(),
            status(2, 0, 0, 0).withObservedGeneration(1L).withNumberUnavailable(2).build()),
        new StatusCase(
            "Half a rolling update with a pod left on a node tainted NoSchedule",
            updated(),
            List.of(
                node("w1").build(),
                node("w2").build(),
                node("w3").taint("dedicated", "NoSchedule").build()),
            pods(
                daemonPod("n1", updated(), "w1"),
                daemonPod("p2", ds, "w2"),
                daemonPod("p3", ds, "w3")),
            status(2, 2, 1, 2)
                .withObservedGeneration(2L)
                .withUpdatedNumberScheduled(1)
                .withNumberAvailable(2)
                .build()),
        new StatusCase(
            "A pod ready for less than minReadySeconds is ready but not available",
            minReady,
            nodes("w1", "w2"),
            pods(daemonPod("p1", minReady, "w1"), daemonPod("p2", minReady, "w2").readyFor(60)),
            status(2, 2, 0, 2)
                .withObservedGeneration(1L)
                .withUpdatedNumberScheduled(2)
                .withNumberAvailable(1)
                .withNumberUnavailable(1)
                .build()),
        new StatusCase(
            "A node's bound pod counts before an older one not yet bound",
            ds,
            nodes("w1"),
            List.of(
                pinned(daemonPod("pending", ds, "w1").ageSeconds(7200), "w1"),
                notReady(daemonPod("bound", ds, "w1"))),
            status(1, 1, 0, 0)
                .withObservedGeneration(1L)
                .withUpdatedNumberScheduled(1)
                .withNumberUnavailable(1)
                .build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("statuses")
  void computesTheStatus(StatusCase c) {
    DaemonSetPlanner.Plan plan = DaemonSetPlanner.plan(c.ds(), c.nodes(), c.pods(), List.of(), NOW);
    assertThat(Kube.tree(plan.status())).isEqualTo(Kube.tree(c.expected()));
  }

  @Test
  void anUnchangedStatusIsNotWrittenAndAPendingSyncDoesNotObserveTheGeneration() {
    DaemonSet ds = ds();
    ds.setStatus(
        status(1, 1, 0, 1)
            .withObservedGeneration(1L)
            .withUpdatedNumberScheduled(1)
            .withNumberAvailable(1)
            .build());
    List<Pod> pods = pods(daemonPod("p1", ds, "w1"));
    assertThat(DaemonSetPlanner.plan(ds, nodes("w1"), pods, List.of(), NOW).status()).isNull();

    DaemonSet changed = image(ds, "agent:2", 2);
    DaemonSetPlanner.Plan pending =
        DaemonSetPlanner.plan(
            changed,
            nodes("w1"),
            pods,
            List.of(),
            new DaemonSetPlanner.Pending(false, FailedPodBackoff.View.NONE),
            NOW);
    assertThat(pending.status().getObservedGeneration()).isEqualTo(1L);
    assertThat(pending.status().getUpdatedNumberScheduled()).isNull();
  }

  @Test
  void readyPodsNotYetAvailableBringTheDaemonSetBackAfterMinReadySeconds() {
    DaemonSet ds = ds();
    ds.getSpec().setMinReadySeconds(30);
    DaemonSetPlanner.Plan plan =
        DaemonSetPlanner.plan(
            ds, nodes("w1"), pods(daemonPod("p1", ds, "w1").readyFor(5)), List.of(), NOW);
    assertThat(plan.requeueAfter()).isEqualTo(Duration.ofSeconds(30));
  }

  // --- history ---------------------------------------------------------------------------------

  @Test
  void theFirstSyncCreatesRevisionOneAndLabelsPodsWithItsHash() {
    DaemonSetPlanner.Plan plan =
        DaemonSetPlanner.plan(ds(), nodes("w1"), List.of(), List.of(), NOW);
    ControllerRevision created = plan.history().create();
    assertThat(created.getRevision()).isEqualTo(1L);
    assertThat(created.getMetadata().getName()).isEqualTo("agent-" + plan.history().hash());
    assertThat(plan.creates().get(0).getMetadata().getLabels())
        .containsEntry("controller-revision-hash", plan.history().hash());
  }

  @Test
  void oldRevisionsBeyondTheLimitGoOldestFirstUnlessAPodStillUsesThem() {
    DaemonSet current = image(ds(), "agent:9", 9);
    current.getSpec().setRevisionHistoryLimit(2);
    List<ControllerRevision> revisions = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      revisions.add(Fixtures.revision(image(ds(), "agent:" + i, i), i));
    }
    revisions.add(Fixtures.revision(current, 6));
    DaemonSet second = image(ds(), "agent:2", 2);
    List<Pod> pods = pods(daemonPod("p1", current, "w1"), daemonPod("p2", second, "w2"));
    DaemonSetPlanner.Plan plan =
        DaemonSetPlanner.plan(current, nodes("w1", "w2"), pods, revisions, NOW);
    // five old revisions, two kept: 1 and 3 go; 2 is kept for p2, so 4 goes instead of it
    assertThat(plan.historyDeletes())
        .containsExactly(
            revisions.get(0).getMetadata().getName(),
            revisions.get(2).getMetadata().getName(),
            revisions.get(3).getMetadata().getName());
  }
}

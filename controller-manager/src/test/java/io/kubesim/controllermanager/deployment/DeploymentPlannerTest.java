package io.kubesim.controllermanager.deployment;

import static io.kubesim.controllermanager.deployment.World.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.kubesim.controllermanager.Event;
import io.kubesim.controllermanager.Kube;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DeploymentPlannerTest {

  // --- rolling update steps -------------------------------------------------------------------

  /**
   * A rollout from a stable RS of {@code replicas}: after each sync the pods catch up and become
   * available; {@code steps} are the (old, new) sizes after each sync that changed something.
   */
  record RollingCase(
      String name, int replicas, Object surge, Object unavailable, List<List<Integer>> steps) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<RollingCase> rolling() {
    return Stream.of(
        new RollingCase(
            "3 replicas, surge 1, unavailable 0: one new pod up, one old pod down, in turn",
            3,
            1,
            0,
            List.of(
                List.of(3, 1),
                List.of(2, 1),
                List.of(2, 2),
                List.of(1, 2),
                List.of(1, 3),
                List.of(0, 3))),
        new RollingCase(
            "10 replicas, 25%/25%: surge 3 and unavailable 2 in the first sync",
            10,
            "25%",
            "25%",
            List.of(List.of(8, 3), List.of(8, 5), List.of(3, 5), List.of(3, 10), List.of(0, 10))),
        new RollingCase(
            "3 replicas, surge 0, unavailable 1: down first, then up",
            3,
            0,
            1,
            List.of(
                List.of(2, 0),
                List.of(2, 1),
                List.of(1, 1),
                List.of(1, 2),
                List.of(0, 2),
                List.of(0, 3))),
        new RollingCase(
            "4 replicas, 50%/50%: two at a time both ways",
            4, "50%", "50%", List.of(List.of(2, 2), List.of(2, 4), List.of(0, 4))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rolling")
  void rollingUpdateSteps(RollingCase c) {
    World w = new World(deployment(c.replicas(), c.surge(), c.unavailable())).stable();
    w.setImage("nginx:2");

    List<List<Integer>> steps = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      var plan = w.sync();
      if (plan.create() != null || !plan.updates().isEmpty()) {
        steps.add(w.sizes());
      }
      w.allAvailable();
    }

    assertThat(steps).isEqualTo(c.steps());
    assertThat(w.d.getStatus().getUpdatedReplicas()).isEqualTo(c.replicas());
    assertThat(w.d.getStatus().getAvailableReplicas()).isEqualTo(c.replicas());
  }

  @Test
  void withMaxUnavailableZeroAvailabilityNeverDropsWhileNewPodsAreNotReady() {
    World w = new World(deployment(3, 1, 0)).stable();
    w.setImage("nginx:2");

    for (int i = 0; i < 5; i++) {
      w.sync();
      w.podsExist(); // the new RS's pod exists but never becomes ready
      assertThat(w.available()).isEqualTo(3);
    }
    assertThat(w.sizes()).containsExactly(3, 1);
  }

  @Test
  void unhealthyOldPodsAreRemovedBeforeHealthyOnes() {
    World w = new World(deployment(4, 1, 1)).stable();
    World.setStatus(w.rs(0), 4, 2); // two old pods crash-looping
    w.setImage("nginx:2");

    w.sync(); // new RS of 1; allPods 5, minAvailable 3, new unavailable 1: 1 may go

    assertThat(w.sizes()).containsExactly(3, 1);
    assertThat(w.events)
        .contains(
            Event.normal(
                "ScalingReplicaSet",
                "Scaled down replica set " + w.rs(0).getMetadata().getName() + " from 4 to 3"));
  }

  // --- new RS, hash, revisions ----------------------------------------------------------------

  @Test
  void theFirstSyncCreatesRevisionOneWithTheHashLabelEverywhere() {
    World w = new World(deployment(3, "25%", "25%"));

    var plan = w.sync();

    ReplicaSet rs = plan.create();
    String hash = rs.getSpec().getTemplate().getMetadata().getLabels().get("pod-template-hash");
    assertThat(hash).matches("[bcdfghjklmnpqrstvwxz2456789]{1,10}");
    assertThat(rs.getMetadata().getName()).isEqualTo("web-" + hash);
    assertThat(rs.getSpec().getSelector().getMatchLabels())
        .containsEntry("app", "web")
        .containsEntry("pod-template-hash", hash);
    assertThat(rs.getMetadata().getLabels()).containsEntry("pod-template-hash", hash);
    assertThat(rs.getSpec().getReplicas()).isEqualTo(3);
    assertThat(rs.getMetadata().getAnnotations())
        .containsEntry(Revisions.REVISION, "1")
        .containsEntry(Revisions.DESIRED_REPLICAS, "3")
        .containsEntry(Revisions.MAX_REPLICAS, "4");
    assertThat(rs.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            ref -> {
              assertThat(ref.getKind()).isEqualTo("Deployment");
              assertThat(ref.getController()).isTrue();
            });
    assertThat(plan.revision()).isEqualTo("1");
    assertThat(plan.events())
        .containsExactly(
            Event.normal(
                "ScalingReplicaSet", "Scaled up replica set web-" + hash + " from 0 to 3"));
    assertThat(condition(w, "Progressing").getReason()).isEqualTo("NewReplicaSetCreated");
    assertThat(condition(w, "Progressing").getMessage())
        .isEqualTo("Created new replica set \"web-" + hash + "\"");
  }

  @Test
  void theSameTemplateHashesTheSameAndAnotherTemplateDifferently() {
    var a = World.deployment(1, 1, 0).getSpec().getTemplate();
    var b = World.deployment(5, 2, 2).getSpec().getTemplate();
    var c = World.deployment(1, 1, 0).getSpec().getTemplate();
    c.getSpec().getContainers().get(0).setImage("nginx:2");

    assertThat(PodTemplateHash.compute(a, null)).isEqualTo(PodTemplateHash.compute(b, null));
    assertThat(PodTemplateHash.compute(a, null)).isNotEqualTo(PodTemplateHash.compute(c, null));
    assertThat(PodTemplateHash.compute(a, 1)).isNotEqualTo(PodTemplateHash.compute(a, null));
  }

  @Test
  void aRollbackRevivesTheOldReplicaSetWithTheNextRevisionAndRemembersItsOldOne() {
    World w = new World(deployment(2, 1, 0)).stable();
    String first = w.rs(0).getMetadata().getName();
    w.setImage("nginx:2");
    rollOut(w);
    w.setImage("nginx:1"); // kubectl rollout undo patches the template back

    w.sync();

    ReplicaSet revived = w.rss.get(first);
    assertThat(w.rss).hasSize(2);
    assertThat(revived.getMetadata().getAnnotations())
        .containsEntry(Revisions.REVISION, "3")
        .containsEntry(Revisions.REVISION_HISTORY, "1");
    assertThat(w.d.getMetadata().getAnnotations()).containsEntry(Revisions.REVISION, "3");
    rollOut(w);
    assertThat(w.rss.get(first).getSpec().getReplicas()).isEqualTo(2);
  }

  @Test
  void aRollbackPatchAsATypedClientEncodesItStillFindsTheOldReplicaSet() {
    World w = new World(deployment(2, 1, 0)).stable();
    String first = w.rs(0).getMetadata().getName();
    w.setImage("nginx:2");
    rollOut(w);
    // kubectl rollout undo sends the old template through Go's encoder: empty structs included
    w.setImage("nginx:1");
    var container = w.d.getSpec().getTemplate().getSpec().getContainers().get(0);
    container.setResources(new io.fabric8.kubernetes.api.model.ResourceRequirements());
    container.setEnv(new ArrayList<>());

    w.sync();

    assertThat(w.rss).hasSize(2);
    assertThat(w.rss.get(first).getMetadata().getAnnotations())
        .containsEntry(Revisions.REVISION, "3");
  }

  record HistoryCase(String name, int limit, int rollouts, List<String> kept) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<HistoryCase> history() {
    return Stream.of(
        new HistoryCase(
            "A limit of 2 keeps the two newest old revisions", 2, 4, List.of("3", "4", "5")),
        new HistoryCase("A limit of 0 keeps only the current revision", 0, 3, List.of("4")),
        new HistoryCase("Under the limit nothing is deleted", 10, 2, List.of("1", "2", "3")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("history")
  void revisionHistoryCleanup(HistoryCase c) {
    var d = deployment(2, 1, 0);
    d.getSpec().setRevisionHistoryLimit(c.limit());
    World w = new World(d).stable();
    for (int i = 0; i < c.rollouts(); i++) {
      w.setImage("nginx:v" + i);
      rollOut(w);
    }

    assertThat(w.rss.values())
        .extracting(rs -> Kube.annotations(rs).get(Revisions.REVISION))
        .containsExactlyElementsOf(c.kept());
  }

  @Test
  void anOldReplicaSetStillHoldingPodsIsNotDeletedByHistoryCleanup() {
    var d = deployment(2, 1, 0);
    d.getSpec().setRevisionHistoryLimit(0);
    World w = new World(d).stable();
    w.setImage("nginx:2");
    rollOut(w);
    World.setStatus(w.rs(0), 1, 0); // its last pod is still terminating
    w.rs(0).getSpec().setReplicas(0);

    var plan = w.sync();

    assertThat(plan.deletes()).isEmpty();
  }

  // --- recreate -------------------------------------------------------------------------------

  @Test
  void recreateScalesOldToZeroAndStartsTheNewOnlyWhenNoOldPodRuns() {
    World w = new World(World.recreate(3)).stable();
    String old = w.rs(0).getMetadata().getName();
    w.setImage("nginx:2");

    var first = w.sync();
    assertThat(first.create()).isNull();
    assertThat(w.sizes()).containsExactly(0);
    assertThat(first.events())
        .containsExactly(
            Event.normal("ScalingReplicaSet", "Scaled down replica set " + old + " from 3 to 0"));

    World.setStatus(w.rs(0), 0, 0);
    Pod terminating =
        new PodBuilder()
            .withNewMetadata()
            .withName(old + "-x")
            .endMetadata()
            .withNewStatus()
            .withPhase("Running")
            .endStatus()
            .build();
    var waiting = w.sync(Map.of(old, List.of(terminating)));
    assertThat(waiting.create()).isNull();

    Pod done = new PodBuilder(terminating).editStatus().withPhase("Succeeded").endStatus().build();
    var started = w.sync(Map.of(old, List.of(done)));
    assertThat(started.create()).isNotNull();
    assertThat(started.create().getSpec().getReplicas()).isEqualTo(3);
  }

  // --- paused, scaling ------------------------------------------------------------------------

  @Test
  void aPausedDeploymentDoesNotRollOutButStillScales() {
    World w = new World(deployment(3, 1, 0)).stable();
    w.d.getSpec().setPaused(true);
    w.setImage("nginx:2");

    var paused = w.sync();
    assertThat(paused.create()).isNull();
    assertThat(condition(w, "Progressing").getReason()).isEqualTo("DeploymentPaused");
    assertThat(condition(w, "Progressing").getStatus()).isEqualTo("Unknown");

    w.d.getSpec().setReplicas(5);
    w.bumpGeneration();
    w.sync();
    assertThat(w.sizes()).containsExactly(5);

    w.d.getSpec().setPaused(false);
    var resumed = w.sync();
    assertThat(resumed.create()).isNotNull();
  }

  record ScaleCase(String name, int from, int to, String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<ScaleCase> scales() {
    return Stream.of(
        new ScaleCase(
            "Scaling a stable deployment up resizes its one RS",
            3,
            5,
            "Scaled up replica set %s from 3 to 5"),
        new ScaleCase(
            "Scaling a stable deployment down resizes its one RS",
            5,
            2,
            "Scaled down replica set %s from 5 to 2"),
        new ScaleCase(
            "Scaling to zero empties the RS", 2, 0, "Scaled down replica set %s from 2 to 0"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scales")
  void scaleAStableDeployment(ScaleCase c) {
    World w = new World(deployment(c.from(), "25%", "25%")).stable();
    String name = w.rs(0).getMetadata().getName();
    w.d.getSpec().setReplicas(c.to());
    w.bumpGeneration();

    var plan = w.sync();

    assertThat(w.sizes()).containsExactly(c.to());
    assertThat(plan.create()).isNull();
    assertThat(plan.events())
        .containsExactly(Event.normal("ScalingReplicaSet", c.message().formatted(name)));
    assertThat(w.rs(0).getMetadata().getAnnotations())
        .containsEntry(Revisions.DESIRED_REPLICAS, String.valueOf(c.to()));
  }

  @Test
  void scalingDuringARolloutSpreadsTheChangeInProportion() {
    World w = new World(deployment(10, 3, 2)).stable();
    w.setImage("nginx:2");
    w.sync(); // (8, 3)
    w.allAvailable();
    w.sync(); // (8, 5)
    assertThat(w.sizes()).containsExactly(8, 5);
    w.d.getSpec().setReplicas(20);
    w.bumpGeneration();

    w.sync();

    // max 13 -> 23: 8 * 23 / 13 = 14.15 -> 14, 5 * 23 / 13 = 8.85 -> 9
    assertThat(w.sizes()).containsExactly(14, 9);
  }

  // --- status and conditions ------------------------------------------------------------------

  @Test
  void aCompletedRolloutReportsAvailableAndSuccessfullyProgressed() {
    World w = new World(deployment(3, 1, 0)).stable();

    var status = w.d.getStatus();
    String rs = w.rs(0).getMetadata().getName();
    assertThat(status.getReplicas()).isEqualTo(3);
    assertThat(status.getUpdatedReplicas()).isEqualTo(3);
    assertThat(status.getReadyReplicas()).isEqualTo(3);
    assertThat(status.getAvailableReplicas()).isEqualTo(3);
    assertThat(status.getUnavailableReplicas()).isZero();
    assertThat(status.getObservedGeneration()).isEqualTo(1L);
    assertThat(condition(w, "Available").getReason()).isEqualTo("MinimumReplicasAvailable");
    assertThat(condition(w, "Available").getMessage())
        .isEqualTo("Deployment has minimum availability.");
    assertThat(condition(w, "Progressing").getReason()).isEqualTo("NewReplicaSetAvailable");
    assertThat(condition(w, "Progressing").getMessage())
        .isEqualTo("ReplicaSet \"" + rs + "\" has successfully progressed.");
    assertThat(w.sync().status()).as("a settled deployment writes no status").isNull();
  }

  @Test
  void tooFewAvailablePodsMakeTheDeploymentUnavailable() {
    World w = new World(deployment(4, 1, 1));
    w.sync();
    World.setStatus(w.rs(0), 4, 2);

    w.sync();

    assertThat(condition(w, "Available").getStatus()).isEqualTo("False");
    assertThat(condition(w, "Available").getReason()).isEqualTo("MinimumReplicasUnavailable");
    assertThat(condition(w, "Available").getMessage())
        .isEqualTo("Deployment does not have minimum availability.");
    assertThat(w.d.getStatus().getUnavailableReplicas()).isEqualTo(2);
  }

  @Test
  void progressRefreshesTheConditionAndAStuckRolloutTimesOut() {
    World w = new World(deployment(3, 1, 0)).stable();
    w.setImage("nginx:2");
    w.sync();
    String rs = w.rs(1).getMetadata().getName();
    w.podsExist();
    w.rs(1).getStatus().setReadyReplicas(1); // ready, not yet available: progress
    w.now = w.now.plusSeconds(60);

    w.sync();
    DeploymentCondition progressing = condition(w, "Progressing");
    assertThat(progressing.getReason()).isEqualTo("ReplicaSetUpdated");
    assertThat(progressing.getMessage()).isEqualTo("ReplicaSet \"" + rs + "\" is progressing.");
    assertThat(progressing.getLastUpdateTime()).isEqualTo(Kube.format(w.now));

    w.now = w.now.plusSeconds(300);
    var stuck = w.sync();
    assertThat(stuck.status()).isNull();
    assertThat(stuck.requeueAfter()).isEqualTo(Duration.ofSeconds(301));

    w.now = w.now.plusSeconds(301);
    w.sync();
    assertThat(condition(w, "Progressing").getStatus()).isEqualTo("False");
    assertThat(condition(w, "Progressing").getReason()).isEqualTo("ProgressDeadlineExceeded");
    assertThat(condition(w, "Progressing").getMessage())
        .isEqualTo("ReplicaSet \"" + rs + "\" has timed out progressing.");
  }

  @Test
  void aDeploymentSelectingEverythingOnlyWarns() {
    var d = deployment(1, 1, 0);
    d.getSpec().getSelector().setMatchLabels(Map.of());

    var plan = DeploymentPlanner.plan(d, List.of(), Map.of(), World.T0);

    assertThat(plan.create()).isNull();
    assertThat(plan.events())
        .containsExactly(
            Event.warning(
                "SelectingAll",
                "This deployment is selecting all pods. A non-empty selector is required."));
  }

  // --- helpers --------------------------------------------------------------------------------

  static DeploymentCondition condition(World w, String type) {
    return DeploymentStatuses.get(w.d.getStatus(), type).orElseThrow();
  }

  /** Syncs with pods catching up until nothing changes any more. */
  static void rollOut(World w) {
    for (int i = 0; i < 30; i++) {
      w.sync();
      w.allAvailable();
      w.now = w.now.plusSeconds(1);
    }
  }
}

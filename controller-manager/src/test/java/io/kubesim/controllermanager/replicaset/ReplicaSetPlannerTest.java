package io.kubesim.controllermanager.replicaset;

import static io.kubesim.controllermanager.TestPods.NOW;
import static io.kubesim.controllermanager.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import io.kubesim.controllermanager.Event;
import io.kubesim.controllermanager.TestPods;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ReplicaSetPlannerTest {

  static ReplicaSet rs(int replicas, int minReadySeconds) {
    return new ReplicaSetBuilder()
        .withNewMetadata()
        .withName("web-7d4b9c5f8")
        .withNamespace("default")
        .withUid("rs-uid")
        .withGeneration(2L)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withMinReadySeconds(minReadySeconds)
        .withNewSelector()
        .addToMatchLabels("app", "web")
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", "web")
        .addToLabels("pod-template-hash", "7d4b9c5f8")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage("nginx")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  static List<Pod> pods(TestPods... pods) {
    return Stream.of(pods).map(TestPods::build).toList();
  }

  static List<Pod> readyPods(int n) {
    return IntStream.range(0, n).mapToObj(i -> pod("p" + i).readyFor(600).build()).toList();
  }

  // --- creates and deletes --------------------------------------------------------------------

  record CountCase(String name, int replicas, List<Pod> owned, int creates, List<String> deletes) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<CountCase> counts() {
    return Stream.of(
        new CountCase("A new ReplicaSet of 3 creates 3 pods", 3, List.of(), 3, List.of()),
        new CountCase("A ReplicaSet with its replicas does nothing", 3, readyPods(3), 0, List.of()),
        new CountCase(
            "Finished and terminating pods do not count, so they are replaced",
            3,
            pods(
                pod("a").readyFor(60),
                pod("b").phase("Succeeded"),
                pod("c").phase("Failed"),
                pod("d").readyFor(60).deleting()),
            2,
            List.of()),
        new CountCase(
            "A ReplicaSet scaled to 0 deletes every pod",
            0,
            pods(pod("a").readyFor(60), pod("b")),
            0,
            List.of("a", "b")),
        new CountCase(
            "Scaling down from 3 to 1 deletes the not ready pods first",
            1,
            pods(pod("ready").readyFor(60), pod("starting-1"), pod("starting-2")),
            0,
            List.of("starting-1", "starting-2")),
        new CountCase("A burst is capped at 500 creates per sync", 600, List.of(), 500, List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("counts")
  void createsAndDeletes(CountCase c) {
    ReplicaSetPlanner.Plan plan = ReplicaSetPlanner.plan(rs(c.replicas(), 0), c.owned(), NOW);

    assertThat(plan.creates()).hasSize(c.creates());
    assertThat(plan.deletes())
        .extracting(p -> p.getMetadata().getName())
        .containsExactlyElementsOf(c.deletes());
    assertThat(plan.events())
        .containsExactlyElementsOf(
            c.deletes().stream()
                .map(n -> Event.normal("SuccessfulDelete", "Deleted pod: " + n))
                .toList());
  }

  @Test
  void aCreatedPodCopiesTheTemplateAndIsControlledByTheReplicaSet() {
    Pod created = ReplicaSetPlanner.plan(rs(1, 0), List.of(), NOW).creates().get(0);

    assertThat(created.getMetadata().getGenerateName()).isEqualTo("web-7d4b9c5f8-");
    assertThat(created.getMetadata().getName()).isNull();
    assertThat(created.getMetadata().getNamespace()).isEqualTo("default");
    assertThat(created.getMetadata().getLabels())
        .containsEntry("app", "web")
        .containsEntry("pod-template-hash", "7d4b9c5f8");
    assertThat(created.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            ref -> {
              assertThat(ref.getKind()).isEqualTo("ReplicaSet");
              assertThat(ref.getApiVersion()).isEqualTo("apps/v1");
              assertThat(ref.getName()).isEqualTo("web-7d4b9c5f8");
              assertThat(ref.getUid()).isEqualTo("rs-uid");
              assertThat(ref.getController()).isTrue();
              assertThat(ref.getBlockOwnerDeletion()).isTrue();
            });
    assertThat(created.getSpec().getContainers())
        .singleElement()
        .satisfies(c -> assertThat(c.getImage()).isEqualTo("nginx"));
    assertThat(
            ReplicaSetPlanner.createdEvent(
                new io.fabric8.kubernetes.api.model.PodBuilder(created)
                    .editMetadata()
                    .withName("web-7d4b9c5f8-abcde")
                    .endMetadata()
                    .build()))
        .isEqualTo(Event.normal("SuccessfulCreate", "Created pod: web-7d4b9c5f8-abcde"));
  }

  @Test
  void aReplicaSetBeingDeletedNeitherCreatesNorDeletes() {
    ReplicaSet deleting = rs(3, 0);
    deleting.getMetadata().setDeletionTimestamp(io.kubesim.controllermanager.Kube.format(NOW));

    ReplicaSetPlanner.Plan plan = ReplicaSetPlanner.plan(deleting, readyPods(1), NOW);

    assertThat(plan.creates()).isEmpty();
    assertThat(plan.deletes()).isEmpty();
  }

  // --- slow start -----------------------------------------------------------------------------

  record BatchCase(String name, int count, List<Integer> batches) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<BatchCase> batches() {
    return Stream.of(
        new BatchCase("Nothing to create is no batch", 0, List.of()),
        new BatchCase("One pod is one batch of one", 1, List.of(1)),
        new BatchCase("Three pods go out as 1 then 2", 3, List.of(1, 2)),
        new BatchCase("Ten pods go out as 1, 2, 4 and the 3 left", 10, List.of(1, 2, 4, 3)),
        new BatchCase("Fifteen pods fill 1, 2, 4, 8 exactly", 15, List.of(1, 2, 4, 8)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("batches")
  void slowStart(BatchCase c) {
    assertThat(io.kubesim.controllermanager.podcontrol.PodControl.slowStartBatches(c.count()))
        .isEqualTo(c.batches());
  }

  @Test
  void tenMissingPodsAreTenCreates() {
    ReplicaSetPlanner.Plan plan = ReplicaSetPlanner.plan(rs(10, 0), List.of(), NOW);

    assertThat(plan.creates()).hasSize(10);
  }

  // --- status ---------------------------------------------------------------------------------

  record StatusCase(
      String name,
      int minReadySeconds,
      List<Pod> owned,
      int replicas,
      int fullyLabeled,
      int ready,
      int available) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<StatusCase> statuses() {
    return Stream.of(
        new StatusCase("No pods is an all-zero status", 0, List.of(), 0, 0, 0, 0),
        new StatusCase(
            "Ready pods are available at once without minReadySeconds",
            0,
            pods(pod("a").readyFor(0), pod("b")),
            2,
            2,
            1,
            1),
        new StatusCase(
            "A pod ready for 5 seconds is not yet available with minReadySeconds 10",
            10,
            pods(pod("young").readyFor(5), pod("old").readyFor(11)),
            2,
            2,
            2,
            1),
        new StatusCase(
            "A pod ready for exactly minReadySeconds is not yet available",
            10,
            pods(pod("a").readyFor(10)),
            1,
            1,
            1,
            0),
        new StatusCase(
            "A pod missing a template label counts but is not fully labeled",
            0,
            pods(pod("a").readyFor(60).label("app", null).label("extra", "x"), pod("b")),
            2,
            1,
            1,
            1),
        new StatusCase(
            "Terminating pods are not counted at all",
            0,
            pods(pod("a").readyFor(60).deleting(), pod("b").readyFor(60)),
            1,
            1,
            1,
            1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("statuses")
  void status(StatusCase c) {
    ReplicaSet rs = rs(c.owned().size(), c.minReadySeconds());
    // the template carries pod-template-hash: give it to the builder pods that should match
    List<Pod> owned =
        c.owned().stream()
            .peek(
                p -> {
                  if (p.getMetadata().getLabels().containsKey("app")) {
                    p.getMetadata().getLabels().put("pod-template-hash", "7d4b9c5f8");
                  }
                })
            .toList();

    var status = ReplicaSetPlanner.plan(rs, owned, NOW).status();

    assertThat(status).isNotNull();
    assertThat(status.getReplicas()).isEqualTo(c.replicas());
    assertThat(status.getFullyLabeledReplicas()).isEqualTo(c.fullyLabeled());
    assertThat(status.getReadyReplicas()).isEqualTo(c.ready());
    assertThat(status.getAvailableReplicas()).isEqualTo(c.available());
    assertThat(status.getObservedGeneration()).isEqualTo(2L);
  }

  @Test
  void anUnchangedStatusIsNotWrittenAgainEvenWhenZeroCountsWereOmitted() {
    ReplicaSet rs = rs(0, 0);
    rs.setStatus(new ReplicaSetStatusBuilder().withObservedGeneration(2L).build());

    assertThat(ReplicaSetPlanner.plan(rs, List.of(), NOW).status()).isNull();

    rs.getMetadata().setGeneration(3L);
    assertThat(ReplicaSetPlanner.plan(rs, List.of(), NOW).status()).isNotNull();
  }

  @Test
  void readyPodsWaitingForMinReadySecondsAskForAResync() {
    ReplicaSetPlanner.Plan waiting =
        ReplicaSetPlanner.plan(rs(1, 30), pods(pod("a").readyFor(5)), NOW);
    ReplicaSetPlanner.Plan done =
        ReplicaSetPlanner.plan(rs(1, 30), pods(pod("a").readyFor(31)), NOW);

    assertThat(waiting.requeueAfter()).isEqualTo(Duration.ofSeconds(30));
    assertThat(done.requeueAfter()).isNull();
  }

  // --- ReplicaFailure ----------------------------------------------------------------------------

  static final String QUOTA = "pods \"web-x\" is forbidden: exceeded quota: pods";

  static ReplicaSetCondition failure(String reason, String message, String time) {
    return new ReplicaSetConditionBuilder()
        .withType("ReplicaFailure")
        .withStatus("True")
        .withReason(reason)
        .withMessage(message)
        .withLastTransitionTime(time)
        .build();
  }

  record FailureCase(
      String name,
      int replicas,
      int pods,
      ReplicaSetCondition before,
      String error,
      List<ReplicaSetCondition> after) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<FailureCase> failures() {
    return Stream.of(
        new FailureCase(
            "A failed create adds ReplicaFailure FailedCreate with the API's message",
            3,
            1,
            null,
            QUOTA,
            List.of(failure("FailedCreate", QUOTA, "2024-05-01T12:00:00Z"))),
        new FailureCase(
            "A failed delete adds ReplicaFailure FailedDelete",
            1,
            3,
            null,
            "etcdserver: request timed out",
            List.of(
                failure("FailedDelete", "etcdserver: request timed out", "2024-05-01T12:00:00Z"))),
        new FailureCase(
            "A failure while the condition is there keeps it as it was",
            3,
            1,
            failure("FailedCreate", "earlier", "2024-05-01T11:00:00Z"),
            QUOTA,
            List.of(failure("FailedCreate", "earlier", "2024-05-01T11:00:00Z"))),
        new FailureCase(
            "A sync without failure removes the condition",
            3,
            1,
            failure("FailedCreate", QUOTA, "2024-05-01T11:00:00Z"),
            null,
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void replicaFailure(FailureCase c) {
    ReplicaSet rs = rs(c.replicas(), 0);
    if (c.before() != null) {
      rs.setStatus(new ReplicaSetStatusBuilder().withConditions(c.before()).build());
    }

    var status = ReplicaSetPlanner.calculateStatus(rs, readyPods(c.pods()), c.error(), NOW);

    assertThat(status.getConditions()).isEqualTo(c.after());
  }

  @Test
  void aFailedStatusAlreadyRecordedIsNotWrittenAgain() {
    ReplicaSet rs = rs(3, 0);
    rs.setStatus(ReplicaSetPlanner.calculateStatus(rs, readyPods(1), QUOTA, NOW));

    assertThat(ReplicaSetPlanner.failedStatus(rs, readyPods(1), QUOTA, NOW.plusSeconds(5)))
        .isNull();
    assertThat(ReplicaSetPlanner.plan(rs, readyPods(1), NOW).status().getConditions()).isNull();
  }
}

package io.kubesim.controllermanager.ttlafterfinished;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.kubesim.controllermanager.Kube;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TtlPlannerTest {
  static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

  record Case(String name, Job job, TtlPlanner.Decision expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Job job(Integer ttl, String condition, long finishedSecondsAgo) {
    JobBuilder b =
        new JobBuilder()
            .withNewMetadata()
            .withName("pi")
            .withNamespace("default")
            .endMetadata()
            .withNewSpec()
            .withTtlSecondsAfterFinished(ttl)
            .endSpec();
    if (condition != null) {
      b.withNewStatus()
          .addToConditions(
              new JobConditionBuilder()
                  .withType("SuccessCriteriaMet")
                  .withStatus("True")
                  .withLastTransitionTime(Kube.format(NOW.minusSeconds(finishedSecondsAgo + 1)))
                  .build(),
              new JobConditionBuilder()
                  .withType(condition)
                  .withStatus("True")
                  .withLastTransitionTime(Kube.format(NOW.minusSeconds(finishedSecondsAgo)))
                  .build())
          .endStatus();
    }
    return b.build();
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "a Job without a TTL is kept", job(null, "Complete", 999), TtlPlanner.Decision.NOTHING),
        new Case("a running Job is kept", job(100, null, 0), TtlPlanner.Decision.NOTHING),
        new Case(
            "a completed Job is kept until its TTL has passed since the Complete condition",
            job(100, "Complete", 40),
            new TtlPlanner.Decision(false, Duration.ofSeconds(60))),
        new Case(
            "a completed Job past its TTL is deleted",
            job(100, "Complete", 100),
            new TtlPlanner.Decision(true, null)),
        new Case(
            "a failed Job counts from its Failed condition",
            job(0, "Failed", 0),
            new TtlPlanner.Decision(true, null)));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void decides(Case c) {
    assertThat(TtlPlanner.decide(c.job(), NOW)).isEqualTo(c.expected());
  }
}

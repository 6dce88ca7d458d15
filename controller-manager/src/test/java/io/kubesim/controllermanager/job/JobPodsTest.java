package io.kubesim.controllermanager.job;

import static io.kubesim.controllermanager.job.JobWorld.NOW;
import static io.kubesim.controllermanager.job.JobWorld.job;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobPodsTest {
  @Test
  void anIndexedJobsPodCarriesItsIndexAsAnnotationLabelHostnameAndVariable() {
    Pod pod =
        JobPlanner.plan(job().indexed().completions(3).parallelism(3).build(), List.of(), NOW)
            .creates()
            .get(2);
    assertThat(pod.getMetadata().getGenerateName()).isEqualTo("job-2-");
    assertThat(pod.getMetadata().getAnnotations())
        .containsEntry("batch.kubernetes.io/job-completion-index", "2");
    assertThat(pod.getMetadata().getLabels())
        .containsEntry("batch.kubernetes.io/job-completion-index", "2")
        .containsEntry("batch.kubernetes.io/job-name", "job");
    assertThat(pod.getMetadata().getFinalizers())
        .containsExactly("batch.kubernetes.io/job-tracking");
    assertThat(pod.getSpec().getHostname()).isEqualTo("job-2");
    assertThat(pod.getSpec().getContainers().get(0).getEnv())
        .singleElement()
        .satisfies(
            env -> {
              assertThat(env.getName()).isEqualTo("JOB_COMPLETION_INDEX");
              assertThat(env.getValueFrom().getFieldRef().getFieldPath())
                  .isEqualTo("metadata.labels['batch.kubernetes.io/job-completion-index']");
            });
    assertThat(pod.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            ref -> {
              assertThat(ref.getKind()).isEqualTo("Job");
              assertThat(ref.getName()).isEqualTo("job");
              assertThat(ref.getController()).isTrue();
              assertThat(ref.getBlockOwnerDeletion()).isTrue();
            });
  }

  @Test
  void aNonIndexedJobsPodHasNoIndexAndNoHostname() {
    Pod pod = JobPlanner.plan(job().build(), List.of(), NOW).creates().get(0);
    assertThat(pod.getMetadata().getGenerateName()).isEqualTo("job-");
    assertThat(pod.getMetadata().getAnnotations()).isNull();
    assertThat(pod.getSpec().getHostname()).isNull();
    assertThat(pod.getSpec().getContainers().get(0).getEnv()).isNullOrEmpty();
    assertThat(pod.getMetadata().getFinalizers())
        .containsExactly("batch.kubernetes.io/job-tracking");
  }

  @Test
  void aLongJobNameIsCutSoTheIndexStillFits() {
    String name = "a".repeat(60);
    assertThat(JobPods.generateNameWithIndex(name, 12)).isEqualTo("a".repeat(54) + "-12-");
  }
}

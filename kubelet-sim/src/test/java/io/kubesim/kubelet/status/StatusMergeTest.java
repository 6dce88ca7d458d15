package io.kubesim.kubelet.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StatusMergeTest {

  /** A status from "Phase Type=Status ...". */
  static PodStatus status(String spec) {
    String[] words = spec.split(" ");
    List<PodCondition> conditions =
        Arrays.stream(words)
            .skip(1)
            .map(
                w -> {
                  PodCondition c = new PodCondition();
                  c.setType(w.substring(0, w.indexOf('=')));
                  c.setStatus(w.substring(w.indexOf('=') + 1));
                  return c;
                })
            .toList();
    return new PodStatusBuilder().withPhase(words[0]).withConditions(conditions).build();
  }

  record Case(String name, String stored, String written, boolean reconcile) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Case> cases() {
    return List.of(
        new Case("the same status", "Running Ready=True", "Running Ready=True", false),
        new Case(
            "the controller marked the pod not ready",
            "Running Ready=False",
            "Running Ready=True",
            true),
        new Case("another phase", "Pending Ready=True", "Running Ready=True", true),
        new Case(
            "a condition of another owner is not the kubelet's business",
            "Running Ready=True DisruptionTarget=True",
            "Running Ready=True",
            false),
        new Case("nothing written yet", "Pending", null, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theKubeletWritesAgainOnlyWhenWhatItOwnsDiffers(Case c) {
    PodStatus written = c.written() == null ? null : status(c.written());
    assertThat(StatusMerge.needsReconcile(status(c.stored()), written)).isEqualTo(c.reconcile());
  }

  @Test
  void conditionsOfOtherOwnersAreKeptAndTheKubeletsReplaced() {
    PodStatus merged =
        StatusMerge.keepOthersConditions(
            status("Running Ready=True ContainersReady=True"),
            status("Running Ready=False DisruptionTarget=True"));
    assertThat(merged.getConditions())
        .extracting(c -> c.getType() + "=" + c.getStatus())
        .containsExactly("Ready=True", "ContainersReady=True", "DisruptionTarget=True");
  }
}

package io.kubesim.controllermanager.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceCondition;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NamespaceConditionsTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  static NamespaceCondition of(List<NamespaceCondition> conditions, String type) {
    return conditions.stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
  }

  @Test
  void remainingContentAndFinalizersAreReportedSortedAsTheRealControllerDoes() {
    List<NamespaceCondition> conditions =
        NamespaceConditions.compute(
            Map.of("replicasets.apps", 1, "pods.", 2),
            Map.of("foregroundDeletion", 1),
            List.of(),
            List.of(),
            T0);
    assertThat(conditions)
        .extracting(NamespaceCondition::getType)
        .isEqualTo(NamespaceConditions.TYPES);
    NamespaceCondition remaining = of(conditions, "NamespaceContentRemaining");
    assertThat(remaining.getStatus()).isEqualTo("True");
    assertThat(remaining.getReason()).isEqualTo("SomeResourcesRemain");
    assertThat(remaining.getMessage())
        .isEqualTo(
            "Some resources are remaining: pods. has 2 resource instances, replicasets.apps has 1"
                + " resource instances");
    NamespaceCondition finalizers = of(conditions, "NamespaceFinalizersRemaining");
    assertThat(finalizers.getStatus()).isEqualTo("True");
    assertThat(finalizers.getMessage())
        .isEqualTo(
            "Some content in the namespace has finalizers remaining: foregroundDeletion in 1"
                + " resource instances");
    assertThat(of(conditions, "NamespaceDeletionContentFailure").getReason())
        .isEqualTo("ContentDeleted");
    assertThat(conditions)
        .allSatisfy(c -> assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z"));
  }

  @Test
  void anEmptiedNamespaceReadsAllClearAndFailedDeletesAreCounted() {
    List<NamespaceCondition> clear =
        NamespaceConditions.compute(Map.of(), Map.of(), List.of(), List.of(), T0);
    assertThat(of(clear, "NamespaceContentRemaining").getReason()).isEqualTo("ContentRemoved");
    assertThat(of(clear, "NamespaceContentRemaining").getStatus()).isEqualTo("False");
    assertThat(of(clear, "NamespaceFinalizersRemaining").getReason())
        .isEqualTo("ContentHasNoFinalizers");

    List<NamespaceCondition> failed =
        NamespaceConditions.compute(Map.of("pods.", 1), Map.of(), List.of("boom"), List.of(), T0);
    NamespaceCondition failure = of(failed, "NamespaceDeletionContentFailure");
    assertThat(failure.getStatus()).isEqualTo("True");
    assertThat(failure.getReason()).isEqualTo("ContentDeletionFailed");
    assertThat(failure.getMessage())
        .isEqualTo("Failed to delete all resource types, 1 remaining: boom");
  }

  @Test
  void anUnchangedConditionKeepsItsTransitionTime() {
    List<NamespaceCondition> first =
        NamespaceConditions.compute(Map.of("pods.", 1), Map.of(), List.of(), List.of(), T0);
    List<NamespaceCondition> later =
        NamespaceConditions.compute(Map.of(), Map.of(), List.of(), first, T0.plusSeconds(30));
    assertThat(of(later, "NamespaceDeletionDiscoveryFailure").getLastTransitionTime())
        .isEqualTo("2026-01-01T00:00:00Z");
    assertThat(of(later, "NamespaceContentRemaining").getLastTransitionTime())
        .isEqualTo("2026-01-01T00:00:30Z");
  }
}

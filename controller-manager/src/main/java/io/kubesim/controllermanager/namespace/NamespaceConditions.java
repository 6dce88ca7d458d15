package io.kubesim.controllermanager.namespace;

import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.kubesim.controllermanager.Kube;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The five conditions the namespace controller keeps on a Terminating namespace
 * (pkg/controller/namespace/deletion/status_condition_utils.go), from one pass's tally: what is
 * left per resource, which finalizers hold it, which deletes failed. Discovery here either works or
 * fails the pass, so the two discovery conditions always read as fine.
 */
public final class NamespaceConditions {
  public static final List<String> TYPES =
      List.of(
          "NamespaceDeletionDiscoveryFailure",
          "NamespaceDeletionGroupVersionParsingFailure",
          "NamespaceDeletionContentFailure",
          "NamespaceContentRemaining",
          "NamespaceFinalizersRemaining");

  private NamespaceConditions() {}

  /**
   * @param remaining objects left per resource, keyed {@code <resource>.<group>} ("pods.",
   *     "replicasets.apps") as the real messages print them
   * @param finalizers objects left per finalizer they carry
   * @param errors messages of deletes that failed
   * @param old the namespace's current conditions: an unchanged condition keeps its
   *     lastTransitionTime
   */
  public static List<NamespaceCondition> compute(
      Map<String, Integer> remaining,
      Map<String, Integer> finalizers,
      List<String> errors,
      List<NamespaceCondition> old,
      Instant now) {
    List<NamespaceCondition> conditions = new ArrayList<>();
    conditions.add(
        condition(
            TYPES.get(0), "False", "ResourcesDiscovered", "All resources successfully discovered"));
    conditions.add(
        condition(
            TYPES.get(1),
            "False",
            "ParsedGroupVersions",
            "All legacy kube types successfully parsed"));
    conditions.add(
        errors.isEmpty()
            ? condition(
                TYPES.get(2),
                "False",
                "ContentDeleted",
                "All content successfully deleted, may be waiting on finalization")
            : condition(
                TYPES.get(2),
                "True",
                "ContentDeletionFailed",
                "Failed to delete all resource types, "
                    + errors.size()
                    + " remaining: "
                    + String.join(", ", errors)));
    List<String> resources = new ArrayList<>();
    new TreeMap<>(remaining)
        .forEach(
            (gvr, n) -> {
              if (n > 0) {
                resources.add(gvr + " has " + n + " resource instances");
              }
            });
    conditions.add(
        resources.isEmpty()
            ? condition(TYPES.get(3), "False", "ContentRemoved", "All content successfully removed")
            : condition(
                TYPES.get(3),
                "True",
                "SomeResourcesRemain",
                "Some resources are remaining: " + String.join(", ", resources)));
    List<String> held = new ArrayList<>();
    new TreeMap<>(finalizers)
        .forEach(
            (f, n) -> {
              if (n > 0) {
                held.add(f + " in " + n + " resource instances");
              }
            });
    conditions.add(
        held.isEmpty()
            ? condition(
                TYPES.get(4),
                "False",
                "ContentHasNoFinalizers",
                "All content-preserving finalizers finished")
            : condition(
                TYPES.get(4),
                "True",
                "SomeFinalizersRemain",
                "Some content in the namespace has finalizers remaining: "
                    + String.join(", ", held)));
    for (NamespaceCondition c : conditions) {
      NamespaceCondition before =
          old == null
              ? null
              : old.stream().filter(o -> c.getType().equals(o.getType())).findFirst().orElse(null);
      boolean same =
          before != null
              && c.getStatus().equals(before.getStatus())
              && c.getReason().equals(before.getReason())
              && c.getMessage().equals(before.getMessage());
      c.setLastTransitionTime(
          same && before.getLastTransitionTime() != null
              ? before.getLastTransitionTime()
              : Kube.format(now));
    }
    return conditions;
  }

  private static NamespaceCondition condition(
      String type, String status, String reason, String message) {
    NamespaceCondition c = new NamespaceCondition();
    c.setType(type);
    c.setStatus(status);
    c.setReason(reason);
    c.setMessage(message);
    return c;
  }
}

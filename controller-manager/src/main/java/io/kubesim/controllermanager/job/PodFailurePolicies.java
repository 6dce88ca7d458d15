package io.kubesim.controllermanager.job;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnExitCodesRequirement;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnPodConditionsPattern;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import java.util.List;

/**
 * matchPodFailurePolicy: the first rule that matches a failed pod decides what its failure means.
 * Rules look at the exit codes of terminated containers (0 never matches; app containers first,
 * then init containers) or at the pod's conditions (DisruptionTarget after an eviction or a
 * preemption).
 */
final class PodFailurePolicies {
  private PodFailurePolicies() {}

  /**
   * @param action the matched rule's action (FailJob, FailIndex, Ignore, Count), or null when no
   *     rule matched (the failure counts)
   * @param failJobMessage the Job's failure message when the action is FailJob
   * @param counts whether the failure counts towards backoffLimit (all but Ignore)
   */
  record Match(String action, String failJobMessage, boolean counts) {
    static final Match NONE = new Match(null, null, true);
  }

  static Match match(PodFailurePolicy policy, Pod pod) {
    if (policy == null || policy.getRules() == null) {
      return Match.NONE;
    }
    List<PodFailurePolicyRule> rules = policy.getRules();
    for (int index = 0; index < rules.size(); index++) {
      PodFailurePolicyRule rule = rules.get(index);
      String action = rule.getAction();
      if (rule.getOnExitCodes() != null) {
        ContainerStatus container = matchExitCodes(pod, rule.getOnExitCodes());
        if (container != null) {
          String message =
              "Container "
                  + container.getName()
                  + " for pod "
                  + pod.getMetadata().getNamespace()
                  + "/"
                  + pod.getMetadata().getName()
                  + " failed with exit code "
                  + container.getState().getTerminated().getExitCode()
                  + " matching FailJob rule at index "
                  + index;
          Match m = of(action, message);
          if (m != null) {
            return m;
          }
        }
      } else if (rule.getOnPodConditions() != null) {
        PodCondition condition = matchConditions(pod, rule.getOnPodConditions());
        if (condition != null) {
          String message =
              "Pod "
                  + pod.getMetadata().getNamespace()
                  + "/"
                  + pod.getMetadata().getName()
                  + " has condition "
                  + condition.getType()
                  + " matching FailJob rule at index "
                  + index;
          Match m = of(action, message);
          if (m != null) {
            return m;
          }
        }
      }
    }
    return Match.NONE;
  }

  /** The match for a rule's action; null for an action this version does not know (skipped). */
  private static Match of(String action, String failJobMessage) {
    return switch (action == null ? "" : action) {
      case "Ignore" -> new Match("Ignore", null, false);
      case "FailIndex" -> new Match("FailIndex", null, true);
      case "Count" -> new Match("Count", null, true);
      case "FailJob" -> new Match("FailJob", failJobMessage, true);
      default -> null;
    };
  }

  private static ContainerStatus matchExitCodes(
      Pod pod, PodFailurePolicyOnExitCodesRequirement requirement) {
    if (pod.getStatus() == null) {
      return null;
    }
    ContainerStatus found = matchExitCodes(pod.getStatus().getContainerStatuses(), requirement);
    return found != null
        ? found
        : matchExitCodes(pod.getStatus().getInitContainerStatuses(), requirement);
  }

  private static ContainerStatus matchExitCodes(
      List<ContainerStatus> statuses, PodFailurePolicyOnExitCodesRequirement requirement) {
    if (statuses == null) {
      return null;
    }
    for (ContainerStatus s : statuses) {
      if (s.getState() == null || s.getState().getTerminated() == null) {
        continue; // still terminating: no exit code yet
      }
      if (requirement.getContainerName() != null
          && !requirement.getContainerName().equals(s.getName())) {
        continue;
      }
      int code = s.getState().getTerminated().getExitCode();
      if (code != 0 && operatorMatches(code, requirement)) {
        return s;
      }
    }
    return null;
  }

  private static boolean operatorMatches(
      int code, PodFailurePolicyOnExitCodesRequirement requirement) {
    List<Integer> values = requirement.getValues() == null ? List.of() : requirement.getValues();
    return switch (requirement.getOperator() == null ? "" : requirement.getOperator()) {
      case "In" -> values.contains(code);
      case "NotIn" -> !values.contains(code);
      default -> false;
    };
  }

  private static PodCondition matchConditions(
      Pod pod, List<PodFailurePolicyOnPodConditionsPattern> patterns) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return null;
    }
    for (PodCondition c : pod.getStatus().getConditions()) {
      for (PodFailurePolicyOnPodConditionsPattern p : patterns) {
        String status = p.getStatus() == null ? "True" : p.getStatus();
        if (c.getType().equals(p.getType()) && status.equals(c.getStatus())) {
          return c;
        }
      }
    }
    return null;
  }
}

package io.kubesim.apiserver.defaults;

import static io.kubesim.apiserver.defaults.Fields.Fill.pointer;

import tools.jackson.databind.node.ObjectNode;

/** scheduling.k8s.io/v1: k8s pkg/apis/scheduling/v1 defaults.go. */
final class SchedulingDefaults {
  private SchedulingDefaults() {}

  /** SetDefaults_PriorityClass. */
  static void priorityClass(ObjectNode priorityClass) {
    // preemptionPolicy
    pointer("preemptionPolicy", "PreemptLowerPriority").applyTo(priorityClass);
  }
}

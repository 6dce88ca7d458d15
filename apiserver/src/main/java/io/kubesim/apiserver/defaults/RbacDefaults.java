package io.kubesim.apiserver.defaults;

import static io.kubesim.apiserver.defaults.Fields.Fill.plain;

import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/** rbac.authorization.k8s.io/v1: k8s pkg/apis/rbac/v1 defaults.go. */
final class RbacDefaults {
  private RbacDefaults() {}

  private static final String GROUP = "rbac.authorization.k8s.io";
  private static final Set<String> RBAC_SUBJECT_KINDS = Set.of("User", "Group");

  /** SetDefaults_RoleBinding / SetDefaults_ClusterRoleBinding and SetDefaults_Subject. */
  static void binding(ObjectNode binding) {
    // roleRef.apiGroup
    plain("apiGroup", GROUP).applyTo(Fields.ensure(binding, "roleRef"));
    for (ObjectNode subject : Fields.objects(binding, "subjects")) {
      // subjects[].apiGroup: the RBAC group for User and Group subjects ("" for ServiceAccount)
      if (RBAC_SUBJECT_KINDS.contains(Fields.text(subject, "kind"))) {
        plain("apiGroup", GROUP).applyTo(subject);
      }
    }
  }
}

package io.kubesim.apiserver.validation;

import io.kubesim.core.api.FieldError;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** pkg/apis/rbac/validation: roles' rules, bindings' roleRef and subjects. */
final class RbacValidation {
  private RbacValidation() {}

  static final String GROUP = "rbac.authorization.k8s.io";
  static final String ROLE = GROUP + "/Role";
  static final String CLUSTER_ROLE = GROUP + "/ClusterRole";
  static final String ROLE_BINDING = GROUP + "/RoleBinding";
  static final String CLUSTER_ROLE_BINDING = GROUP + "/ClusterRoleBinding";

  static void role(List<FieldError> errs, JsonNode obj, boolean namespaced) {
    List<JsonNode> rules = Json.items(obj.path("rules"));
    for (int i = 0; i < rules.size(); i++) {
      policyRule(errs, rules.get(i), namespaced, "rules[" + i + "]");
    }
    if (!namespaced) {
      List<JsonNode> selectors =
          Json.items(obj.path("aggregationRule").path("clusterRoleSelectors"));
      for (int i = 0; i < selectors.size(); i++) {
        SelectorValidation.validate(
            errs, "aggregationRule.clusterRoleSelectors[" + i + "]", selectors.get(i));
      }
    }
  }

  /** ValidatePolicyRule. */
  static void policyRule(List<FieldError> errs, JsonNode rule, boolean namespaced, String path) {
    if (Json.strings(rule.path("verbs")).isEmpty()) {
      errs.add(FieldError.required(path + ".verbs", "verbs must contain at least one value"));
    }
    List<String> urls = Json.strings(rule.path("nonResourceURLs"));
    List<String> groups = Json.strings(rule.path("apiGroups"));
    List<String> resources = Json.strings(rule.path("resources"));
    if (!urls.isEmpty()) {
      GoValue value = GoValue.stringSlice(urls);
      if (namespaced) {
        errs.add(
            FieldError.invalid(
                path + ".nonResourceURLs",
                value,
                "namespaced rules cannot apply to non-resource URLs"));
      }
      if (!groups.isEmpty()
          || !resources.isEmpty()
          || !Json.strings(rule.path("resourceNames")).isEmpty()) {
        errs.add(
            FieldError.invalid(
                path + ".nonResourceURLs",
                value,
                "rules cannot apply to both regular resources and non-resource URLs"));
      }
      return;
    }
    if (groups.isEmpty()) {
      errs.add(
          FieldError.required(
              path + ".apiGroups", "resource rules must supply at least one api group"));
    }
    if (resources.isEmpty()) {
      errs.add(
          FieldError.required(
              path + ".resources", "resource rules must supply at least one resource"));
    }
  }

  static void binding(List<FieldError> errs, JsonNode obj, boolean namespaced) {
    JsonNode ref = obj.path("roleRef");
    String apiGroup = Json.text(ref, "apiGroup");
    if (!apiGroup.equals(GROUP)) {
      errs.add(FieldError.notSupported("roleRef.apiGroup", apiGroup, List.of(GROUP)));
    }
    String kind = Json.text(ref, "kind");
    List<String> kinds = namespaced ? List.of("Role", "ClusterRole") : List.of("ClusterRole");
    if (!kinds.contains(kind)) {
      errs.add(FieldError.notSupported("roleRef.kind", kind, kinds));
    }
    String name = Json.text(ref, "name");
    if (name.isEmpty()) {
      errs.add(FieldError.required("roleRef.name", ""));
    } else {
      for (String msg : NameValidation.check(NameValidation.Rule.PATH_SEGMENT, name)) {
        errs.add(FieldError.invalid("roleRef.name", name, msg));
      }
    }
    List<JsonNode> subjects = Json.items(obj.path("subjects"));
    for (int i = 0; i < subjects.size(); i++) {
      subject(errs, subjects.get(i), namespaced, "subjects[" + i + "]");
    }
  }

  /** ValidateRoleBindingSubject. */
  private static void subject(List<FieldError> errs, JsonNode s, boolean namespaced, String path) {
    String name = Json.text(s, "name");
    if (name.isEmpty()) {
      errs.add(FieldError.required(path + ".name", ""));
    }
    String apiGroup = Json.text(s, "apiGroup");
    switch (Json.text(s, "kind")) {
      case "ServiceAccount" -> {
        if (!name.isEmpty()) {
          for (String msg : NameValidation.check(NameValidation.Rule.SUBDOMAIN, name)) {
            errs.add(FieldError.invalid(path + ".name", name, msg));
          }
        }
        if (!apiGroup.isEmpty()) {
          errs.add(FieldError.notSupported(path + ".apiGroup", apiGroup, List.of("")));
        }
        if (!namespaced && Json.text(s, "namespace").isEmpty()) {
          errs.add(FieldError.required(path + ".namespace", ""));
        }
      }
      case "User", "Group" -> {
        if (!apiGroup.equals(GROUP)) {
          errs.add(FieldError.notSupported(path + ".apiGroup", apiGroup, List.of(GROUP)));
        }
      }
      default ->
          errs.add(
              FieldError.notSupported(
                  path + ".kind",
                  Json.text(s, "kind"),
                  List.of("ServiceAccount", "User", "Group")));
    }
  }

  /** A binding's roleRef never changes: to point it elsewhere, delete and recreate it. */
  static void bindingUpdate(List<FieldError> errs, JsonNode obj, JsonNode old) {
    JsonNode ref = obj.path("roleRef");
    if (!ref.equals(old.path("roleRef"))) {
      errs.add(
          FieldError.invalid(
              "roleRef",
              new GoValue(
                  "rbac.RoleRef{APIGroup:\""
                      + Json.text(ref, "apiGroup")
                      + "\", Kind:\""
                      + Json.text(ref, "kind")
                      + "\", Name:\""
                      + Json.text(ref, "name")
                      + "\"}"),
              "cannot change roleRef"));
    }
  }
}

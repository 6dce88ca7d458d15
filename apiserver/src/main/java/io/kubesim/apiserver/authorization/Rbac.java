package io.kubesim.apiserver.authorization;

import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.resource.Resources;
import io.kubesim.apiserver.storage.Store;
import io.kubesim.apiserver.storage.Stored;
import io.kubesim.core.api.ApiException;
import io.kubesim.core.api.Status;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The RBAC authorizer (plugin/pkg/auth/authorizer/rbac), evaluated against the stored roles and
 * bindings on every request of a caller outside system:masters: a request is allowed when some
 * ClusterRoleBinding, or some RoleBinding of the request's namespace, binds the caller to a role
 * with a rule that covers it. Nothing is cached: the store is in memory and the bindings few.
 */
public final class Rbac {
  private static final String GROUP = "rbac.authorization.k8s.io";

  private final Store store;
  private final ResourceType roles = type("roles");
  private final ResourceType clusterRoles = type("clusterroles");
  private final ResourceType roleBindings = type("rolebindings");
  private final ResourceType clusterRoleBindings = type("clusterrolebindings");

  public Rbac(Store store) {
    this.store = store;
  }

  /** An answer and, when allowed by a binding or refused for a broken one, why. */
  public record Decision(boolean allowed, String reason) {}

  public Decision authorize(Attributes a) {
    if (a.groups().contains(Users.MASTERS)) {
      return new Decision(true, "");
    }
    List<String> errors = new ArrayList<>();
    for (Stored binding : store.list(clusterRoleBindings, null).entries()) {
      String why = check(a, binding.object(), errors);
      if (why != null) {
        return new Decision(true, why);
      }
    }
    if (!a.namespace().isEmpty()) {
      for (Stored binding : store.list(roleBindings, a.namespace()).entries()) {
        String why = check(a, binding.object(), errors);
        if (why != null) {
          return new Decision(true, why);
        }
      }
    }
    return new Decision(false, errors.isEmpty() ? "" : "RBAC: " + String.join(", ", errors));
  }

  /** Throws 403 Forbidden with the real message unless the request is allowed. */
  public void check(Attributes a) {
    Decision decision = authorize(a);
    if (!decision.allowed()) {
      throw forbidden(a, decision.reason());
    }
  }

  /** Why the binding allows the request, or null when it does not. */
  private String check(Attributes a, JsonNode binding, List<String> errors) {
    String bindingNamespace = binding.path("metadata").path("namespace").asString("");
    JsonNode subject = matchingSubject(a, binding.path("subjects"), bindingNamespace);
    if (subject == null) {
      return null;
    }
    JsonNode ref = binding.path("roleRef");
    String roleKind = ref.path("kind").asString("");
    String roleName = ref.path("name").asString("");
    JsonNode role =
        roleKind.equals("Role")
            ? store.get(roles, bindingNamespace, roleName)
            : store.get(clusterRoles, null, roleName);
    if (role == null) {
      errors.add(
          (roleKind.equals("Role") ? "role." : "clusterrole.")
              + GROUP
              + " \""
              + roleName
              + "\" not found");
      return null;
    }
    for (JsonNode rule : role.path("rules")) {
      if (RuleMatch.allows(rule, a)) {
        String where =
            bindingNamespace.isEmpty()
                ? "ClusterRoleBinding \"" + binding.path("metadata").path("name").asString() + "\""
                : "RoleBinding \""
                    + binding.path("metadata").path("name").asString()
                    + "/"
                    + bindingNamespace
                    + "\"";
        return "RBAC: allowed by "
            + where
            + " of "
            + roleKind
            + " \""
            + roleName
            + "\" to "
            + describe(subject, bindingNamespace);
      }
    }
    return null;
  }

  private static JsonNode matchingSubject(Attributes a, JsonNode subjects, String bindingNs) {
    for (JsonNode s : subjects) {
      String name = s.path("name").asString("");
      boolean match =
          switch (s.path("kind").asString("")) {
            case "User" -> a.user().equals(name);
            case "Group" -> a.groups().contains(name);
            case "ServiceAccount" -> {
              String ns = s.path("namespace").asString("");
              yield a.user()
                  .equals("system:serviceaccount:" + (ns.isEmpty() ? bindingNs : ns) + ":" + name);
            }
            default -> false;
          };
      if (match) {
        return s;
      }
    }
    return null;
  }

  private static String describe(JsonNode subject, String bindingNs) {
    String kind = subject.path("kind").asString("");
    String name = subject.path("name").asString("");
    if (kind.equals("ServiceAccount")) {
      String ns = subject.path("namespace").asString("");
      name = name + "/" + (ns.isEmpty() ? bindingNs : ns);
    }
    return kind + " \"" + name + "\"";
  }

  /** responsewriters.Forbidden: who cannot do what, where. */
  static ApiException forbidden(Attributes a, String reason) {
    String message;
    if (!a.resourceRequest()) {
      message = "User \"" + a.user() + "\" cannot " + a.verb() + " path \"" + a.path() + "\"";
    } else {
      String resource =
          a.subresource().isEmpty() ? a.resource() : a.resource() + "/" + a.subresource();
      message =
          "User \""
              + a.user()
              + "\" cannot "
              + a.verb()
              + " resource \""
              + resource
              + "\" in API group \""
              + a.group()
              + "\""
              + (a.namespace().isEmpty()
                  ? " at the cluster scope"
                  : " in the namespace \"" + a.namespace() + "\"");
    }
    if (!reason.isEmpty()) {
      message += ": " + reason;
    }
    String qualified =
        a.resource().isEmpty() || a.group().isEmpty()
            ? a.resource()
            : a.resource() + "." + a.group();
    String prefix =
        qualified.isEmpty()
            ? "forbidden: "
            : qualified + (a.name().isEmpty() ? "" : " \"" + a.name() + "\"") + " is forbidden: ";
    return Status.failure(
        403,
        "Forbidden",
        prefix + message,
        a.name().isEmpty() ? null : a.name(),
        qualified.isEmpty() ? null : qualified);
  }

  private static ResourceType type(String plural) {
    return Resources.find(GROUP, "v1", plural).orElseThrow();
  }
}

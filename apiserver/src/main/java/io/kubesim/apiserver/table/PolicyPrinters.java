package io.kubesim.apiserver.table;

import static io.kubesim.apiserver.table.Printing.age;
import static io.kubesim.apiserver.table.Printing.name;
import static io.kubesim.apiserver.table.Printing.num;
import static io.kubesim.apiserver.table.Printing.str;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Disruption budgets, priority classes and RBAC bindings. */
final class PolicyPrinters {
  private PolicyPrinters() {}

  static final TablePrinter POD_DISRUPTION_BUDGETS =
      new SimplePrinter(
          List.of(
              Columns.NAME,
              Columns.string("Min Available", "The minimum number of pods that must be available."),
              Columns.string(
                  "Max Unavailable", "The maximum number of pods that may be unavailable."),
              Columns.integer(
                  "Allowed Disruptions",
                  "Calculated number of pods that may be disrupted at this time."),
              Columns.AGE),
          (o, now) -> {
            JsonNode spec = o.path("spec");
            return List.of(
                name(o),
                intOrString(spec.path("minAvailable")),
                intOrString(spec.path("maxUnavailable")),
                num(o.path("status").path("disruptionsAllowed")),
                age(o, now));
          });

  static final TablePrinter PRIORITY_CLASSES =
      new SimplePrinter(
          List.of(
              Columns.NAME,
              Columns.integer(
                  "Value",
                  "value represents the integer value of this priority class. This is the actual"
                      + " priority that pods receive when they have the name of this class in"
                      + " their pod spec."),
              Columns.bool(
                  "Global-Default",
                  "globalDefault specifies whether this PriorityClass should be considered as the"
                      + " default priority for pods that do not have any priority class. Only one"
                      + " PriorityClass can be marked as `globalDefault`. However, if more than"
                      + " one PriorityClasses exists with their `globalDefault` field set to true,"
                      + " the smallest value of such global default PriorityClasses will be used"
                      + " as the default priority."),
              Columns.AGE,
              Columns.string(
                  "PreemptionPolicy",
                  "preemptionPolicy is the Policy for preempting pods with lower priority. One of"
                      + " Never, PreemptLowerPriority. Defaults to PreemptLowerPriority if"
                      + " unset.")),
          (o, now) ->
              List.of(
                  name(o),
                  num(o.path("value")),
                  Printing.bool(o.path("globalDefault")),
                  age(o, now),
                  str(o.path("preemptionPolicy"))));

  static final TablePrinter ROLE_BINDINGS =
      bindings(
          "RoleRef can reference a Role in the current namespace or a ClusterRole in the global"
              + " namespace. If the RoleRef cannot be resolved, the Authorizer must return an"
              + " error.",
          "roleBinding");

  static final TablePrinter CLUSTER_ROLE_BINDINGS =
      bindings(
          "RoleRef can only reference a ClusterRole in the global namespace. If the RoleRef"
              + " cannot be resolved, the Authorizer must return an error.",
          "clusterRoleBinding");

  /** NAME ROLE AGE, and with -o wide the users, groups and service accounts bound. */
  private static TablePrinter bindings(String roleRefDoc, String noun) {
    return new SimplePrinter(
        List.of(
            Columns.NAME,
            Columns.string("Role", roleRefDoc),
            Columns.AGE,
            Columns.wide("Users", "Users in the " + noun),
            Columns.wide("Groups", "Groups in the " + noun),
            Columns.wide("ServiceAccounts", "ServiceAccounts in the " + noun)),
        (o, now) -> {
          JsonNode ref = o.path("roleRef");
          List<String> users = new ArrayList<>();
          List<String> groups = new ArrayList<>();
          List<String> accounts = new ArrayList<>();
          for (JsonNode subject : o.path("subjects")) {
            String subjectName = str(subject.path("name"));
            switch (str(subject.path("kind"))) {
              case "User" -> users.add(subjectName);
              case "Group" -> groups.add(subjectName);
              case "ServiceAccount" ->
                  accounts.add(str(subject.path("namespace")) + "/" + subjectName);
              default -> {}
            }
          }
          return List.of(
              name(o),
              str(ref.path("kind")) + "/" + str(ref.path("name")),
              age(o, now),
              String.join(", ", users),
              String.join(", ", groups),
              String.join(", ", accounts));
        });
  }

  /** intstr.IntOrString's String(), or N/A when the field is unset. */
  private static String intOrString(JsonNode value) {
    if (value.isMissingNode() || value.isNull()) {
      return "N/A";
    }
    return value.isNumber() ? Long.toString(value.asLong()) : value.asString("");
  }
}

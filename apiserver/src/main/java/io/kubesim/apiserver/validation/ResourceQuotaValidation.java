package io.kubesim.apiserver.validation;

import io.kubesim.core.api.FieldError;
import io.kubesim.core.quantity.Quantity;
import io.kubesim.core.selector.LabelValidation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * ValidateResourceQuotaSpec: hard names a quota knows (or fully qualified), amounts not negative
 * and whole where they count objects, scopes that exist, fit what the quota limits and do not
 * contradict each other, and scope selectors with an operator and values that go together. Bad
 * values print as Go's %#v of the internal types ({@code []core.ResourceQuotaScope{"BestEffort"}}).
 */
final class ResourceQuotaValidation {
  private static final Set<String> STANDARD_RESOURCES =
      Set.of(
          "cpu",
          "memory",
          "ephemeral-storage",
          "requests.cpu",
          "requests.memory",
          "requests.ephemeral-storage",
          "limits.cpu",
          "limits.memory",
          "limits.ephemeral-storage",
          "pods",
          "resourcequotas",
          "services",
          "replicationcontrollers",
          "secrets",
          "configmaps",
          "persistentvolumeclaims",
          "storage",
          "requests.storage",
          "services.nodeports",
          "services.loadbalancers");

  private static final Set<String> INTEGER_RESOURCES =
      Set.of(
          "pods",
          "resourcequotas",
          "services",
          "replicationcontrollers",
          "secrets",
          "configmaps",
          "persistentvolumeclaims",
          "services.nodeports",
          "services.loadbalancers");

  private static final Set<String> SCOPES =
      Set.of(
          "Terminating",
          "NotTerminating",
          "BestEffort",
          "NotBestEffort",
          "PriorityClass",
          "CrossNamespacePodAffinity");

  private static final Set<String> POD_COMPUTE =
      Set.of("cpu", "memory", "limits.cpu", "limits.memory", "requests.cpu", "requests.memory");

  private static final List<Set<String>> CONFLICTS =
      List.of(Set.of("BestEffort", "NotBestEffort"), Set.of("Terminating", "NotTerminating"));

  private ResourceQuotaValidation() {}

  static void resourceQuota(List<FieldError> errs, JsonNode object) {
    JsonNode spec = object.path("spec");
    TreeMap<String, String> hard = new TreeMap<>();
    spec.path("hard").properties().forEach(e -> hard.put(e.getKey(), e.getValue().asString("")));
    hard.forEach((name, amount) -> hard(errs, "spec.hard[" + name + "]", name, amount));
    scopes(errs, spec, hard.keySet());
    scopeSelector(errs, spec, hard.keySet());
  }

  private static void hard(List<FieldError> errs, String path, String name, String amount) {
    List<String> nameErrors = LabelValidation.keyErrors(name);
    nameErrors.forEach(msg -> errs.add(FieldError.invalid(path, name, msg)));
    boolean hugepages = name.startsWith("hugepages-") || name.startsWith("requests.hugepages-");
    if (nameErrors.isEmpty() && !name.contains("/") && !hugepages) {
      if (!STANDARD_RESOURCES.contains(name)) {
        errs.add(
            FieldError.invalid(path, name, "must be a standard resource type or fully qualified"));
      }
      if (!STANDARD_RESOURCES.contains(name) || name.equals("storage")) {
        errs.add(FieldError.invalid(path, name, "must be a standard resource for quota"));
      }
    }
    Quantity q;
    try {
      q = Quantity.parse(amount);
    } catch (IllegalArgumentException e) {
      return; // the decoder's error, reported elsewhere
    }
    if (q.signum() < 0) {
      errs.add(FieldError.invalid(path, q.canonical(), "must be greater than or equal to 0"));
    }
    if (integer(name) && q.milliValue() % 1000 != 0) {
      errs.add(FieldError.invalid(path, GoQuantity.parsed(amount), "must be an integer"));
    }
  }

  /** The object counts, and extended resources (example.com/dongle). */
  private static boolean integer(String name) {
    return INTEGER_RESOURCES.contains(name)
        || (name.contains("/")
            && !name.contains("kubernetes.io/")
            && !name.startsWith("requests."));
  }

  private static void scopes(List<FieldError> errs, JsonNode spec, Set<String> hard) {
    List<String> scopes = new ArrayList<>();
    spec.path("scopes").forEach(s -> scopes.add(s.asString("")));
    if (scopes.isEmpty()) {
      return;
    }
    String value = scopeList(scopes);
    for (String scope : scopes) {
      if (!SCOPES.contains(scope)) {
        errs.add(FieldError.invalid("spec.scopes", raw(value), "unsupported scope"));
      }
      for (String name : hard) {
        if (standardQuota(name) && !scopeFits(scope, name)) {
          errs.add(
              FieldError.invalid(
                  "spec.scopes", raw(value), "unsupported scope applied to resource"));
        }
      }
    }
    conflicts(errs, "spec.scopes", new TreeSet<>(scopes), value);
  }

  private static void scopeSelector(List<FieldError> errs, JsonNode spec, Set<String> hard) {
    JsonNode expressions = spec.path("scopeSelector").path("matchExpressions");
    if (!spec.path("scopeSelector").isObject()) {
      return;
    }
    String path = "spec.scopeSelector.matchExpressions";
    Set<String> scopes = new TreeSet<>();
    for (JsonNode req : expressions) {
      String scope = req.path("scopeName").asString("");
      String operator = req.path("operator").asString("");
      if (!SCOPES.contains(scope)) {
        errs.add(FieldError.invalid(path + ".scopeName", raw(goQuote(scope)), "unsupported scope"));
      }
      for (String name : hard) {
        if (standardQuota(name) && !scopeFits(scope, name)) {
          errs.add(
              FieldError.invalid(
                  path, raw(selector(expressions)), "unsupported scope applied to resource"));
        }
      }
      if (Set.of("BestEffort", "NotBestEffort", "Terminating", "NotTerminating").contains(scope)
          && !operator.equals("Exists")) {
        errs.add(
            FieldError.invalid(
                path + ".operator",
                raw(goQuote(operator)),
                "must be 'Exist' only operator when scope is any of"
                    + " ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating,"
                    + " ResourceQuotaScopeBestEffort and ResourceQuotaScopeNotBestEffort"));
      }
      int values = req.path("values").size();
      switch (operator) {
        case "In", "NotIn" -> {
          if (values == 0) {
            errs.add(
                FieldError.required(
                    path + ".values",
                    "must be at least one value when `operator` is 'In' or 'NotIn' for scope"
                        + " selector"));
          }
        }
        case "Exists", "DoesNotExist" -> {
          if (values != 0) {
            errs.add(
                FieldError.invalid(
                    path + ".values",
                    raw(strings(req.path("values"))),
                    "must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope"
                        + " selector"));
          }
        }
        default ->
            errs.add(
                FieldError.invalid(
                    path + ".operator", raw(goQuote(operator)), "not a valid selector operator"));
      }
      scopes.add(scope);
    }
    List<String> specScopes = new ArrayList<>();
    spec.path("scopes").forEach(s -> specScopes.add(s.asString("")));
    conflicts(errs, path, scopes, scopeList(specScopes));
  }

  private static void conflicts(
      List<FieldError> errs, String path, Set<String> scopes, String value) {
    for (Set<String> pair : CONFLICTS) {
      if (scopes.containsAll(pair)) {
        errs.add(FieldError.invalid(path, raw(value), "conflicting scopes"));
      }
    }
  }

  private static boolean standardQuota(String name) {
    return (STANDARD_RESOURCES.contains(name) && !name.equals("storage"))
        || name.startsWith("hugepages-")
        || name.startsWith("requests.hugepages-");
  }

  /** IsResourceQuotaScopeValidForResource. */
  private static boolean scopeFits(String scope, String name) {
    return switch (scope) {
      case "Terminating",
          "NotTerminating",
          "NotBestEffort",
          "PriorityClass",
          "CrossNamespacePodAffinity" ->
          name.equals("pods") || POD_COMPUTE.contains(name);
      case "BestEffort" -> name.equals("pods");
      default -> true;
    };
  }

  /** {@code []core.ResourceQuotaScope{"BestEffort", "NotBestEffort"}}, or its nil. */
  private static String scopeList(List<String> scopes) {
    if (scopes.isEmpty()) {
      return "[]core.ResourceQuotaScope(nil)";
    }
    List<String> quoted = scopes.stream().map(ResourceQuotaValidation::goQuote).toList();
    return "[]core.ResourceQuotaScope{" + String.join(", ", quoted) + "}";
  }

  private static String selector(JsonNode expressions) {
    List<String> items = new ArrayList<>();
    for (JsonNode req : expressions) {
      items.add(
          "core.ScopedResourceSelectorRequirement{ScopeName:"
              + goQuote(req.path("scopeName").asString(""))
              + ", Operator:"
              + goQuote(req.path("operator").asString(""))
              + ", Values:"
              + strings(req.path("values"))
              + "}");
    }
    return "core.ScopeSelector{MatchExpressions:[]core.ScopedResourceSelectorRequirement{"
        + String.join(", ", items)
        + "}}";
  }

  private static String strings(JsonNode values) {
    if (values.isEmpty()) {
      return "[]string(nil)";
    }
    List<String> quoted = new ArrayList<>();
    values.forEach(v -> quoted.add(goQuote(v.asString(""))));
    return "[]string{" + String.join(", ", quoted) + "}";
  }

  private static String goQuote(String s) {
    return LabelValidation.goQuote(s);
  }

  /** A value already in Go's notation, printed as it is. */
  private static Object raw(String text) {
    return new Object() {
      @Override
      public String toString() {
        return text;
      }
    };
  }
}

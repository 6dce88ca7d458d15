package io.kubesim.apiserver.authorization;

import tools.jackson.databind.JsonNode;

/** Whether one PolicyRule covers a request (rbac/v1 RuleAllows and its helpers). */
final class RuleMatch {
  private RuleMatch() {}

  static boolean allows(JsonNode rule, Attributes a) {
    if (!has(rule.path("verbs"), a.verb())) {
      return false;
    }
    if (!a.resourceRequest()) {
      return nonResourceUrl(rule.path("nonResourceURLs"), a.path());
    }
    String combined =
        a.subresource().isEmpty() ? a.resource() : a.resource() + "/" + a.subresource();
    return has(rule.path("apiGroups"), a.group())
        && resource(rule.path("resources"), combined, a.subresource())
        && resourceName(rule.path("resourceNames"), a.name());
  }

  /** The value itself or the "*" wildcard. */
  private static boolean has(JsonNode values, String value) {
    for (JsonNode v : values) {
      String s = v.asString("");
      if (s.equals("*") || s.equals(value)) {
        return true;
      }
    }
    return false;
  }

  /** ResourceMatches: "*", the resource (with its subresource), or "*&#47;subresource". */
  private static boolean resource(JsonNode resources, String combined, String subresource) {
    for (JsonNode r : resources) {
      String s = r.asString("");
      if (s.equals("*")
          || s.equals(combined)
          || (!subresource.isEmpty() && s.equals("*/" + subresource))) {
        return true;
      }
    }
    return false;
  }

  /** No names means every name; a request without a name never matches a named rule. */
  private static boolean resourceName(JsonNode names, String name) {
    if (names.isEmpty()) {
      return true;
    }
    for (JsonNode n : names) {
      if (n.asString("").equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** NonResourceURLMatches: "*", the path, or a prefix ending in "*". */
  private static boolean nonResourceUrl(JsonNode urls, String path) {
    for (JsonNode u : urls) {
      String s = u.asString("");
      if (s.equals("*")
          || s.equals(path)
          || (s.endsWith("*") && path.startsWith(s.substring(0, s.length() - 1)))) {
        return true;
      }
    }
    return false;
  }
}

package io.kubesim.core.quota;

import io.kubesim.core.quantity.Quantity;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * How quota measures one resource (apiserver/pkg/quota/v1 Evaluator): which quota resource names it
 * tracks, whether an object falls in a scope, and what an object uses. The admission plugin charges
 * a request's usage with it; the resource quota controller sums it over a namespace.
 */
public interface Evaluator {
  /** The resource measured, qualified: {@code pods}, {@code deployments.apps}. */
  String groupResource();

  /**
   * Whether a request may change usage: {@code operation} is CREATE or UPDATE, {@code subresource}
   * null for the main resource.
   */
  boolean handles(String operation, String subresource, JsonNode object, JsonNode oldObject);

  /** The names among {@code names} this evaluator measures. */
  List<String> matchingResources(Collection<String> names);

  /** Whether the object is in the scope; resources without scopes are in none. */
  default boolean matchesScope(ScopeSelector scope, JsonNode object) {
    return false;
  }

  /** What the object uses, by quota resource name; {@code now} for pods stuck terminating. */
  Map<String, Quantity> usage(JsonNode object, Instant now);

  /**
   * Why the object cannot be admitted under a quota on {@code required}, or null: a pod must state
   * the cpu and memory a quota tracks.
   */
  default String constraints(Collection<String> required, JsonNode object) {
    return null;
  }

  /** The quota resource counting objects of a resource: {@code count/deployments.apps}. */
  static String objectCountName(String groupResource) {
    return "count/" + groupResource;
  }
}

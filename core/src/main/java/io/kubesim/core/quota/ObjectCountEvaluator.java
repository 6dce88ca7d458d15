package io.kubesim.core.quota;

import io.kubesim.core.quantity.Quantity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * Counts the objects of one resource ({@code count/deployments.apps}), plus the legacy alias some
 * core resources have ({@code configmaps}, {@code secrets}, {@code replicationcontrollers}, {@code
 * resourcequotas}). Charged on create only: an update never changes a count.
 */
public record ObjectCountEvaluator(String groupResource, List<String> names) implements Evaluator {
  public static ObjectCountEvaluator of(String groupResource, String alias) {
    List<String> names = new ArrayList<>();
    names.add(Evaluator.objectCountName(groupResource));
    if (alias != null) {
      names.add(alias);
    }
    return new ObjectCountEvaluator(groupResource, List.copyOf(names));
  }

  @Override
  public boolean handles(String operation, String subresource, JsonNode object, JsonNode old) {
    return operation.equals("CREATE");
  }

  @Override
  public List<String> matchingResources(Collection<String> input) {
    return input.stream().filter(names::contains).toList();
  }

  @Override
  public Map<String, Quantity> usage(JsonNode object, Instant now) {
    Map<String, Quantity> out = new TreeMap<>();
    names.forEach(name -> out.put(name, Quantity.parse("1")));
    return out;
  }
}

package io.kubesim.core.selector;

import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import java.util.List;
import java.util.Map;

/**
 * A v1.NodeSelector against a node (component-helpers nodeaffinity): the terms are ORed; inside a
 * term every matchExpression and matchField must match; a term with neither matches nothing. Used
 * by the scheduler's NodeAffinity for pods and by volume binding for a PersistentVolume's
 * spec.nodeAffinity.required.
 */
public final class NodeSelectors {
  /** The only field matchFields supports. */
  public static final String FIELD_NAME = "metadata.name";

  private NodeSelectors() {}

  /** Whether any term matches; a selector without terms matches nothing. */
  public static boolean matches(NodeSelector selector, Map<String, String> labels, String node) {
    List<NodeSelectorTerm> terms = selector.getNodeSelectorTerms();
    return terms != null && terms.stream().anyMatch(t -> termMatches(t, labels, node));
  }

  public static boolean termMatches(
      NodeSelectorTerm term, Map<String, String> labels, String nodeName) {
    List<NodeSelectorRequirement> exprs = orEmpty(term.getMatchExpressions());
    List<NodeSelectorRequirement> fields = orEmpty(term.getMatchFields());
    if (exprs.isEmpty() && fields.isEmpty()) {
      return false;
    }
    for (NodeSelectorRequirement r : exprs) {
      if (!requirementMatches(r, labels)) {
        return false;
      }
    }
    for (NodeSelectorRequirement r : fields) {
      if (!FIELD_NAME.equals(r.getKey()) || !requirementMatches(r, Map.of(FIELD_NAME, nodeName))) {
        return false;
      }
    }
    return true;
  }

  /**
   * One requirement: In and NotIn compare the value (NotIn also matches an absent key), Exists and
   * DoesNotExist test presence, Gt and Lt compare a present label as an integer with the single
   * value (a label that is not an integer never matches).
   */
  public static boolean requirementMatches(NodeSelectorRequirement r, Map<String, String> labels) {
    List<String> values = orEmpty(r.getValues());
    boolean has = labels.containsKey(r.getKey());
    String value = labels.get(r.getKey());
    return switch (r.getOperator() == null ? "" : r.getOperator()) {
      case "In" -> has && values.contains(value);
      case "NotIn" -> !has || !values.contains(value);
      case "Exists" -> has;
      case "DoesNotExist" -> !has;
      case "Gt", "Lt" ->
          has && values.size() == 1 && compare(r.getOperator(), value, values.get(0));
      default -> false;
    };
  }

  private static boolean compare(String op, String label, String bound) {
    try {
      long l = Long.parseLong(label);
      long b = Long.parseLong(bound);
      return op.equals("Gt") ? l > b : l < b;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static <T> List<T> orEmpty(List<T> l) {
    return l == null ? List.of() : l;
  }
}

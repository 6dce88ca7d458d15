package io.kubesim.scheduler.plugins.nodeaffinity;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubesim.scheduler.framework.FilterPlugin;
import io.kubesim.scheduler.framework.NodeInfo;
import io.kubesim.scheduler.framework.Status;
import java.util.List;
import java.util.Map;

/**
 * {@code spec.nodeSelector} and {@code requiredDuringSchedulingIgnoredDuringExecution}: both must
 * match. The required selector's terms are ORed; inside a term every matchExpression and matchField
 * must match; a term with neither matches nothing (component-helpers nodeaffinity).
 *
 * <p>Preferred terms (the NodeAffinity score) are not implemented yet.
 */
public final class NodeAffinity implements FilterPlugin {

  public static final String NAME = "NodeAffinity";
  public static final String REASON = "node(s) didn't match Pod's node affinity/selector";

  /** The only field matchFields supports. */
  public static final String FIELD_NAME = "metadata.name";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Status filter(Pod pod, NodeInfo node) {
    return matches(pod, node) ? Status.SUCCESS : Status.unresolvable(NAME, REASON);
  }

  /** Whether the pod's node selector and required node affinity both match the node. */
  public static boolean matches(Pod pod, NodeInfo node) {
    Map<String, String> labels = node.labels();
    Map<String, String> selector = pod.getSpec().getNodeSelector();
    if (selector != null && !selector.isEmpty()) {
      for (var e : selector.entrySet()) {
        if (!e.getValue().equals(labels.get(e.getKey()))) {
          return false;
        }
      }
    }
    var affinity = pod.getSpec().getAffinity();
    if (affinity == null
        || affinity.getNodeAffinity() == null
        || affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
      return true;
    }
    List<NodeSelectorTerm> terms =
        affinity
            .getNodeAffinity()
            .getRequiredDuringSchedulingIgnoredDuringExecution()
            .getNodeSelectorTerms();
    if (terms == null) {
      return false;
    }
    return terms.stream().anyMatch(t -> termMatches(t, labels, node.name()));
  }

  static boolean termMatches(NodeSelectorTerm term, Map<String, String> labels, String nodeName) {
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
  static boolean requirementMatches(NodeSelectorRequirement r, Map<String, String> labels) {
    List<String> values = orEmpty(r.getValues());
    boolean has = labels.containsKey(r.getKey());
    String value = labels.get(r.getKey());
    return switch (r.getOperator()) {
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

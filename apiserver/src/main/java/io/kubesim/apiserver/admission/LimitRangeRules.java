package io.kubesim.apiserver.admission;

import io.kubesim.core.quantity.Quantity;
import io.kubesim.core.quota.PodResources;
import io.kubesim.core.quota.ResourceList;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What one LimitRange asks of a pod or a claim (plugin/pkg/admission/limitranger), as pure
 * functions: the defaults it gives containers, and the constraints it checks with their messages.
 * Resources are visited in name order (Go visits a map, in no fixed order).
 */
final class LimitRangeRules {
  static final String ANNOTATION = "kubernetes.io/limit-ranger";

  /** resource.MaxMilliValue: beyond it values are compared whole rather than in thousandths. */
  private static final long MAX_MILLI_VALUE = Long.MAX_VALUE / 1000;

  private LimitRangeRules() {}

  /**
   * Gives every container and init container the Container items' {@code default} limits and {@code
   * defaultRequest} requests it lacks, and records what was set in the {@code
   * kubernetes.io/limit-ranger} annotation: {@code LimitRanger plugin set: cpu, memory request for
   * container nginx; cpu limit for container nginx}.
   */
  static void applyDefaults(JsonNode limitRange, ObjectNode pod) {
    Map<String, JsonNode> requests = new TreeMap<>();
    Map<String, JsonNode> limits = new TreeMap<>();
    for (JsonNode item : limitRange.path("spec").path("limits")) {
      if (item.path("type").asString("").equals("Container")) {
        item.path("defaultRequest")
            .properties()
            .forEach(e -> requests.put(e.getKey(), e.getValue()));
        item.path("default").properties().forEach(e -> limits.put(e.getKey(), e.getValue()));
      }
    }
    List<String> notes = new ArrayList<>();
    JsonNode spec = pod.path("spec");
    for (JsonNode container : spec.path("containers")) {
      merge((ObjectNode) container, requests, limits, "container", notes);
    }
    for (JsonNode container : spec.path("initContainers")) {
      merge((ObjectNode) container, requests, limits, "init container", notes);
    }
    if (!notes.isEmpty()) {
      ObjectNode metadata =
          pod.get("metadata") instanceof ObjectNode m ? m : pod.putObject("metadata");
      ObjectNode annotations =
          metadata.get("annotations") instanceof ObjectNode a
              ? a
              : metadata.putObject("annotations");
      annotations.put(ANNOTATION, "LimitRanger plugin set: " + String.join("; ", notes));
    }
  }

  private static void merge(
      ObjectNode container,
      Map<String, JsonNode> requests,
      Map<String, JsonNode> limits,
      String what,
      List<String> notes) {
    ObjectNode resources =
        container.get("resources") instanceof ObjectNode r ? r : container.putObject("resources");
    List<String> setLimits = fill(resources, "limits", limits);
    List<String> setRequests = fill(resources, "requests", requests);
    String name = container.path("name").asString("");
    if (!setRequests.isEmpty()) {
      notes.add(String.join(", ", setRequests) + " request for " + what + " " + name);
    }
    if (!setLimits.isEmpty()) {
      notes.add(String.join(", ", setLimits) + " limit for " + what + " " + name);
    }
  }

  private static List<String> fill(ObjectNode resources, String kind, Map<String, JsonNode> from) {
    List<String> set = new ArrayList<>();
    if (from.isEmpty()) {
      return set;
    }
    ObjectNode list =
        resources.get(kind) instanceof ObjectNode existing ? existing : resources.putObject(kind);
    from.forEach(
        (name, value) -> {
          if (!list.has(name)) {
            list.set(name, value.deepCopy());
            set.add(name);
          }
        });
    return set;
  }

  /** The errors of a pod against the Container and Pod items, in the plugin's order. */
  static List<String> checkPod(JsonNode limitRange, JsonNode pod) {
    List<String> errors = new ArrayList<>();
    for (JsonNode item : limitRange.path("spec").path("limits")) {
      String type = item.path("type").asString("");
      if (type.equals("Container")) {
        for (String list : new String[] {"containers", "initContainers"}) {
          for (JsonNode container : pod.path("spec").path(list)) {
            check(
                type,
                item,
                PodResources.of(container, "requests"),
                PodResources.of(container, "limits"),
                errors);
          }
        }
      } else if (type.equals("Pod")) {
        check(
            type, item, PodResources.requests(pod, false), PodResources.limits(pod, false), errors);
      }
    }
    return errors;
  }

  private static void check(
      String type,
      JsonNode item,
      Map<String, Quantity> requests,
      Map<String, Quantity> limits,
      List<String> errors) {
    ResourceList.of(item.path("min"))
        .forEach((name, min) -> add(errors, min(type, name, min, requests, limits)));
    ResourceList.of(item.path("max"))
        .forEach((name, max) -> add(errors, max(type, name, max, requests, limits)));
    ResourceList.of(item.path("maxLimitRequestRatio"))
        .forEach((name, ratio) -> add(errors, ratio(type, name, ratio, requests, limits)));
  }

  /** The errors of a claim against the PersistentVolumeClaim items: its requested storage. */
  static List<String> checkClaim(JsonNode limitRange, JsonNode claim) {
    List<String> errors = new ArrayList<>();
    Map<String, Quantity> requests =
        ResourceList.of(claim.path("spec").path("resources").path("requests"));
    for (JsonNode item : limitRange.path("spec").path("limits")) {
      String type = item.path("type").asString("");
      if (!type.equals("PersistentVolumeClaim")) {
        continue;
      }
      ResourceList.of(item.path("min"))
          .forEach((name, min) -> add(errors, min(type, name, min, requests, Map.of())));
      ResourceList.of(item.path("max"))
          .forEach((name, max) -> add(errors, maxRequest(type, name, max, requests)));
    }
    return errors;
  }

  private static void add(List<String> errors, String error) {
    if (error != null) {
      errors.add(error);
    }
  }

  private static String min(
      String type,
      String name,
      Quantity min,
      Map<String, Quantity> requests,
      Map<String, Quantity> limits) {
    Quantity request = requests.get(name);
    Quantity limit = limits.get(name);
    String head = "minimum " + name + " usage per " + type + " is " + min.canonical();
    if (request == null) {
      return head + ".  No request is specified";
    }
    if (compare(request, min) < 0) {
      return head + ", but request is " + request.canonical();
    }
    if (limit != null && compare(limit, min) < 0) {
      return head + ", but limit is " + limit.canonical();
    }
    return null;
  }

  private static String max(
      String type,
      String name,
      Quantity max,
      Map<String, Quantity> requests,
      Map<String, Quantity> limits) {
    Quantity request = requests.get(name);
    Quantity limit = limits.get(name);
    String head = "maximum " + name + " usage per " + type + " is " + max.canonical();
    if (limit == null) {
      return head + ".  No limit is specified";
    }
    if (compare(limit, max) > 0) {
      return head + ", but limit is " + limit.canonical();
    }
    if (request != null && compare(request, max) > 0) {
      return head + ", but request is " + request.canonical();
    }
    return null;
  }

  /** max for what has no limits (a claim): only the request is held to it. */
  private static String maxRequest(
      String type, String name, Quantity max, Map<String, Quantity> requests) {
    Quantity request = requests.get(name);
    String head = "maximum " + name + " usage per " + type + " is " + max.canonical();
    if (request == null) {
      return head + ".  No request is specified";
    }
    if (compare(request, max) > 0) {
      return head + ", but request is " + request.canonical();
    }
    return null;
  }

  /**
   * maxLimitRequestRatio: limit / request at most the ratio. Worked example: ratio 2, request 250m
   * and limit 1 give 1000 / 250 = 4, printed {@code 4.000000}; refused.
   */
  private static String ratio(
      String type,
      String name,
      Quantity ratio,
      Map<String, Quantity> requests,
      Map<String, Quantity> limits) {
    Quantity request = requests.get(name);
    Quantity limit = limits.get(name);
    String head =
        name + " max limit to request ratio per " + type + " is " + ratio.canonical() + ", but";
    boolean milli = fitsMilli(request) && fitsMilli(limit);
    if (request == null || value(request, milli) == 0) {
      return head + " no request is specified or request is 0";
    }
    if (limit == null || value(limit, milli) == 0) {
      return head + " no limit is specified or limit is 0";
    }
    double observed = (double) value(limit, milli) / value(request, milli);
    boolean ratioMilli = ratio.longValue() <= MAX_MILLI_VALUE;
    double compared = ratioMilli ? observed * 1000 : observed;
    double allowed = ratioMilli ? ratio.milliValue() : ratio.longValue();
    if (compared > allowed) {
      return head + " provided ratio is " + String.format(Locale.ROOT, "%f", observed);
    }
    return null;
  }

  /** In thousandths when both fit (requestLimitEnforcedValues), else whole values. */
  private static int compare(Quantity observed, Quantity enforced) {
    boolean milli = fitsMilli(observed) && fitsMilli(enforced);
    return Long.compare(value(observed, milli), value(enforced, milli));
  }

  private static boolean fitsMilli(Quantity q) {
    return q == null || q.longValue() <= MAX_MILLI_VALUE;
  }

  private static long value(Quantity q, boolean milli) {
    return milli ? q.milliValue() : q.longValue();
  }

  /** utilerrors.NewAggregate's text: one message alone, several deduplicated in brackets. */
  static String aggregate(List<String> errors) {
    Set<String> unique = new LinkedHashSet<>(errors);
    if (unique.size() == 1) {
      return unique.iterator().next();
    }
    return "[" + String.join(", ", unique) + "]";
  }
}

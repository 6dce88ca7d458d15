package io.kubesim.console.cluster;

import io.kubesim.core.json.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Nodes as boxes with their pods: conditions, taints, allocatable against what the pods request and
 * what they use; the pods no node holds yet go to {@code unscheduled}.
 */
final class NodesView {
  private NodesView() {}

  static void build(Snapshot s, ObjectNode view) {
    Map<String, List<JsonNode>> podsByNode = new LinkedHashMap<>();
    ArrayNode unscheduled = view.putArray("unscheduled");
    List<ObjectNode> pods = new ArrayList<>(s.list("Pod"));
    pods.sort(Comparator.comparing(Objects::key));
    for (JsonNode pod : pods) {
      String node = pod.path("spec").path("nodeName").asString("");
      if (node.isEmpty()) {
        unscheduled.add(PodSummary.of(pod, null));
      } else {
        podsByNode.computeIfAbsent(node, n -> new ArrayList<>()).add(pod);
      }
    }
    ArrayNode nodes = view.putArray("nodes");
    List<ObjectNode> sorted = new ArrayList<>(s.list("Node"));
    sorted.sort(Comparator.comparing(Objects::name));
    for (JsonNode node : sorted) {
      nodes.add(node(node, podsByNode.getOrDefault(Objects.name(node), List.of()), s));
    }
  }

  private static ObjectNode node(JsonNode node, List<JsonNode> pods, Snapshot s) {
    ObjectNode json = Json.object();
    String name = Objects.name(node);
    json.put("name", name);
    json.put("ready", conditionTrue(node, "Ready"));
    json.put("unschedulable", node.path("spec").path("unschedulable").asBoolean(false));
    ArrayNode conditions = json.putArray("conditions");
    for (JsonNode c : node.path("status").path("conditions")) {
      conditions
          .addObject()
          .put("type", c.path("type").asString(""))
          .put("status", c.path("status").asString(""))
          .put("reason", c.path("reason").asString(""))
          .put("message", c.path("message").asString(""));
    }
    ArrayNode taints = json.putArray("taints");
    for (JsonNode t : node.path("spec").path("taints")) {
      String value = t.path("value").asString("");
      taints.add(
          t.path("key").asString("")
              + (value.isEmpty() ? "" : "=" + value)
              + ":"
              + t.path("effect").asString(""));
    }
    JsonNode allocatable = node.path("status").path("allocatable");
    json.putObject("allocatable")
        .put("cpu", Resources.milli(allocatable.path("cpu")))
        .put("memory", Resources.whole(allocatable.path("memory")))
        .put("pods", Resources.whole(allocatable.path("pods")));
    long cpu = 0;
    long memory = 0;
    int running = 0;
    ArrayNode podBoxes = json.putArray("pods");
    for (JsonNode pod : pods) {
      ObjectNode box = PodSummary.of(pod, s.usage().get(Objects.key(pod)));
      podBoxes.add(box);
      String phase = box.path("phase").asString();
      if (!phase.equals("Succeeded") && !phase.equals("Failed")) {
        cpu += box.path("requests").path("cpu").asLong();
        memory += box.path("requests").path("memory").asLong();
        running++;
      }
    }
    json.putObject("requested").put("cpu", cpu).put("memory", memory).put("pods", running);
    Snapshot.Usage usage = s.usage().get(name);
    if (usage != null) {
      json.putObject("usage").put("cpu", usage.cpuMillis()).put("memory", usage.memoryBytes());
    }
    return json;
  }

  private static boolean conditionTrue(JsonNode o, String type) {
    for (JsonNode c : o.path("status").path("conditions")) {
      if (type.equals(c.path("type").asString(""))) {
        return "True".equals(c.path("status").asString(""));
      }
    }
    return false;
  }
}

package io.kubesim.console.cluster;

import io.kubesim.core.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** One pod as a box on the page: phase, readiness, restarts, the reason a learner should see. */
final class PodSummary {
  private PodSummary() {}

  static ObjectNode of(JsonNode pod, Snapshot.Usage usage) {
    ObjectNode json = Json.object();
    json.put("namespace", Objects.namespace(pod)).put("name", Objects.name(pod));
    json.put("node", pod.path("spec").path("nodeName").asString(""));
    json.put("phase", pod.path("status").path("phase").asString("Pending"));
    json.put("ready", ready(pod));
    json.put("restarts", restarts(pod));
    json.put("status", status(pod));
    Resources.requests(pod, json.putObject("requests"));
    if (usage != null) {
      json.putObject("usage").put("cpu", usage.cpuMillis()).put("memory", usage.memoryBytes());
    }
    JsonNode owner = pod.path("metadata").path("ownerReferences").path(0);
    if (!owner.isMissingNode()) {
      json.put("owner", owner.path("kind").asString() + "/" + owner.path("name").asString());
    }
    return json;
  }

  static boolean ready(JsonNode pod) {
    for (JsonNode c : pod.path("status").path("conditions")) {
      if ("Ready".equals(c.path("type").asString(""))) {
        return "True".equals(c.path("status").asString(""));
      }
    }
    return false;
  }

  static int restarts(JsonNode pod) {
    int n = 0;
    for (JsonNode c : pod.path("status").path("containerStatuses")) {
      n += c.path("restartCount").asInt(0);
    }
    return n;
  }

  /** What kubectl get pods prints in STATUS, roughly: a waiting reason beats the phase. */
  static String status(JsonNode pod) {
    if (!pod.path("metadata").path("deletionTimestamp").isMissingNode()) {
      return "Terminating";
    }
    for (JsonNode c : pod.path("status").path("containerStatuses")) {
      String waiting = c.path("state").path("waiting").path("reason").asString("");
      if (!waiting.isEmpty() && !waiting.equals("ContainerCreating")) {
        return waiting;
      }
      String terminated = c.path("state").path("terminated").path("reason").asString("");
      if (!terminated.isEmpty()) {
        return terminated;
      }
    }
    return pod.path("status").path("phase").asString("Pending");
  }
}

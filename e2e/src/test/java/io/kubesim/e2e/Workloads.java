package io.kubesim.e2e;

import io.kubesim.core.json.Json;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Whether the cluster is healed, as a learner reads it from kubectl: one {@code kubectl get} of
 * every node and workload, judged the way the console's recorder is documented to judge it.
 */
final class Workloads {
  /** kubectl's arguments: nodes and every workload kind in one list. */
  static final String[] GET = {
    "get", "nodes,deployments,replicasets,statefulsets,daemonsets", "-A", "-o", "json"
  };

  private Workloads() {}

  /** {@code Deployment default/web} for each workload with its desired ready replicas. */
  static Set<String> healthy(String kubectlJson) {
    Set<String> healthy = new TreeSet<>();
    for (JsonNode item : Json.parse(kubectlJson.getBytes()).path("items")) {
      String kind = item.path("kind").asString("");
      JsonNode status = item.path("status");
      int desired;
      int ready;
      if (kind.equals("DaemonSet")) {
        desired = status.path("desiredNumberScheduled").asInt(0);
        ready = status.path("numberReady").asInt(0);
      } else if (!kind.equals("Node")) {
        desired = item.path("spec").path("replicas").asInt(1);
        ready = status.path("readyReplicas").asInt(0);
      } else {
        continue;
      }
      if (ready >= desired) {
        JsonNode meta = item.path("metadata");
        healthy.add(
            kind
                + " "
                + meta.path("namespace").asString("")
                + "/"
                + meta.path("name").asString(""));
      }
    }
    return healthy;
  }

  /** The nodes whose Ready condition is True. */
  static Set<String> readyNodes(String kubectlJson) {
    Set<String> ready = new TreeSet<>();
    for (JsonNode item : Json.parse(kubectlJson.getBytes()).path("items")) {
      if (!item.path("kind").asString("").equals("Node")) {
        continue;
      }
      for (JsonNode c : item.path("status").path("conditions")) {
        if (c.path("type").asString("").equals("Ready")
            && c.path("status").asString("").equals("True")) {
          ready.add(item.path("metadata").path("name").asString(""));
        }
      }
    }
    return ready;
  }
}

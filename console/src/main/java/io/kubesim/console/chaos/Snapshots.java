package io.kubesim.console.chaos;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A {@link Snapshot} read from the objects of the console's caches. */
final class Snapshots {
  private Snapshots() {}

  /**
   * @param objects every cached object of a kind: Deployment, ReplicaSet, StatefulSet, DaemonSet,
   *     Node, Pod
   * @param leases the Leases of kube-node-lease
   */
  static Snapshot of(Function<String, List<ObjectNode>> objects, List<ObjectNode> leases) {
    List<Snapshot.Workload> workloads = new ArrayList<>();
    for (String kind : List.of("Deployment", "ReplicaSet", "StatefulSet")) {
      for (ObjectNode o : objects.apply(kind)) {
        workloads.add(
            new Snapshot.Workload(
                key(kind, o),
                o.path("spec").path("replicas").asInt(1),
                o.path("status").path("readyReplicas").asInt(0)));
      }
    }
    for (ObjectNode o : objects.apply("DaemonSet")) {
      JsonNode status = o.path("status");
      workloads.add(
          new Snapshot.Workload(
              key("DaemonSet", o),
              status.path("desiredNumberScheduled").asInt(0),
              status.path("numberReady").asInt(0)));
    }
    Map<String, Boolean> nodes = new HashMap<>();
    for (ObjectNode node : objects.apply("Node")) {
      nodes.put(node.path("metadata").path("name").asString(""), ready(node));
    }
    Map<String, Instant> renewed = new HashMap<>();
    for (ObjectNode lease : leases) {
      Instant at = time(lease.path("spec").path("renewTime").asString(""));
      if (at != null) {
        renewed.put(lease.path("metadata").path("name").asString(""), at);
      }
    }
    List<Snapshot.MirrorPod> mirrors = new ArrayList<>();
    for (ObjectNode pod : objects.apply("Pod")) {
      if (pod.path("metadata").path("annotations").has("kubernetes.io/config.mirror")) {
        mirrors.add(mirror(pod));
      }
    }
    return new Snapshot(workloads, nodes, renewed, mirrors);
  }

  private static String key(String kind, ObjectNode o) {
    JsonNode meta = o.path("metadata");
    return kind + " " + meta.path("namespace").asString("") + "/" + meta.path("name").asString("");
  }

  private static boolean ready(JsonNode object) {
    for (JsonNode c : object.path("status").path("conditions")) {
      if ("Ready".equals(c.path("type").asString(""))) {
        return "True".equals(c.path("status").asString(""));
      }
    }
    return false;
  }

  private static Snapshot.MirrorPod mirror(ObjectNode pod) {
    String name = pod.path("metadata").path("name").asString("");
    String node = pod.path("spec").path("nodeName").asString("");
    String manifest =
        name.endsWith("-" + node) ? name.substring(0, name.length() - node.length() - 1) : name;
    JsonNode container = pod.path("status").path("containerStatuses").path(0);
    String id = container.path("containerID").asString("");
    return new Snapshot.MirrorPod(
        pod.path("metadata").path("namespace").asString("") + "/" + name,
        manifest,
        ready(pod),
        id.isEmpty() ? null : id);
  }

  private static Instant time(String text) {
    try {
      return text.isEmpty() ? null : Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}

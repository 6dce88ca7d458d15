package io.kubesim.console.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.core.json.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class OwnerGraphTest {

  record Case(String name, List<ObjectNode> objects, List<String> edges) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** An object of {@code kind} in namespace "ns" with uid {@code kind/name}. */
  static ObjectNode object(String kind, String name, ObjectNode... owners) {
    ObjectNode o = Json.object();
    o.put("kind", kind);
    ObjectNode meta = o.putObject("metadata");
    meta.put("namespace", "ns").put("name", name).put("uid", kind + "/" + name);
    for (ObjectNode owner : owners) {
      meta.withArray("ownerReferences")
          .addObject()
          .put("kind", owner.path("kind").asString())
          .put("name", owner.path("metadata").path("name").asString())
          .put("uid", owner.path("metadata").path("uid").asString());
    }
    return o;
  }

  static ObjectNode replicas(ObjectNode o, int n) {
    o.putObject("spec").put("replicas", n);
    return o;
  }

  static ObjectNode slice(String name, String service, Map<String, Boolean> pods) {
    ObjectNode s = object("EndpointSlice", name);
    ((ObjectNode) s.path("metadata"))
        .putObject("labels")
        .put("kubernetes.io/service-name", service);
    pods.forEach(
        (pod, ready) -> {
          ObjectNode e = s.withArray("endpoints").addObject();
          e.putObject("targetRef").put("kind", "Pod").put("namespace", "ns").put("name", pod);
          e.putObject("conditions").put("ready", ready);
        });
    return s;
  }

  static ObjectNode ingress(String name, String service) {
    ObjectNode i = object("Ingress", name);
    i.putObject("spec")
        .putArray("rules")
        .addObject()
        .putObject("http")
        .putArray("paths")
        .addObject()
        .put("path", "/")
        .putObject("backend")
        .putObject("service")
        .put("name", service)
        .putObject("port")
        .put("number", 80);
    return i;
  }

  static Stream<Case> cases() {
    ObjectNode deployment = object("Deployment", "web");
    ObjectNode rs = replicas(object("ReplicaSet", "web-1", deployment), 1);
    ObjectNode oldRs = replicas(object("ReplicaSet", "web-0", deployment), 0);
    ObjectNode pod = object("Pod", "web-1-a", rs);
    ObjectNode service = object("Service", "web");
    ObjectNode job = object("Job", "once");
    return Stream.of(
        new Case(
            "a Deployment owns its ReplicaSet, which owns its pod",
            List.of(deployment, rs, pod),
            List.of(
                "owns Deployment/ns/web > ReplicaSet/ns/web-1",
                "owns ReplicaSet/ns/web-1 > Pod/ns/web-1-a")),
        new Case(
            "an old ReplicaSet scaled to zero without pods is left out",
            List.of(deployment, rs, oldRs, pod),
            List.of(
                "owns Deployment/ns/web > ReplicaSet/ns/web-1",
                "owns ReplicaSet/ns/web-1 > Pod/ns/web-1-a")),
        new Case(
            "a Service selects its slice, which selects its pods, a not-ready one dashed",
            List.of(
                service,
                object("Pod", "a"),
                object("Pod", "b"),
                slice("web-x", "web", Map.of("a", true, "b", false))),
            List.of(
                "selects Service/ns/web > EndpointSlice/ns/web-x",
                "selects EndpointSlice/ns/web-x > Pod/ns/a",
                "selects-not-ready EndpointSlice/ns/web-x > Pod/ns/b")),
        new Case(
            "a slice owned and labelled by its Service gives one edge",
            List.of(service, ownedSlice(service)),
            List.of("selects Service/ns/web > EndpointSlice/ns/web-y")),
        new Case(
            "an Ingress routes to its Service",
            List.of(service, ingress("site", "web")),
            List.of("routes Ingress/ns/site > Service/ns/web")),
        new Case(
            "a Job owns its pod; an owner that is not drawn gives no edge",
            List.of(job, object("Pod", "once-x", job), object("Pod", "orphan", deployment)),
            List.of("owns Job/ns/once > Pod/ns/once-x")));
  }

  static ObjectNode ownedSlice(ObjectNode service) {
    ObjectNode s = slice("web-y", "web", Map.of());
    ObjectNode owned = object("EndpointSlice", "web-y", service);
    ((ObjectNode) owned.path("metadata")).set("labels", s.path("metadata").path("labels"));
    return owned;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void drawsOwnersAndSelectors(Case c) {
    Map<String, List<ObjectNode>> byKind = new HashMap<>();
    c.objects()
        .forEach(
            o -> byKind.computeIfAbsent(o.path("kind").asString(), k -> new ArrayList<>()).add(o));

    ObjectNode graph = OwnerGraph.build(new Snapshot(byKind, Map.of()));

    List<String> edges = new ArrayList<>();
    for (JsonNode e : graph.path("edges")) {
      edges.add(
          e.path("kind").asString()
              + " "
              + e.path("source").asString()
              + " > "
              + e.path("target").asString());
    }
    assertThat(edges).containsExactlyInAnyOrderElementsOf(c.edges());
  }
}

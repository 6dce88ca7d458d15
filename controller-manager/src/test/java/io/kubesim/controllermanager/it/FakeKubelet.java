package io.kubesim.controllermanager.it;

import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.json.Json;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Plays the scheduler and the kubelets for the pods of the test's namespaces (prefix "cm-"): binds
 * every unbound pod to "node-1", or to the node its required node affinity names by {@code
 * metadata.name} (as the DaemonSet controller pins its pods), marks a bound pod Running and Ready
 * once it is {@code readyAfter} old (unless labelled {@link #NEVER_READY}), and finishes the
 * graceful deletion of terminating pods (deletes them with grace 0).
 */
final class FakeKubelet implements AutoCloseable {
  /** Pods with this label are bound but never become Ready. */
  static final String NEVER_READY = "kubesim-test/never-ready";

  private final ApiClient api;
  private final long readyAfterMillis;
  private final java.util.function.Predicate<String> namespaces;
  private final Thread thread;
  private volatile boolean stopped;
  private final Map<String, Long> firstSeen = new java.util.concurrent.ConcurrentHashMap<>();

  FakeKubelet(ApiClient api, long readyAfterMillis) {
    this(api, readyAfterMillis, ns -> ns.startsWith("cm-"));
  }

  /** A fake for the pods of the namespaces {@code namespaces} accepts. */
  FakeKubelet(
      ApiClient api, long readyAfterMillis, java.util.function.Predicate<String> namespaces) {
    this.api = api;
    this.readyAfterMillis = readyAfterMillis;
    this.namespaces = namespaces;
    this.thread = new Thread(this::loop, "fake-kubelet");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (!stopped) {
      try {
        once();
        Thread.sleep(200);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // the next round retries
      }
    }
  }

  private void once() {
    ObjectNode list = await(api.list(ResourcePath.PODS.collection(null), Map.of()));
    for (JsonNode pod : list.path("items")) {
      String ns = pod.path("metadata").path("namespace").asString("");
      if (!namespaces.test(ns)) {
        continue;
      }
      try {
        handle((ObjectNode) pod);
      } catch (RuntimeException e) {
        // conflicts and races with the controllers: next round
      }
    }
  }

  private void handle(ObjectNode pod) {
    String ns = pod.path("metadata").path("namespace").asString();
    String name = pod.path("metadata").path("name").asString();
    String path = ResourcePath.PODS.item(ns, name);
    boolean bound = !pod.path("spec").path("nodeName").asString("").isEmpty();
    if (!pod.path("metadata").path("deletionTimestamp").asString("").isEmpty()) {
      if (bound) {
        ObjectNode options = Json.object();
        options.put("kind", "DeleteOptions").put("apiVersion", "v1").put("gracePeriodSeconds", 0);
        // DELETE with a body: the kubelet's final delete
        await(
            api.bus()
                .call(
                    new io.kubesim.core.client.ApiCall(
                        "DELETE",
                        path,
                        Map.of(),
                        Map.of("content-type", "application/json"),
                        Json.bytes(options))));
      }
      return;
    }
    if (!bound) {
      ObjectNode binding = Json.object();
      binding.put("apiVersion", "v1").put("kind", "Binding");
      binding.putObject("metadata").put("name", name).put("namespace", ns);
      binding.putObject("target").put("kind", "Node").put("name", targetNode(pod));
      await(api.create(path + "/binding", binding));
      return;
    }
    if (pod.path("metadata").path("labels").has(NEVER_READY)) {
      return;
    }
    boolean ready = false;
    for (JsonNode c : pod.path("status").path("conditions")) {
      ready |=
          c.path("type").asString("").equals("Ready")
              && c.path("status").asString("").equals("True");
    }
    long seen =
        firstSeen.computeIfAbsent(
            path + pod.path("metadata").path("uid").asString(), k -> System.currentTimeMillis());
    if (ready || System.currentTimeMillis() - seen < readyAfterMillis) {
      return;
    }
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    ObjectNode status = pod.putObject("status");
    status.put("phase", "Running").put("podIP", "10.244.1.1").put("startTime", now);
    ArrayNode conditions = status.putArray("conditions");
    for (String type : new String[] {"PodScheduled", "Initialized", "ContainersReady", "Ready"}) {
      conditions.addObject().put("type", type).put("status", "True").put("lastTransitionTime", now);
    }
    await(api.updateStatus(path, pod));
  }

  /** The node a required matchFields term pins the pod to, else "node-1". */
  private static String targetNode(JsonNode pod) {
    JsonNode terms =
        pod.path("spec")
            .path("affinity")
            .path("nodeAffinity")
            .path("requiredDuringSchedulingIgnoredDuringExecution")
            .path("nodeSelectorTerms");
    for (JsonNode term : terms) {
      for (JsonNode field : term.path("matchFields")) {
        if (field.path("key").asString("").equals("metadata.name")
            && field.path("operator").asString("").equals("In")
            && field.path("values").size() == 1) {
          return field.path("values").get(0).asString();
        }
      }
    }
    return "node-1";
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    stopped = true;
    thread.interrupt();
  }
}

package io.kubesim.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.apiserver.admission.AdmissionPlugin;
import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.resource.Resources;
import io.kubesim.apiserver.storage.Mirror;
import io.kubesim.apiserver.storage.Store;
import io.kubesim.core.api.ApiException;
import io.kubesim.core.json.Json;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The admission stage on the registry's real write path, over an in-memory store. */
class AdmissionTest {
  private static final ResourceType NAMESPACES = type("", "namespaces");
  private static final ResourceType PODS = type("", "pods");
  private static final ResourceType QUOTAS = type("", "resourcequotas");
  private static final ResourceType LIMIT_RANGES = type("", "limitranges");

  private final Store store = Store.open(null, Mirror.NONE, 100);
  private final Writes writes = new ResourceHandler(store, Clock.systemUTC()).writes();

  @AfterEach
  void close() {
    store.close();
  }

  private static ResourceType type(String group, String plural) {
    return Resources.find(group, "v1", plural).orElseThrow();
  }

  private static ObjectNode yaml(String text) {
    return (ObjectNode) Json.YAML.readTree(text);
  }

  private void namespace(String name) {
    writes.create(yaml("metadata: {name: " + name + "}"), null, NAMESPACES, false);
  }

  /** A quota as the controller leaves it: status.hard from spec, status.used counted. */
  private void quota(String namespace, String hard, String used) {
    writes.create(
        yaml("metadata: {name: q}\nspec: {hard: " + hard + "}"), namespace, QUOTAS, false);
    writes.update(
        QUOTAS,
        namespace,
        "q",
        Writes.Mode.STATUS,
        false,
        current -> {
          current.set("status", yaml("hard: " + hard + "\nused: " + used));
          return current;
        });
  }

  private ObjectNode pod(String namespace, String name) {
    return writes.create(
        yaml("metadata: {name: " + name + "}\nspec: {containers: [{name: c, image: nginx}]}"),
        namespace,
        PODS,
        false);
  }

  @Test
  void thePluginsRunInKubeApiserversOrder() {
    assertThat(writes.admission().plugins().stream().map(AdmissionPlugin::name))
        .containsExactly(
            "NamespaceLifecycle",
            "LimitRanger",
            "DefaultTolerationSeconds",
            "DefaultStorageClass",
            "StorageObjectInUseProtection",
            "PersistentVolumeClaimResize",
            "DefaultIngressClass",
            "ResourceQuota");
  }

  @Test
  void parallelCreatesAgainstAQuotaOfFewerTakeExactlyTheQuota() throws Exception {
    namespace("demo");
    quota("demo", "{pods: \"5\"}", "{pods: \"0\"}");
    int creates = 24;
    ExecutorService threads = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> results = new ArrayList<>();
    for (int i = 0; i < creates; i++) {
      String name = "p" + i;
      Callable<String> create =
          () -> {
            start.await();
            try {
              pod("demo", name);
              return "created";
            } catch (ApiException e) {
              return e.status().path("message").asString();
            }
          };
      results.add(threads.submit(create));
    }
    start.countDown();
    List<String> outcomes = new ArrayList<>();
    for (Future<String> result : results) {
      outcomes.add(result.get());
    }
    threads.shutdown();
    assertThat(outcomes.stream().filter("created"::equals)).hasSize(5);
    assertThat(outcomes.stream().filter(o -> !o.equals("created")))
        .hasSize(creates - 5)
        .allMatch(
            o ->
                o.endsWith(
                    "is forbidden: exceeded quota: q, requested: pods=1, used:"
                        + " pods=5, limited: pods=5"));
    assertThat(store.count(PODS)).isEqualTo(5);
    assertThat(store.get(QUOTAS, "demo", "q").at("/status/used/pods").asString()).isEqualTo("5");
  }

  @Test
  void theQuotaChargeIsRecordedForTheApiserverAndADryRunIsNotCharged() {
    namespace("demo");
    quota("demo", "{pods: \"5\"}", "{pods: \"0\"}");
    writes.create(
        yaml("metadata: {name: dry}\nspec: {containers: [{name: c, image: nginx}]}"),
        "demo",
        PODS,
        true);
    assertThat(store.get(QUOTAS, "demo", "q").at("/status/used/pods").asString()).isEqualTo("0");
    pod("demo", "real");
    ObjectNode quota = store.get(QUOTAS, "demo", "q");
    assertThat(quota.at("/status/used/pods").asString()).isEqualTo("1");
    assertThat(quota.at("/metadata/managedFields/0/manager").asString())
        .isEqualTo("kube-apiserver");
  }

  @Test
  void aLimitRangeDefaultsThePodBeforeTheQuotaChargesIt() {
    namespace("demo");
    writes.create(
        yaml(
            """
            metadata: {name: mem-limit-range}
            spec:
              limits:
              - {type: Container, default: {memory: 512Mi}, defaultRequest: {memory: 256Mi}}
            """),
        "demo",
        LIMIT_RANGES,
        false);
    quota("demo", "{requests.memory: 1Gi}", "{requests.memory: \"0\"}");
    ObjectNode pod = pod("demo", "p");
    assertThat(pod.at("/spec/containers/0/resources/limits/memory").asString()).isEqualTo("512Mi");
    assertThat(store.get(QUOTAS, "demo", "q").at("/status/used/requests.memory").asString())
        .isEqualTo("256Mi");
  }

  @Test
  void aNamespaceTheClusterNeedsCannotBeDeletedNorAnythingCreatedInOneBeingDeleted() {
    namespace("default");
    namespace("gone");
    String immortal =
        refusal(
            () ->
                writes.delete(
                    new io.kubesim.apiserver.request.ApiRequest(
                        "DELETE",
                        "/api/v1/namespaces/default",
                        java.util.Map.of(),
                        java.util.Map.of(),
                        null,
                        null),
                    new io.kubesim.apiserver.request.RequestInfo(
                        "", "v1", null, "namespaces", "default", null, "delete"),
                    NAMESPACES));
    assertThat(immortal)
        .isEqualTo("namespaces \"default\" is forbidden: this namespace may not be deleted");
    writes.update(
        NAMESPACES,
        null,
        "gone",
        Writes.Mode.STATUS,
        false,
        current -> {
          ((ObjectNode) current.path("status")).put("phase", "Terminating");
          return current;
        });
    assertThat(refusal(() -> pod("gone", "p")))
        .isEqualTo(
            "pods \"p\" is forbidden: unable to create new content in namespace gone because it is"
                + " being terminated");
    assertThat(refusal(() -> pod("missing", "p"))).isEqualTo("namespaces \"missing\" not found");
  }

  private static String refusal(Runnable action) {
    try {
      action.run();
      return null;
    } catch (ApiException e) {
      return e.status().path("message").asString();
    }
  }
}

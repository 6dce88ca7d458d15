package io.kubesim.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The API through fabric8's KubernetesClient, as users' Java code drives a cluster. */
class FabricClientIT {
  private static KubernetesClient client;

  @BeforeAll
  static void connect() {
    client = TestCluster.client();
  }

  @AfterAll
  static void close() {
    client.close();
  }

  private static String namespace(String name) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  private static ConfigMap configMap(String name, Map<String, String> labels) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .addToData("key", "value")
        .build();
  }

  private static Deployment deployment(String name, int replicas) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("web")
        .withImage("nginx:1.27")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  @Test
  void aNewClusterHasTheSystemNamespacesAndTheKubernetesService() {
    assertThat(client.namespaces().list().getItems())
        .extracting(n -> n.getMetadata().getName())
        .contains("default", "kube-system", "kube-public", "kube-node-lease");
    var service = client.services().inNamespace("default").withName("kubernetes").get();
    assertThat(service.getSpec().getClusterIP()).isEqualTo("10.96.0.1");
    assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(443);
  }

  @Test
  void aListLargerThanOneWriteBufferArrivesWhole() {
    String ns = namespace("fc-biglist");
    String value = "v".repeat(4096);
    for (int i = 0; i < 100; i++) {
      ConfigMap cm = configMap(String.format("cm-%03d", i), Map.of());
      cm.getData().put("big", value + i);
      client.configMaps().inNamespace(ns).resource(cm).create();
    }
    // About 420 KB of JSON: written in several buffers, read back as one list.
    var items = client.configMaps().inNamespace(ns).list().getItems();
    assertThat(items).hasSize(100);
    assertThat(items.get(99).getMetadata().getName()).isEqualTo("cm-099");
    assertThat(items.get(99).getData().get("big")).isEqualTo(value + 99);
    var page =
        client.configMaps().inNamespace(ns).list(new ListOptionsBuilder().withLimit(30L).build());
    assertThat(page.getItems()).hasSize(30);
    assertThat(page.getMetadata().getContinue()).isNotEmpty();
    assertThat(page.getMetadata().getRemainingItemCount()).isEqualTo(70L);
  }

  @Test
  void createGetUpdateDeleteKeepTheApiserversMetadataRules() {
    String ns = namespace("crud");
    ConfigMap created =
        client.configMaps().inNamespace(ns).resource(configMap("one", Map.of())).create();
    assertThat(created.getMetadata().getUid()).isNotBlank();
    assertThat(created.getMetadata().getCreationTimestamp()).endsWith("Z");
    long rv1 = Long.parseLong(created.getMetadata().getResourceVersion());

    created.getData().put("key", "changed");
    ConfigMap updated = client.configMaps().inNamespace(ns).resource(created).update();
    assertThat(updated.getData()).containsEntry("key", "changed");
    assertThat(Long.parseLong(updated.getMetadata().getResourceVersion())).isGreaterThan(rv1);
    assertThat(updated.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());

    assertThatThrownBy(
            () -> client.configMaps().inNamespace(ns).resource(configMap("one", Map.of())).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(409);
              assertThat(e.getStatus().getReason()).isEqualTo("AlreadyExists");
              assertThat(e.getStatus().getMessage()).isEqualTo("configmaps \"one\" already exists");
            });

    client.configMaps().inNamespace(ns).withName("one").delete();
    assertThat(client.configMaps().inNamespace(ns).withName("one").get()).isNull();
  }

  @Test
  void anUpdateWithAStaleResourceVersionIsAConflict() {
    String ns = namespace("conflict");
    ConfigMap first =
        client.configMaps().inNamespace(ns).resource(configMap("cm", Map.of())).create();
    ConfigMap stale = new ConfigMapBuilder(first).build();
    first.getData().put("key", "first");
    client.configMaps().inNamespace(ns).resource(first).update();

    stale.getData().put("key", "second");
    assertThatThrownBy(() -> client.configMaps().inNamespace(ns).resource(stale).update())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(409);
              assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
              assertThat(e.getStatus().getMessage())
                  .isEqualTo(
                      "Operation cannot be fulfilled on configmaps \"cm\": the object has been"
                          + " modified; please apply your changes to the latest version and try again");
            });
    assertThat(client.configMaps().inNamespace(ns).withName("cm").get().getData())
        .containsEntry("key", "first");
  }

  @Test
  void generationCountsSpecChangesAndStatusIsWrittenOnlyThroughItsSubresource() {
    String ns = namespace("generation");
    Deployment d =
        client.apps().deployments().inNamespace(ns).resource(deployment("web", 1)).create();
    assertThat(d.getMetadata().getGeneration()).isEqualTo(1);

    d.getMetadata().setLabels(Map.of("tier", "front"));
    d = client.apps().deployments().inNamespace(ns).resource(d).update();
    assertThat(d.getMetadata().getGeneration()).as("a label is not spec").isEqualTo(1);

    d.getSpec().setReplicas(3);
    d = client.apps().deployments().inNamespace(ns).resource(d).update();
    assertThat(d.getMetadata().getGeneration()).isEqualTo(2);

    d.setStatus(
        new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
            .withReplicas(3)
            .withObservedGeneration(2L)
            .build());
    Deployment ignored = client.apps().deployments().inNamespace(ns).resource(d).update();
    assertThat(ignored.getStatus() == null || ignored.getStatus().getReplicas() == null)
        .as("a main-resource update leaves status alone")
        .isTrue();

    d = client.apps().deployments().inNamespace(ns).withName("web").get();
    d.setStatus(
        new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
            .withReplicas(3)
            .withObservedGeneration(2L)
            .build());
    d.getSpec().setReplicas(9);
    d.getMetadata().setAnnotations(Map.of("deployment.kubernetes.io/revision", "1"));
    d.getMetadata().setLabels(Map.of("tier", "front", "changed", "by-status"));
    Deployment statusWritten =
        client.apps().deployments().inNamespace(ns).resource(d).updateStatus();
    assertThat(statusWritten.getStatus().getReplicas()).isEqualTo(3);
    assertThat(statusWritten.getSpec().getReplicas()).as("/status leaves spec alone").isEqualTo(3);
    assertThat(statusWritten.getMetadata().getAnnotations())
        .as("the deployment controller writes its revision through /status")
        .containsEntry("deployment.kubernetes.io/revision", "1");
    assertThat(statusWritten.getMetadata().getLabels())
        .as("deploymentStatusStrategy keeps the labels")
        .doesNotContainKey("changed");
    assertThat(statusWritten.getMetadata().getGeneration())
        .as("annotations written through /status bump no generation")
        .isEqualTo(2);
  }

  @Test
  void generateNameGivesAUniqueName() {
    String ns = namespace("generate");
    ConfigMap cm =
        new ConfigMapBuilder().withNewMetadata().withGenerateName("job-").endMetadata().build();
    ConfigMap a = client.configMaps().inNamespace(ns).resource(cm).create();
    ConfigMap b = client.configMaps().inNamespace(ns).resource(cm).create();
    assertThat(a.getMetadata().getName()).startsWith("job-").hasSize(9);
    assertThat(b.getMetadata().getName()).isNotEqualTo(a.getMetadata().getName());
  }

  @Test
  void labelSelectorsUseTheFullGrammar() {
    String ns = namespace("selectors");
    client
        .configMaps()
        .inNamespace(ns)
        .resource(configMap("a", Map.of("app", "web", "tier", "front")))
        .create();
    client.configMaps().inNamespace(ns).resource(configMap("b", Map.of("app", "db"))).create();
    client
        .configMaps()
        .inNamespace(ns)
        .resource(configMap("c", Map.of("app", "cache", "tier", "back")))
        .create();

    assertThat(names(ns, "app=web")).containsExactly("a");
    assertThat(names(ns, "app!=web")).containsExactly("b", "c");
    assertThat(names(ns, "app in (web,db)")).containsExactly("a", "b");
    assertThat(names(ns, "app notin (web,db)")).containsExactly("c");
    assertThat(names(ns, "tier")).containsExactly("a", "c");
    assertThat(names(ns, "!tier")).containsExactly("b");
    assertThat(names(ns, "tier,app=cache")).containsExactly("c");
  }

  private static List<String> names(String ns, String selector) {
    return client
        .configMaps()
        .inNamespace(ns)
        .list(new ListOptionsBuilder().withLabelSelector(selector).build())
        .getItems()
        .stream()
        .map(c -> c.getMetadata().getName())
        .toList();
  }

  @Test
  void limitAndContinuePageThroughAList() {
    String ns = namespace("paging");
    for (int i = 0; i < 7; i++) {
      client.configMaps().inNamespace(ns).resource(configMap("cm-" + i, Map.of())).create();
    }
    ConfigMapList page =
        client.configMaps().inNamespace(ns).list(new ListOptionsBuilder().withLimit(3L).build());
    assertThat(page.getItems()).hasSize(3);
    assertThat(page.getMetadata().getRemainingItemCount()).isEqualTo(4);
    List<String> all =
        new java.util.ArrayList<>(
            page.getItems().stream().map(c -> c.getMetadata().getName()).toList());
    while (page.getMetadata().getContinue() != null
        && !page.getMetadata().getContinue().isEmpty()) {
      page =
          client
              .configMaps()
              .inNamespace(ns)
              .list(
                  new ListOptionsBuilder()
                      .withLimit(3L)
                      .withContinue(page.getMetadata().getContinue())
                      .build());
      page.getItems().forEach(c -> all.add(c.getMetadata().getName()));
    }
    assertThat(all).containsExactly("cm-0", "cm-1", "cm-2", "cm-3", "cm-4", "cm-5", "cm-6");
  }

  @Test
  void aDryRunCreateStoresNothing() {
    String ns = namespace("dryrun");
    ConfigMap result =
        client.configMaps().inNamespace(ns).resource(configMap("dry", Map.of())).dryRun().create();
    assertThat(result.getMetadata().getName()).isEqualTo("dry");
    assertThat(client.configMaps().inNamespace(ns).withName("dry").get()).isNull();
  }

  @Test
  void anObjectWithAFinalizerStaysUntilTheFinalizerIsRemoved() {
    String ns = namespace("finalizers");
    ConfigMap cm = configMap("held", Map.of());
    cm.getMetadata().setFinalizers(List.of("example.com/hold"));
    client.configMaps().inNamespace(ns).resource(cm).create();

    client.configMaps().inNamespace(ns).withName("held").delete();
    ConfigMap terminating = client.configMaps().inNamespace(ns).withName("held").get();
    assertThat(terminating.getMetadata().getDeletionTimestamp()).isNotNull();

    terminating.getMetadata().setFinalizers(List.of());
    client.configMaps().inNamespace(ns).resource(terminating).update();
    assertThat(client.configMaps().inNamespace(ns).withName("held").get()).isNull();
  }

  @Test
  void anInvalidNameIsA422WithOneCausePerField() {
    String ns = namespace("invalid");
    assertThatThrownBy(
            () ->
                client
                    .configMaps()
                    .inNamespace(ns)
                    .resource(configMap("Bad_Name", Map.of()))
                    .create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
              assertThat(e.getStatus().getDetails().getCauses())
                  .extracting(c -> c.getField())
                  .containsExactly("metadata.name");
            });
  }

  @Test
  @SuppressWarnings("try") // the watch only has to stay open for the block
  void aWatchSeesAddedModifiedAndDeleted() throws Exception {
    String ns = namespace("watching");
    List<String> seen = new CopyOnWriteArrayList<>();
    try (Watch watch =
        client
            .configMaps()
            .inNamespace(ns)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, ConfigMap resource) {
                    seen.add(action + " " + resource.getMetadata().getName());
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      ConfigMap cm =
          client.configMaps().inNamespace(ns).resource(configMap("w", Map.of())).create();
      cm.getData().put("key", "2");
      client.configMaps().inNamespace(ns).resource(cm).update();
      client.configMaps().inNamespace(ns).withName("w").delete();
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> assertThat(seen).containsExactly("ADDED w", "MODIFIED w", "DELETED w"));
    }
  }

  @Test
  void anInformerKeepsItsCacheInStepWithTheServer() {
    String ns = namespace("informer");
    client.configMaps().inNamespace(ns).resource(configMap("before", Map.of())).create();
    List<String> events = new CopyOnWriteArrayList<>();
    SharedIndexInformer<ConfigMap> informer =
        client
            .configMaps()
            .inNamespace(ns)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(ConfigMap obj) {
                    events.add("add " + obj.getMetadata().getName());
                  }

                  @Override
                  public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
                    events.add("update " + newObj.getMetadata().getName());
                  }

                  @Override
                  public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {
                    events.add("delete " + obj.getMetadata().getName());
                  }
                });
    try {
      await().atMost(Duration.ofSeconds(10)).until(informer::hasSynced);
      client.configMaps().inNamespace(ns).resource(configMap("after", Map.of())).create();
      client.configMaps().inNamespace(ns).withName("before").delete();
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                assertThat(events).contains("add before", "add after", "delete before");
                assertThat(informer.getStore().listKeys()).containsExactly(ns + "/after");
              });
    } finally {
      informer.close();
    }
  }

  @Test
  void theMetricsEndpointCountsRequestsWithTheRealNames() throws Exception {
    client.namespaces().list();
    var http = java.net.http.HttpClient.newHttpClient();
    String metrics =
        http.send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(TestCluster.url() + "/metrics"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(metrics)
        .contains("apiserver_request_total{")
        .contains("resource=\"namespaces\"")
        .contains("verb=\"LIST\"")
        .contains("apiserver_request_duration_seconds_bucket{")
        .contains("apiserver_storage_objects{resource=\"namespaces\"}")
        .contains("jvm_memory_used_bytes")
        .contains("process_cpu_seconds_total");
  }
}

package io.kubesim.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kubesim.core.Addresses;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.BusApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.cluster.Cluster;
import io.kubesim.core.controller.EventHandler;
import io.kubesim.core.controller.Informer;
import io.kubesim.core.controller.InformerOptions;
import io.kubesim.core.controller.LeaderElectionConfig;
import io.kubesim.core.controller.LeaderElector;
import io.kubesim.core.json.Json;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * The controller machinery of core from another cluster member: an informer following ConfigMaps
 * through its watch being cut, and two leader electors sharing one Lease.
 */
class InformerIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static Cluster member;
  private static ApiClient api;

  @BeforeAll
  static void join() throws Exception {
    member =
        Cluster.start(TestCluster.joiner(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
            .toCompletionStage()
            .toCompletableFuture()
            .get(120, TimeUnit.SECONDS);
    api = new ApiClient(new BusApiClient(member.vertx(), 10_000));
  }

  @AfterAll
  static void leave() throws Exception {
    member.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static <T> T done(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static ObjectNode configMap(String name, String value) {
    ObjectNode cm = Json.object();
    cm.putObject("metadata").put("name", name);
    cm.putObject("data").put("v", value);
    return cm;
  }

  private static void namespace(String name) throws Exception {
    ObjectNode ns = Json.object();
    ns.putObject("metadata").put("name", name);
    done(api.create(ResourcePath.core("namespaces").collection(null), ns));
  }

  /** Records events as "ADD name v", "UPDATE name v", "DELETE name". */
  private static final class Recorder implements EventHandler {
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<String> resyncs = new CopyOnWriteArrayList<>();

    private static String describe(ObjectNode o) {
      return o.path("metadata").path("name").asString() + " " + o.path("data").path("v").asString();
    }

    @Override
    public void onAdd(ObjectNode object) {
      events.add("ADD " + describe(object));
    }

    @Override
    public void onUpdate(ObjectNode oldObject, ObjectNode newObject) {
      String oldRv = oldObject.path("metadata").path("resourceVersion").asString();
      String newRv = newObject.path("metadata").path("resourceVersion").asString();
      if (oldRv.equals(newRv)) {
        resyncs.add(describe(newObject));
      } else {
        events.add("UPDATE " + describe(newObject));
      }
    }

    @Override
    public void onDelete(ObjectNode object) {
      events.add("DELETE " + object.path("metadata").path("name").asString());
    }
  }

  @Test
  void anIndexFollowsAddsUpdatesAndDeletes() throws Exception {
    String ns = "informer-index";
    String cms = namespaceWith(ns, configMap("a", "x"));
    Informer informer =
        new Informer(
                member.vertx(), api, InformerOptions.of(ResourcePath.CONFIGMAPS).inNamespace(ns))
            .addIndex("v", o -> List.of(o.path("data").path("v").asString("")));
    done(informer.start());
    assertThat(names(informer.byIndex("v", "x"))).containsExactly("a");
    done(api.create(cms, configMap("b", "x")));
    ObjectNode a = done(api.get(ResourcePath.CONFIGMAPS.item(ns, "a")));
    ((ObjectNode) a.get("data")).put("v", "y");
    done(api.update(ResourcePath.CONFIGMAPS.item(ns, "a"), a));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(names(informer.byIndex("v", "x"))).containsExactly("b");
              assertThat(names(informer.byIndex("v", "y"))).containsExactly("a");
            });
    done(api.delete(ResourcePath.CONFIGMAPS.item(ns, "b")));
    await().atMost(WAIT).untilAsserted(() -> assertThat(informer.byIndex("v", "x")).isEmpty());
    assertThatThrownBy(() -> informer.addIndex("late", o -> List.of()))
        .isInstanceOf(IllegalStateException.class);
    done(informer.stop());
  }

  @Test
  void aWatchThatMissesAMessageEndsSoThatItsWatcherWatchesAgain() throws Exception {
    String ns = "informer-gap";
    namespace(ns);
    BusApiClient bus = new BusApiClient(member.vertx(), 10_000);
    List<String> lines = new CopyOnWriteArrayList<>();
    java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
    BusApiClient.Watch watch =
        done(
            bus.watch(
                ResourcePath.CONFIGMAPS.collection(ns),
                java.util.Map.of(),
                line -> lines.add(line.toString()),
                ended::countDown));
    // numbered past the next one, as when the event bus dropped a message in flight
    member
        .vertx()
        .eventBus()
        .send(
            Addresses.WATCH_PREFIX + watch.id(),
            io.vertx.core.buffer.Buffer.buffer("{}"),
            new io.vertx.core.eventbus.DeliveryOptions().addHeader(BusApiClient.SEQUENCE, "7"));
    assertThat(ended.await(10, TimeUnit.SECONDS)).as("the watch ended").isTrue();
    assertThat(lines).isEmpty();
  }

  /** A new namespace holding {@code first}; its ConfigMaps' collection path. */
  private static String namespaceWith(String ns, ObjectNode first) throws Exception {
    namespace(ns);
    String cms = ResourcePath.CONFIGMAPS.collection(ns);
    done(api.create(cms, first));
    return cms;
  }

  private static List<String> names(List<ObjectNode> objects) {
    return objects.stream().map(o -> o.path("metadata").path("name").asString()).toList();
  }

  @Test
  void anInformerSeesAddsUpdatesAndDeletesAndCatchesUpAfterItsWatchIsCancelled() throws Exception {
    String ns = "informer-it";
    String cms = namespaceWith(ns, configMap("before", "0"));

    Recorder recorder = new Recorder();
    Informer informer =
        new Informer(
                member.vertx(),
                api,
                InformerOptions.of(ResourcePath.CONFIGMAPS)
                    .inNamespace(ns)
                    .withResync(Duration.ofMillis(500))
                    .withRelistPeriod(Duration.ofHours(1)))
            .addHandler(recorder);
    done(informer.start());
    assertThat(informer.hasSynced()).isTrue();
    assertThat(recorder.events).containsExactly("ADD before 0");
    assertThat(informer.get(ns + "/before").path("kind").asString()).isEqualTo("ConfigMap");

    done(api.create(cms, configMap("one", "1")));
    ObjectNode one = done(api.get(ResourcePath.CONFIGMAPS.item(ns, "one")));
    ((ObjectNode) one.get("data")).put("v", "2");
    done(api.update(ResourcePath.CONFIGMAPS.item(ns, "one"), one));
    done(api.delete(ResourcePath.CONFIGMAPS.item(ns, "before")));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(recorder.events)
                    .containsExactly("ADD before 0", "ADD one 1", "UPDATE one 2", "DELETE before"));
    assertThat(informer.keys()).containsExactly(ns + "/one");

    // Cut the watch on the apiserver, change things while it is down: the informer must catch up.
    String firstWatch = informer.watchId();
    assertThat(firstWatch).isNotNull();
    member.vertx().eventBus().send(Addresses.WATCH_CANCEL, firstWatch);
    done(api.create(cms, configMap("two", "1")));
    done(api.delete(ResourcePath.CONFIGMAPS.item(ns, "one")));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(informer.watchId()).isNotNull().isNotEqualTo(firstWatch);
              assertThat(recorder.events).endsWith("ADD two 1", "DELETE one");
              assertThat(informer.keys()).containsExactly(ns + "/two");
            });
    // And the new watch works.
    done(api.create(cms, configMap("three", "3")));
    await().atMost(WAIT).untilAsserted(() -> assertThat(recorder.events).endsWith("ADD three 3"));

    // Periodic resync re-delivers every cached object as an update without a change.
    recorder.resyncs.clear();
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(recorder.resyncs).contains("two 1", "three 3"));

    // An apiserver that starts (again) makes every informer list and watch anew: the watches of a
    // dead apiserver would otherwise stay silent until their timeout.
    String beforeRestart = informer.watchId();
    member.vertx().eventBus().publish(Addresses.APISERVER_STARTED, "it");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(informer.watchId()).isNotNull().isNotEqualTo(beforeRestart));
    done(informer.stop());
  }

  @Test
  void theCacheHoldsNoManagedFieldsAndAWriteOfACachedCopyIsStillRecordedInThem() throws Exception {
    String ns = "informer-managed";
    namespace(ns);
    String path = ResourcePath.CONFIGMAPS.item(ns, "cm");
    done(api.create(ResourcePath.CONFIGMAPS.collection(ns), configMap("cm", "1")));
    assertThat(done(api.get(path)).path("metadata").path("managedFields")).isNotEmpty();

    Informer informer =
        new Informer(
            member.vertx(), api, InformerOptions.of(ResourcePath.CONFIGMAPS).inNamespace(ns));
    done(informer.start());
    ObjectNode cached = informer.get(ns + "/cm");
    assertThat(cached.path("metadata").has("managedFields")).isFalse();

    ObjectNode copy = cached.deepCopy();
    ((ObjectNode) copy.get("data")).put("v", "2");
    ObjectNode written = done(api.update(path, copy));
    assertThat(written.path("metadata").path("managedFields")).isNotEmpty();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              ObjectNode updated = informer.get(ns + "/cm");
              assertThat(updated.path("data").path("v").asString()).isEqualTo("2");
              assertThat(updated.path("metadata").has("managedFields")).isFalse();
            });
    done(informer.stop());
  }

  @Test
  void twoElectorsShareOneLeaseAndStoppingTheLeaderHandsItOver() throws Exception {
    String leaseName = "informer-it-" + System.nanoTime();
    Probe a = new Probe();
    Probe b = new Probe();
    LeaderElector first = elector(leaseName, "candidate-a", a);
    LeaderElector second = elector(leaseName, "candidate-b", b);
    first.start();
    second.start();

    await().atMost(WAIT).until(() -> first.isLeader() || second.isLeader());
    // Several renew periods: exactly one leads throughout, and both agree on who.
    Instant until = Instant.now().plusSeconds(2);
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              assertThat(first.isLeader() ^ second.isLeader()).as("exactly one leader").isTrue();
              return Instant.now().isAfter(until);
            });
    LeaderElector leader = first.isLeader() ? first : second;
    LeaderElector other = leader == first ? second : first;
    Probe leaderProbe = leader == first ? a : b;
    Probe otherProbe = leader == first ? b : a;
    String leaderId = leader == first ? "candidate-a" : "candidate-b";
    String otherId = leader == first ? "candidate-b" : "candidate-a";
    assertThat(otherProbe.newLeaders).contains(leaderId);
    assertThat(leaderProbe.started).containsExactly("started");
    ObjectNode lease = done(api.get(ResourcePath.LEASES.item("kube-system", leaseName)));
    assertThat(lease.path("spec").path("holderIdentity").asString()).isEqualTo(leaderId);
    assertThat(lease.path("spec").path("leaseDurationSeconds").asInt()).isEqualTo(2);
    assertThat(lease.path("spec").path("renewTime").asString())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");

    Instant stopped = Instant.now();
    done(leader.stop());
    assertThat(leaderProbe.started).containsExactly("started", "stopped");
    await().atMost(Duration.ofSeconds(2)).until(other::isLeader);
    assertThat(Duration.between(stopped, Instant.now())).isLessThan(other.leaseDuration());
    ObjectNode handed = done(api.get(ResourcePath.LEASES.item("kube-system", leaseName)));
    assertThat(handed.path("spec").path("holderIdentity").asString()).isEqualTo(otherId);
    assertThat(handed.path("spec").path("leaseTransitions").asInt())
        .isGreaterThan(lease.path("spec").path("leaseTransitions").asInt());
    done(other.stop());
  }

  private static LeaderElector elector(String lease, String identity, Probe probe) {
    LeaderElectionConfig config =
        LeaderElectionConfig.defaults(lease, identity)
            .withDurations(Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(250));
    return new LeaderElector(member.vertx(), api, config, probe, Clock.systemUTC());
  }

  private static final class Probe implements LeaderElector.Callbacks {
    final List<String> started = new CopyOnWriteArrayList<>();
    final List<String> newLeaders = new CopyOnWriteArrayList<>();

    @Override
    public void onStartedLeading() {
      started.add("started");
    }

    @Override
    public void onStoppedLeading() {
      started.add("stopped");
    }

    @Override
    public void onNewLeader(String identity) {
      newLeaders.add(identity);
    }
  }
}

package io.kubesim.apiserver.aggregator;

import io.kubesim.apiserver.registry.Writes;
import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.resource.Resources;
import io.kubesim.apiserver.storage.Store;
import io.kubesim.apiserver.storage.WatchEvent;
import io.kubesim.core.api.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The aggregator's availability controller, which runs inside kube-apiserver: it keeps each
 * APIService's Available condition ({@link Availability}) up to date as APIServices, Services and
 * Endpoints change, writing through the status subresource as "kube-apiserver". Store events only
 * mark keys; one worker thread re-reads the store and writes only what changed.
 */
public final class AvailableConditionController implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AvailableConditionController.class);
  private static final String SERVICE_KEY = "service:";

  private final Store store;
  private final Writes writes;
  private final Clock clock;
  private final ResourceType apiServices = type(LocalApiServices.GROUP, "apiservices");
  private final ResourceType services = type("", "services");
  private final ResourceType endpoints = type("", "endpoints");
  private final Set<String> pending = ConcurrentHashMap.newKeySet();
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread thread = new Thread(r, "apiservice-availability");
            thread.setDaemon(true);
            return thread;
          });
  private Runnable unwatch = () -> {};

  private AvailableConditionController(Store store, Writes writes, Clock clock) {
    this.store = store;
    this.writes = writes;
    this.clock = clock;
  }

  /**
   * Watches the store and brings every APIService's condition up to date before returning, so a
   * server that starts serving after this never shows a built-in APIService without it.
   */
  public static AvailableConditionController start(Store store, Writes writes, Clock clock) {
    AvailableConditionController controller =
        new AvailableConditionController(store, writes, clock);
    controller.unwatch = store.watch(store.resourceVersion(), controller::onEvent);
    for (JsonNode apiService : store.list(controller.apiServices, null).items()) {
      controller.pending.add(name(apiService));
    }
    try {
      controller.worker.submit(controller::drain).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.error("the first availability check of the APIServices failed", e);
    }
    return controller;
  }

  /** Called with the store's events in order: only marks what to look at again. */
  private void onEvent(WatchEvent event) {
    ResourceType resource = event.resource();
    String key;
    if (resource == apiServices) {
      key = name(event.object());
    } else if (resource == services || resource == endpoints) {
      key = SERVICE_KEY + event.namespace() + "/" + name(event.object());
    } else {
      return;
    }
    if (pending.add(key)) {
      worker.execute(this::drain);
    }
  }

  private void drain() {
    for (String key : Set.copyOf(pending)) {
      pending.remove(key);
      try {
        if (key.startsWith(SERVICE_KEY)) {
          syncBackedBy(key.substring(SERVICE_KEY.length()));
        } else {
          sync(key);
        }
      } catch (ApiException e) {
        // deleted or changed meanwhile: its own event marks it again
        LOG.debug("APIService availability of {}: {}", key, e.getMessage());
      } catch (RuntimeException e) {
        LOG.error("APIService availability of {} failed", key, e);
      }
    }
  }

  /** The APIServices whose spec.service is {@code namespace/name}. */
  private void syncBackedBy(String serviceKey) {
    for (JsonNode apiService : store.list(apiServices, null).items()) {
      JsonNode ref = apiService.path("spec").path("service");
      String backing = ref.path("namespace").asString("") + "/" + ref.path("name").asString("");
      if (ref.isObject() && backing.equals(serviceKey)) {
        sync(name(apiService));
      }
    }
  }

  private void sync(String name) {
    ObjectNode current = store.get(apiServices, null, name);
    if (current == null || next(current).equals(current.path("status"))) {
      return;
    }
    writes.update(
        apiServices,
        null,
        name,
        Writes.Mode.STATUS,
        false,
        new Writes.FieldManager("kube-apiserver", "status"),
        live -> {
          ObjectNode updated = live.deepCopy();
          updated.set("status", next(live));
          return updated;
        });
  }

  /** The status {@code apiService} should have now. */
  private ObjectNode next(ObjectNode apiService) {
    JsonNode ref = apiService.path("spec").path("service");
    String namespace = ref.path("namespace").asString("");
    String serviceName = ref.path("name").asString("");
    Availability.Verdict verdict =
        ref.isObject()
            ? Availability.check(
                apiService,
                store.get(services, namespace, serviceName),
                store.get(endpoints, namespace, serviceName))
            : Availability.LOCAL;
    String now =
        DateTimeFormatter.ISO_INSTANT.format(Instant.now(clock).truncatedTo(ChronoUnit.SECONDS));
    return Availability.withVerdict(apiService.get("status"), verdict, now);
  }

  private static String name(JsonNode object) {
    return object.path("metadata").path("name").asString("");
  }

  private static ResourceType type(String group, String plural) {
    return Resources.find(group, "v1", plural).orElseThrow();
  }

  @Override
  public void close() {
    unwatch.run();
    worker.shutdownNow();
  }
}

package io.kubesim.controllermanager;

import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.controller.Informer;
import io.kubesim.core.controller.InformerOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * client-go's SharedInformerFactory: one informer per resource, whichever controllers ask for it.
 * Controllers ask while they are built; {@link #start} then starts every informer. The informers
 * run whether or not this process leads: a new leader starts from warm caches.
 */
public final class SharedInformers {
  private final Vertx vertx;
  private final ApiClient api;
  private final Duration resync;
  private final Map<ResourcePath, Informer> informers = new LinkedHashMap<>();
  private boolean started;

  public SharedInformers(Vertx vertx, ApiClient api, Duration resync) {
    this.vertx = vertx;
    this.api = api;
    this.resync = resync;
  }

  /** The informer over every namespace of {@code resource}. */
  public synchronized Informer of(ResourcePath resource) {
    if (started && !informers.containsKey(resource)) {
      throw new IllegalStateException("informer for " + resource + " asked for after start");
    }
    return informers.computeIfAbsent(
        resource, r -> new Informer(vertx, api, InformerOptions.of(r).withResync(resync)));
  }

  /** Starts every informer; completes when each has listed once. */
  public synchronized Future<Void> start() {
    started = true;
    List<Future<Void>> synced = new ArrayList<>();
    informers.values().forEach(i -> synced.add(i.start()));
    return Future.all(synced).mapEmpty();
  }

  public synchronized boolean hasSynced() {
    return informers.values().stream().allMatch(Informer::hasSynced);
  }

  public synchronized Future<Void> stop() {
    List<Future<Void>> stopped = new ArrayList<>();
    if (started) {
      informers.values().forEach(i -> stopped.add(i.stop()));
    }
    return Future.all(stopped).mapEmpty();
  }

  public synchronized Map<ResourcePath, Informer> all() {
    return Map.copyOf(informers);
  }
}

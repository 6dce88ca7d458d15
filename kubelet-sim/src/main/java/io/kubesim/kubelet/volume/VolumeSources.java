package io.kubesim.kubelet.volume;

import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.ResourcePath;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * The ConfigMaps and Secrets that volumes project, read from the API and kept for the sync period,
 * shared by every pod of the process (the kubelet's TTL cache). A read of an entry older than the
 * period returns it and fetches it again in the background, so a changed ConfigMap reaches its
 * volumes' files within about a period, as on a real node; subPath mounts keep what they got.
 */
public final class VolumeSources {
  private final ApiClient api;
  private final Clock clock;
  private final Duration period;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  /** An object as last read (null: not found) and when. */
  private record Entry(JsonNode object, Instant fetched, boolean refreshing) {}

  public VolumeSources(ApiClient api, Clock clock, Duration period) {
    this.api = api;
    this.clock = clock;
    this.period = period;
  }

  private static String path(boolean secret, String ns, String name) {
    return (secret ? ResourcePath.core("secrets") : ResourcePath.CONFIGMAPS).item(ns, name);
  }

  /** Reads the object now (a pod's volumes are being set up). */
  Future<Void> load(boolean secret, String ns, String name) {
    String key = path(secret, ns, name);
    return api.get(key)
        .map(o -> (JsonNode) o)
        .recover(
            e -> ApiClient.isNotFound(e) ? Future.succeededFuture(null) : Future.failedFuture(e))
        .onSuccess(o -> entries.put(key, new Entry(o, clock.instant(), false)))
        .mapEmpty();
  }

  /** The object as last read; read again in the background when that was a period ago. */
  JsonNode current(boolean secret, String ns, String name) {
    String key = path(secret, ns, name);
    Entry e = entries.get(key);
    if (e == null) {
      return null;
    }
    if (!e.refreshing() && clock.instant().isAfter(e.fetched().plus(period))) {
      Entry marked = new Entry(e.object(), e.fetched(), true);
      if (entries.replace(key, e, marked)) {
        load(secret, ns, name)
            .onFailure(
                x -> entries.replace(key, marked, new Entry(e.object(), e.fetched(), false)));
      }
    }
    return e.object();
  }

  /** The sources of one namespace, as {@link Projection} reads them. */
  Projection.Sources of(String ns) {
    return new Projection.Sources() {
      @Override
      public JsonNode configMap(String name) {
        return current(false, ns, name);
      }

      @Override
      public JsonNode secret(String name) {
        return current(true, ns, name);
      }
    };
  }
}

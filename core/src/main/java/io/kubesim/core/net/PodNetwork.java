package io.kubesim.core.net;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.kubesim.core.MapNames;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cluster's pod network table ({@link MapNames#POD_NETWORK}): {@code <podIP>:<port>} to the
 * real {@code host:port} where the simulated container listens, reached through the Vert.x cluster
 * manager (a Vert.x that is not clustered has none). Readers that route every connection
 * (kube-proxy, the ingress controller) {@link #open} a local copy fed by the map's entry events;
 * since an entry listener can miss events on a member's failover, a miss is asked of the map itself
 * and the copy is rebuilt every {@link #RESYNC_MILLIS}. Occasional readers take {@link #of}.
 */
public final class PodNetwork implements AutoCloseable {
  static final long RESYNC_MILLIS = 30_000;

  private final Vertx vertx;
  private final IMap<String, String> map;
  private final Map<String, String> local;
  private final UUID listener;
  private final long resync;

  private PodNetwork(Vertx vertx, IMap<String, String> map, boolean copy) {
    this.vertx = vertx;
    this.map = map;
    if (copy && map != null) {
      this.local = new ConcurrentHashMap<>(map);
      this.listener = map.addEntryListener(new Listener(), true);
      this.resync = vertx.setPeriodic(RESYNC_MILLIS, t -> vertx.executeBlocking(this::rebuild));
    } else {
      this.local = null;
      this.listener = null;
      this.resync = -1;
    }
  }

  /** The cluster's pod network map, or null for a Vert.x that is not clustered (pure tests). */
  public static IMap<String, String> map(Vertx vertx) {
    if (vertx instanceof VertxInternal internal
        && internal.clusterManager() instanceof HazelcastClusterManager hazelcast) {
      return hazelcast.getHazelcastInstance().getMap(MapNames.POD_NETWORK);
    }
    return null;
  }

  /** The table, asked at each lookup; always empty when {@code vertx} is not clustered. */
  public static PodNetwork of(Vertx vertx) {
    return new PodNetwork(vertx, map(vertx), false);
  }

  /**
   * The table with a local copy (blocking: call it off the event loop), or null unclustered. Close
   * it when done.
   */
  public static PodNetwork open(Vertx vertx) {
    IMap<String, String> map = map(vertx);
    return map == null ? null : new PodNetwork(vertx, map, true);
  }

  /**
   * Where {@code podIp:port} really listens ({@code host:port}), or null when nothing does;
   * completed on the calling context.
   */
  public Future<String> lookup(String podIp, int port) {
    if (map == null) {
      return Future.succeededFuture(null);
    }
    String key = podIp + ":" + port;
    String known = local == null ? null : local.get(key);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    // Hazelcast completes on its own threads: come back to the caller's context
    Context context = Vertx.currentContext();
    var answer = map.getAsync(key);
    return context == null
        ? Future.fromCompletionStage(answer)
        : Future.fromCompletionStage(answer, context);
  }

  private Void rebuild() {
    Map<String, String> fresh = Map.copyOf(map);
    local.keySet().retainAll(fresh.keySet());
    local.putAll(fresh);
    return null;
  }

  @Override
  public void close() {
    if (listener != null) {
      vertx.cancelTimer(resync);
      map.removeEntryListener(listener);
    }
  }

  private final class Listener
      implements EntryAddedListener<String, String>,
          EntryUpdatedListener<String, String>,
          EntryRemovedListener<String, String> {
    @Override
    public void entryAdded(EntryEvent<String, String> event) {
      local.put(event.getKey(), event.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<String, String> event) {
      local.put(event.getKey(), event.getValue());
    }

    @Override
    public void entryRemoved(EntryEvent<String, String> event) {
      local.remove(event.getKey());
    }
  }
}

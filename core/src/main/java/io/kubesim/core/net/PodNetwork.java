package io.kubesim.core.net;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.kubesim.core.MapNames;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pod network ({@link MapNames#POD_NETWORK}): {@code <podIP>:<port>} → the real {@code
 * host:port} where a simulated container listens. Readers that route every connection (kube-proxy,
 * the ingress controller) keep a local copy fed by the map's entry events; since an entry listener
 * can miss events on a member's failover, a miss is asked of the map itself and the copy is rebuilt
 * every {@link #RESYNC_MILLIS}.
 */
public final class PodNetwork implements AutoCloseable {
  static final long RESYNC_MILLIS = 30_000;

  private final Vertx vertx;
  private final IMap<String, String> map;
  private final Map<String, String> local = new ConcurrentHashMap<>();
  private final UUID listener;
  private final long resync;

  private PodNetwork(Vertx vertx, IMap<String, String> map) {
    this.vertx = vertx;
    this.map = map;
    this.listener = map.addEntryListener(new Listener(), true);
    this.local.putAll(map);
    this.resync = vertx.setPeriodic(RESYNC_MILLIS, t -> vertx.executeBlocking(this::rebuild));
  }

  /** The cluster's pod network map, or null for a Vert.x that is not clustered (pure tests). */
  public static IMap<String, String> map(Vertx vertx) {
    if (vertx instanceof VertxInternal internal
        && internal.clusterManager() instanceof HazelcastClusterManager hazelcast) {
      HazelcastInstance instance = hazelcast.getHazelcastInstance();
      return instance.getMap(MapNames.POD_NETWORK);
    }
    return null;
  }

  /**
   * A local copy of the pod network (blocking: call it off the event loop), or null unclustered.
   */
  public static PodNetwork open(Vertx vertx) {
    IMap<String, String> map = map(vertx);
    return map == null ? null : new PodNetwork(vertx, map);
  }

  /** Where {@code podIp:port} really listens ({@code host:port}), or null when nothing does. */
  public Future<String> resolve(String podIp, int port) {
    String key = podIp + ":" + port;
    String known = local.get(key);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return Future.fromCompletionStage(map.getAsync(key), vertx.getOrCreateContext());
  }

  private Void rebuild() {
    Map<String, String> fresh = Map.copyOf(map);
    local.keySet().retainAll(fresh.keySet());
    local.putAll(fresh);
    return null;
  }

  @Override
  public void close() {
    vertx.cancelTimer(resync);
    map.removeEntryListener(listener);
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

package io.kubesim.core.net;

import com.hazelcast.map.IMap;
import io.kubesim.core.MapNames;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * The cluster's pod network table ({@link MapNames#POD_NETWORK}): {@code <podIP>:<port>} to the
 * real {@code host:port} where the simulated container listens. Reached through the Vert.x cluster
 * manager, so a process needs nothing but its Vert.x; a Vert.x that is not clustered has none.
 */
public final class PodNetwork {
  private final IMap<String, String> map;

  private PodNetwork(IMap<String, String> map) {
    this.map = map;
  }

  /** The table of {@code vertx}'s cluster; one that is always empty when it is not clustered. */
  public static PodNetwork of(Vertx vertx) {
    return new PodNetwork(map(vertx));
  }

  /** The Hazelcast map itself, or null when {@code vertx} is not clustered (pure tests). */
  public static IMap<String, String> map(Vertx vertx) {
    if (vertx instanceof VertxInternal internal
        && internal.clusterManager() instanceof HazelcastClusterManager hazelcast) {
      return hazelcast.getHazelcastInstance().getMap(MapNames.POD_NETWORK);
    }
    return null;
  }

  /**
   * Where {@code podIp:port} really listens ({@code host:port}), or null when nothing does; on the
   * calling context.
   */
  public Future<String> lookup(String podIp, int port) {
    if (map == null) {
      return Future.succeededFuture(null);
    }
    // Completed on the caller's context (Hazelcast completes on its own threads).
    io.vertx.core.Context context = Vertx.currentContext();
    var answer = map.getAsync(podIp + ":" + port);
    return context == null
        ? Future.fromCompletionStage(answer)
        : Future.fromCompletionStage(answer, context);
  }
}

package io.kubesim.kubelet.app;

import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real HTTP servers of the simulated containers: one per (pod, container, port), on a free port
 * of the node's address, entered in the pod network ({@code <podIP>:<port>} to {@code
 * <host>:<realPort>}) once it listens and removed when it closes.
 */
public final class ContainerServers {
  private static final Logger LOG = LoggerFactory.getLogger(ContainerServers.class);

  private record Server(Future<HttpServer> listening, String networkKey) {}

  private final Vertx vertx;
  private final String host;
  private final IMap<String, String> network;
  // Sorted, so that a pod's servers (keys "<uid>/...") are a range: every pod's sync asks for its
  // own, and a scan of all servers per sync grew with the square of the pods on the node.
  private final NavigableMap<String, Server> servers = new ConcurrentSkipListMap<>();

  /**
   * @param network the pod network map, or null to keep it out of the cluster (pure tests)
   */
  public ContainerServers(Vertx vertx, String host, IMap<String, String> network) {
    this.vertx = vertx;
    this.host = host;
    this.network = network;
  }

  public static String key(String podUid, String container, int port) {
    return podUid + "/" + container + "/" + port;
  }

  public boolean isOpen(String key) {
    return servers.containsKey(key);
  }

  /** Opens the server {@code key} unless it is open; {@code podIp:port} is its virtual address. */
  public void open(String key, String podIp, int port, Handler<HttpServerRequest> handler) {
    if (servers.containsKey(key)) {
      return;
    }
    String networkKey = podIp + ":" + port;
    Future<HttpServer> listening = vertx.createHttpServer().requestHandler(handler).listen(0, host);
    servers.put(key, new Server(listening, networkKey));
    listening
        .onSuccess(
            http -> {
              if (servers.containsKey(key) && network != null) {
                network.putAsync(networkKey, host + ":" + http.actualPort());
              }
            })
        .onFailure(
            e -> LOG.warn("server {} for {} did not start: {}", key, networkKey, e.toString()));
  }

  /** The real port a server listens on, or -1 while it is not (yet) listening. */
  public int realPort(String key) {
    Server s = servers.get(key);
    return s == null || !s.listening().succeeded() ? -1 : s.listening().result().actualPort();
  }

  public void close(String key) {
    Server s = servers.remove(key);
    if (s == null) {
      return;
    }
    if (network != null) {
      network.removeAsync(s.networkKey());
    }
    s.listening().onSuccess(HttpServer::close);
  }

  /** Closes every server whose key starts with {@code prefix} (all of a pod: its uid and "/"). */
  public void closeAll(String prefix) {
    for (String key : keys(prefix)) {
      close(key);
    }
  }

  /**
   * Removes the pod network entries whose pod IP {@code stale} says no pod holds (left by a
   * previous run of the process, whose pods were deleted while it was down). Blocking Hazelcast
   * calls, so on a worker thread.
   */
  public Future<Integer> removeStale(java.util.function.Predicate<String> stale) {
    if (network == null) {
      return Future.succeededFuture(0);
    }
    return vertx.executeBlocking(
        () -> {
          int removed = 0;
          for (String key : network.keySet()) {
            int colon = key.lastIndexOf(':');
            if (colon > 0 && stale.test(key.substring(0, colon))) {
              network.remove(key);
              removed++;
            }
          }
          return removed;
        });
  }

  /** Whether any open server's key starts with {@code prefix} (no copy: asked every second). */
  public boolean anyWith(String prefix) {
    return !servers.subMap(prefix, true, prefix + Character.MAX_VALUE, false).isEmpty();
  }

  /** The keys of the open servers that start with {@code prefix}. */
  public java.util.Set<String> keys(String prefix) {
    return new java.util.HashSet<>(
        servers.subMap(prefix, true, prefix + Character.MAX_VALUE, false).keySet());
  }
}

package io.kubesim.apiserver;

import java.nio.file.Path;
import java.util.Map;

/**
 * The apiserver's settings, read from the environment.
 *
 * <ul>
 *   <li>{@code KUBESIM_API_HOST}: address to listen on (default 127.0.0.1; 0.0.0.0 in a container).
 *   <li>{@code KUBESIM_API_PORT}: the API port (default 6443, as kube-apiserver).
 *   <li>{@code KUBESIM_ADVERTISE_ADDRESS}: the address in the default/kubernetes Endpoints (default
 *       the listen address, or 127.0.0.1 when listening on all).
 *   <li>{@code KUBESIM_DATA_DIR}: where every change is persisted (default {@code data}); {@code
 *       none} keeps everything in memory.
 *   <li>{@code KUBESIM_WATCH_HISTORY}: events kept for watches resuming from an older
 *       resourceVersion (default 10000); older ones get 410 Gone.
 *   <li>{@code KUBESIM_BOOKMARK_SECONDS}: how often watchers that allow bookmarks get one (60).
 * </ul>
 */
public record ApiServerConfig(
    String host,
    int port,
    String advertiseAddress,
    Path dataDir,
    int watchHistory,
    long bookmarkSeconds) {

  public static ApiServerConfig fromEnv(Map<String, String> env) {
    String host = env.getOrDefault("KUBESIM_API_HOST", "127.0.0.1");
    String data = env.getOrDefault("KUBESIM_DATA_DIR", "data");
    return new ApiServerConfig(
        host,
        Integer.parseInt(env.getOrDefault("KUBESIM_API_PORT", "6443")),
        env.getOrDefault("KUBESIM_ADVERTISE_ADDRESS", host.equals("0.0.0.0") ? "127.0.0.1" : host),
        data.equals("none") ? null : Path.of(data),
        Integer.parseInt(env.getOrDefault("KUBESIM_WATCH_HISTORY", "10000")),
        Long.parseLong(env.getOrDefault("KUBESIM_BOOKMARK_SECONDS", "60")));
  }

  /** For tests: memory or the given directory, a chosen port on loopback. */
  public static ApiServerConfig local(int port, Path dataDir) {
    return new ApiServerConfig("127.0.0.1", port, "127.0.0.1", dataDir, 10000, 60);
  }
}

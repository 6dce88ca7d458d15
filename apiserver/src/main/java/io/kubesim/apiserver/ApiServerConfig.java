package io.kubesim.apiserver;

import io.kubesim.apiserver.admission.DefaultTolerationSeconds;
import io.kubesim.apiserver.http.Limits;
import io.kubesim.core.process.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The apiserver's settings, read from the environment.
 *
 * <ul>
 *   <li>{@code KUBESIM_API_HOST}: address to listen on (default 127.0.0.1; 0.0.0.0 in a container).
 *   <li>{@code KUBESIM_API_PORT}: the API port (default 6443, as kube-apiserver).
 *   <li>{@code KUBESIM_ADVERTISE_ADDRESS}: the address in the default/kubernetes Endpoints and
 *       EndpointSlice (default the listen address, or 127.0.0.1 when listening on all); a host name
 *       is resolved to its address (compose: the apiserver container's).
 *   <li>{@code KUBESIM_DATA_DIR}: where every change is persisted (default {@code data}); {@code
 *       none} keeps everything in memory.
 *   <li>{@code KUBESIM_WATCH_HISTORY}: events kept for watches resuming from an older
 *       resourceVersion (default 10000); older ones get 410 Gone.
 *   <li>{@code KUBESIM_BOOKMARK_SECONDS}: how often watchers that allow bookmarks get one (60).
 *   <li>{@code KUBESIM_API_TLS}: {@code true} (default) serves HTTPS with the cluster CA and
 *       requires a bearer token; {@code false} serves plain HTTP without authentication.
 *   <li>{@code KUBESIM_PKI_DIR}: certificates and the admin token (default {@code <data>/pki}).
 *   <li>{@code KUBESIM_API_SANS}: extra comma-separated names or IPs for the serving certificate.
 *   <li>{@code KUBESIM_KUBECONFIG_OUT}: where to write the admin kubeconfig (default {@code
 *       <data>/admin.kubeconfig}); {@code KUBESIM_KUBECONFIG_SERVER} the server URL written in it
 *       (default {@code https://127.0.0.1:<port>}).
 *   <li>{@code KUBESIM_REQUEST_TIMEOUT_SECONDS}, {@code KUBESIM_MAX_WATCHES_PER_CLIENT}: see {@link
 *       Limits}.
 *   <li>{@code KUBESIM_EVENT_TTL}: how long an Event lives after its last write (kube-apiserver's
 *       {@code --event-ttl}, default 1h; a Go duration such as 90s or 5m).
 *   <li>{@code KUBESIM_DEFAULT_NOT_READY_TOLERATION_SECONDS}, {@code
 *       KUBESIM_DEFAULT_UNREACHABLE_TOLERATION_SECONDS} (300; 10 under {@code
 *       KUBESIM_PROFILE=fast}): see {@link DefaultTolerationSeconds}.
 * </ul>
 */
public record ApiServerConfig(
    String host,
    int port,
    String advertiseAddress,
    Path dataDir,
    int watchHistory,
    long bookmarkSeconds,
    boolean tls,
    Path pkiDir,
    List<String> extraSans,
    Path kubeconfigOut,
    String kubeconfigServer,
    Limits limits,
    DefaultTolerationSeconds defaultTolerationSeconds,
    Duration eventTtl) {

  /** kube-apiserver's --event-ttl default. */
  public static final Duration EVENT_TTL = Duration.ofHours(1);

  public static ApiServerConfig fromEnv(Map<String, String> env) {
    String host = env.getOrDefault("KUBESIM_API_HOST", "127.0.0.1");
    String data = env.getOrDefault("KUBESIM_DATA_DIR", "data");
    Path dataDir = data.equals("none") ? null : Path.of(data);
    Path state =
        dataDir == null ? Path.of(System.getProperty("java.io.tmpdir"), "kubesim") : dataDir;
    int port = Integer.parseInt(env.getOrDefault("KUBESIM_API_PORT", "6443"));
    boolean tls = !env.getOrDefault("KUBESIM_API_TLS", "true").equalsIgnoreCase("false");
    String out = env.get("KUBESIM_KUBECONFIG_OUT");
    return new ApiServerConfig(
        host,
        port,
        address(
            env.getOrDefault(
                "KUBESIM_ADVERTISE_ADDRESS", host.equals("0.0.0.0") ? "127.0.0.1" : host)),
        dataDir,
        Integer.parseInt(env.getOrDefault("KUBESIM_WATCH_HISTORY", "10000")),
        Long.parseLong(env.getOrDefault("KUBESIM_BOOKMARK_SECONDS", "60")),
        tls,
        Path.of(env.getOrDefault("KUBESIM_PKI_DIR", state.resolve("pki").toString())),
        Arrays.stream(env.getOrDefault("KUBESIM_API_SANS", "").split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .toList(),
        out != null ? Path.of(out) : state.resolve("admin.kubeconfig"),
        env.getOrDefault(
            "KUBESIM_KUBECONFIG_SERVER", (tls ? "https" : "http") + "://127.0.0.1:" + port),
        Limits.fromEnv(env),
        DefaultTolerationSeconds.fromEnv(env),
        Settings.duration(env, "KUBESIM_EVENT_TTL", EVENT_TTL));
  }

  /** For tests: plain HTTP (explicitly, as the tests choose), memory or the given directory. */
  public static ApiServerConfig local(int port, Path dataDir) {
    return new ApiServerConfig(
        "127.0.0.1",
        port,
        "127.0.0.1",
        dataDir,
        10000,
        60,
        false,
        null,
        List.of(),
        null,
        null,
        Limits.fromEnv(Map.of()),
        DefaultTolerationSeconds.DEFAULTS,
        EVENT_TTL);
  }

  /** For tests of the secure port: HTTPS and tokens, everything under {@code dataDir}. */
  public static ApiServerConfig secure(int port, Path dataDir) {
    return new ApiServerConfig(
        "127.0.0.1",
        port,
        "127.0.0.1",
        dataDir,
        10000,
        60,
        true,
        dataDir.resolve("pki"),
        List.of(),
        dataDir.resolve("admin.kubeconfig"),
        "https://127.0.0.1:" + port,
        Limits.fromEnv(Map.of()),
        DefaultTolerationSeconds.DEFAULTS,
        EVENT_TTL);
  }

  /** The same settings with another Event TTL (tests that watch Events expire). */
  public ApiServerConfig withEventTtl(Duration ttl) {
    return new ApiServerConfig(
        host,
        port,
        advertiseAddress,
        dataDir,
        watchHistory,
        bookmarkSeconds,
        tls,
        pkiDir,
        extraSans,
        kubeconfigOut,
        kubeconfigServer,
        limits,
        defaultTolerationSeconds,
        ttl);
  }

  /** An IP as it is; a host name resolved (the Endpoints hold addresses). */
  static String address(String hostOrIp) {
    try {
      return java.net.InetAddress.getByName(hostOrIp).getHostAddress();
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(
          "KUBESIM_ADVERTISE_ADDRESS: cannot resolve " + hostOrIp, e);
    }
  }
}

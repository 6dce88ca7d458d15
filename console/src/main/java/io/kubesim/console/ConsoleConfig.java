package io.kubesim.console;

import io.kubesim.core.process.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The console's settings, from the environment and the command line.
 *
 * @param port KUBESIM_CONSOLE_PORT ({@code 8001}): the page, its API, /metrics, /healthz and
 *     /readyz (KUBESIM_METRICS_PORT, when set, wins, as for every process; KUBESIM_METRICS_HOST is
 *     the address it binds)
 * @param allowChaos KUBESIM_CONSOLE_ALLOW_CHAOS={@code true} or {@code --allow-chaos} (off): only
 *     then does the page's API accept requests that change the cluster; otherwise every request but
 *     GET and HEAD under /api answers 403
 * @param kubeProxyUrl KUBESIM_CONSOLE_KUBE_PROXY_URL ({@code http://127.0.0.1:10249}): where a
 *     node's kube-proxy serves iptables-save and iptables-trace; {@code {node}} in it is replaced
 *     by the node's name (compose: {@code http://{node}:10249}, a kube-proxy in each node's
 *     container)
 * @param viewDelay KUBESIM_CONSOLE_VIEW_DELAY ({@code 200ms}): how long after a watch event the
 *     page's view is rebuilt and pushed, so that a burst of events (a scale to 50) is one push
 * @param metricsPeriod KUBESIM_CONSOLE_METRICS_PERIOD ({@code 15s}): how often the simulated usage
 *     (metrics.k8s.io, which cannot be watched) is read and pushed; metrics-server's resolution
 */
public record ConsoleConfig(
    int port, boolean allowChaos, String kubeProxyUrl, Duration viewDelay, Duration metricsPeriod) {

  public static final int DEFAULT_PORT = 8001;

  public static ConsoleConfig fromEnv(Map<String, String> env, List<String> args) {
    return new ConsoleConfig(
        Integer.parseInt(env.getOrDefault("KUBESIM_CONSOLE_PORT", "" + DEFAULT_PORT)),
        args.contains("--allow-chaos")
            || Boolean.parseBoolean(env.getOrDefault("KUBESIM_CONSOLE_ALLOW_CHAOS", "false")),
        env.getOrDefault("KUBESIM_CONSOLE_KUBE_PROXY_URL", "http://127.0.0.1:10249"),
        Settings.duration(env, "KUBESIM_CONSOLE_VIEW_DELAY", Duration.ofMillis(200)),
        Settings.duration(env, "KUBESIM_CONSOLE_METRICS_PERIOD", Duration.ofSeconds(15)));
  }

  /** The base URL of the kube-proxy that holds {@code node}'s rules. */
  public String kubeProxyUrl(String node) {
    return kubeProxyUrl.replace("{node}", node);
  }
}

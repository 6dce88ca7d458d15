package io.kubesim.coredns;

import io.kubesim.core.process.Settings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;

/**
 * coredns-sim's settings, from the environment.
 *
 * @param host KUBESIM_DNS_HOST ({@code 0.0.0.0}): the address DNS listens on, UDP and TCP
 * @param port KUBESIM_DNS_PORT ({@code 53}; the launcher: 1053; 0: a free port)
 * @param advertiseAddress KUBESIM_DNS_ADVERTISE_ADDRESS ({@code 127.0.0.1}; compose: the
 *     container's name, resolved to its address): the address written into the kube-dns Endpoints
 *     and EndpointSlice, where pods send their queries
 * @param healthPort KUBESIM_DNS_HEALTH_PORT ({@code 8080}): the health plugin's {@code /health}
 * @param readyPort KUBESIM_DNS_READY_PORT ({@code 8181}): the ready plugin's {@code /ready}
 * @param metricsPort KUBESIM_METRICS_PORT ({@code 9153}), the prometheus plugin's port, which the
 *     kube-dns Service names
 * @param resync KUBESIM_MIN_RESYNC_PERIOD ({@code 30s}): how often the informers deliver every
 *     object again, and how often the kube-dns endpoints are checked
 */
public record CoreDnsConfig(
    String host,
    int port,
    String advertiseAddress,
    int healthPort,
    int readyPort,
    int metricsPort,
    Duration resync) {

  public static CoreDnsConfig fromEnv(Map<String, String> env) {
    return new CoreDnsConfig(
        env.getOrDefault("KUBESIM_DNS_HOST", "0.0.0.0"),
        Integer.parseInt(env.getOrDefault("KUBESIM_DNS_PORT", "53")),
        address(env.getOrDefault("KUBESIM_DNS_ADVERTISE_ADDRESS", "127.0.0.1")),
        Integer.parseInt(env.getOrDefault("KUBESIM_DNS_HEALTH_PORT", "8080")),
        Integer.parseInt(env.getOrDefault("KUBESIM_DNS_READY_PORT", "8181")),
        Integer.parseInt(env.getOrDefault("KUBESIM_METRICS_PORT", "9153")),
        Settings.duration(env, "KUBESIM_MIN_RESYNC_PERIOD", Duration.ofSeconds(30)));
  }

  /** An Endpoints address must be an IP: a host name is resolved once, at start. */
  private static String address(String host) {
    try {
      return InetAddress.getByName(host).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(
          "KUBESIM_DNS_ADVERTISE_ADDRESS: cannot resolve " + host, e);
    }
  }
}

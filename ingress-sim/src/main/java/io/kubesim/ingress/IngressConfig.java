package io.kubesim.ingress;

import io.kubesim.core.cluster.MemberAttributes;
import io.kubesim.ingress.classes.IngressClassFilter;
import java.nio.file.Path;
import java.util.Map;

/**
 * ingress-sim's settings, from the environment, named after ingress-nginx's flags where one exists.
 *
 * @param host the address the HTTP and HTTPS listeners bind (KUBESIM_INGRESS_HOST, 0.0.0.0)
 * @param httpPort --http-port (KUBESIM_INGRESS_HTTP_PORT, 80; the launcher 8080; 0: a free one)
 * @param httpsPort --https-port (KUBESIM_INGRESS_HTTPS_PORT, 443; the launcher 8443)
 * @param classes --ingress-class (KUBESIM_INGRESS_CLASS, nginx), --controller-class
 *     (KUBESIM_INGRESS_CONTROLLER_CLASS, k8s.io/ingress-nginx), --watch-ingress-without-class
 *     (KUBESIM_INGRESS_WATCH_WITHOUT_CLASS, true as in kind's manifest)
 * @param publishStatusAddress --publish-status-address (KUBESIM_INGRESS_PUBLISH_STATUS_ADDRESS,
 *     localhost as in kind's manifest): the ingresses' ADDRESS
 * @param metricsPerHost --metrics-per-host (KUBESIM_INGRESS_METRICS_PER_HOST, true)
 * @param accessLog the access log on stdout (KUBESIM_INGRESS_ACCESS_LOG, true; ingress-nginx's
 *     disable-access-log inverted)
 * @param confFile where nginx.conf is written on each change (KUBESIM_INGRESS_CONF_FILE; unset:
 *     nowhere, compose: /etc/nginx/nginx.conf)
 * @param syncRateLimit --sync-rate-limit (KUBESIM_INGRESS_SYNC_RATE_LIMIT, 0.3): configuration
 *     rebuilds per second at most, so a change takes effect within 1/0.3 = 3.3 s
 * @param clusterCidr the pod network (KUBESIM_CLUSTER_CIDR, 10.244.0.0/16): endpoints in it are
 *     reached through the pod network table
 * @param namespace the controller's namespace (KUBESIM_INGRESS_NAMESPACE, ingress-nginx)
 * @param podName the controller's pod (KUBESIM_INGRESS_POD_NAME: its mirror pod's name,
 *     ingress-nginx-controller-&lt;KUBESIM_CONTROL_PLANE_NODE&gt;)
 * @param workers event loops serving requests (KUBESIM_INGRESS_WORKERS, the CPU count), as nginx's
 *     worker_processes auto
 */
public record IngressConfig(
    String host,
    int httpPort,
    int httpsPort,
    IngressClassFilter.Settings classes,
    String publishStatusAddress,
    boolean metricsPerHost,
    boolean accessLog,
    Path confFile,
    double syncRateLimit,
    String clusterCidr,
    String namespace,
    String podName,
    int workers) {

  public static final String COMPONENT = "ingress-nginx-controller";

  public static IngressConfig fromEnv(Map<String, String> env) {
    String node = env.getOrDefault("KUBESIM_CONTROL_PLANE_NODE", "");
    if (node.isBlank()) {
      node = MemberAttributes.DEFAULT_CONTROL_PLANE_NODE;
    }
    String conf = env.getOrDefault("KUBESIM_INGRESS_CONF_FILE", "");
    return new IngressConfig(
        env.getOrDefault("KUBESIM_INGRESS_HOST", "0.0.0.0"),
        Integer.parseInt(env.getOrDefault("KUBESIM_INGRESS_HTTP_PORT", "80")),
        Integer.parseInt(env.getOrDefault("KUBESIM_INGRESS_HTTPS_PORT", "443")),
        new IngressClassFilter.Settings(
            env.getOrDefault("KUBESIM_INGRESS_CLASS", "nginx"),
            env.getOrDefault("KUBESIM_INGRESS_CONTROLLER_CLASS", "k8s.io/ingress-nginx"),
            Boolean.parseBoolean(env.getOrDefault("KUBESIM_INGRESS_WATCH_WITHOUT_CLASS", "true"))),
        env.getOrDefault("KUBESIM_INGRESS_PUBLISH_STATUS_ADDRESS", "localhost"),
        Boolean.parseBoolean(env.getOrDefault("KUBESIM_INGRESS_METRICS_PER_HOST", "true")),
        Boolean.parseBoolean(env.getOrDefault("KUBESIM_INGRESS_ACCESS_LOG", "true")),
        conf.isBlank() ? null : Path.of(conf),
        Double.parseDouble(env.getOrDefault("KUBESIM_INGRESS_SYNC_RATE_LIMIT", "0.3")),
        env.getOrDefault("KUBESIM_CLUSTER_CIDR", "10.244.0.0/16"),
        env.getOrDefault("KUBESIM_INGRESS_NAMESPACE", "ingress-nginx"),
        env.getOrDefault("KUBESIM_INGRESS_POD_NAME", COMPONENT + "-" + node.trim()),
        Integer.parseInt(
            env.getOrDefault(
                "KUBESIM_INGRESS_WORKERS",
                Integer.toString(Runtime.getRuntime().availableProcessors()))));
  }
}

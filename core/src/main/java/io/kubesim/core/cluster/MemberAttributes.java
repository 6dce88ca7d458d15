package io.kubesim.core.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a process announces about itself as Hazelcast member attributes, so that the kubelet of a
 * node can show it as a pod in kube-system (the mirror pod of a static pod, as kubeadm's control
 * plane runs): which Kubernetes component it plays and on which node(s) it runs.
 *
 * <ul>
 *   <li>{@value #COMPONENT}: {@code kube-apiserver}, {@code kube-controller-manager}, {@code
 *       kube-scheduler}, {@code kube-proxy}, {@code coredns} or {@code ingress-nginx-controller};
 *       processes that play no such pod (kubelet, kube-state-metrics) announce nothing.
 *   <li>{@value #NODES}: comma-separated node names. The control-plane components run on {@code
 *       KUBESIM_CONTROL_PLANE_NODE} (default {@value #DEFAULT_CONTROL_PLANE_NODE}, kind's name),
 *       and so do CoreDNS, whose pods kind schedules there, and the ingress controller, which
 *       kind's manifest puts there; kube-proxy on its {@code KUBESIM_NODES} (default the host name,
 *       as kube-proxy-sim reads it).
 *   <li>{@value #ENDPOINT}: the apiserver's advertised {@code address:port}, which kubeadm writes
 *       on its pod ({@code kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint}).
 * </ul>
 */
public final class MemberAttributes {
  public static final String COMPONENT = "kubesim.component";
  public static final String NODES = "kubesim.nodes";
  public static final String ENDPOINT = "kubesim.endpoint";

  public static final String DEFAULT_CONTROL_PLANE_NODE = "kubesim-control-plane";

  private MemberAttributes() {}

  /**
   * The attributes of the process {@code processName} (the name it runs under: {@code scheduler},
   * {@code controller-manager}, {@code kube-proxy}, {@code apiserver}, {@code coredns}, {@code
   * ingress-nginx-controller}); empty for the others.
   */
  public static Map<String, String> forProcess(String processName, Map<String, String> env) {
    return switch (processName) {
      case "apiserver", "kube-apiserver" -> controlPlane("kube-apiserver", env);
      case "controller-manager", "kube-controller-manager" ->
          controlPlane("kube-controller-manager", env);
      case "scheduler", "kube-scheduler" -> controlPlane("kube-scheduler", env);
      case "ingress-nginx-controller" -> controlPlane("ingress-nginx-controller", env);
      case "coredns" -> controlPlane("coredns", env);
      case "kube-proxy" -> of("kube-proxy", nodes(env.get("KUBESIM_NODES")));
      default -> Map.of();
    };
  }

  /** The apiserver's: its component and node, and the endpoint it advertises. */
  public static Map<String, String> forApiServer(Map<String, String> env, String endpoint) {
    Map<String, String> out = new LinkedHashMap<>(forProcess("apiserver", env));
    out.put(ENDPOINT, endpoint);
    return out;
  }

  /** The nodes of an announced {@value #NODES} value. */
  public static List<String> nodes(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static Map<String, String> controlPlane(String component, Map<String, String> env) {
    String node = env.getOrDefault("KUBESIM_CONTROL_PLANE_NODE", "");
    return of(component, List.of(node.isBlank() ? DEFAULT_CONTROL_PLANE_NODE : node.trim()));
  }

  private static Map<String, String> of(String component, List<String> nodes) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(COMPONENT, component);
    out.put(NODES, String.join(",", nodes.isEmpty() ? List.of(hostname()) : nodes));
    return out;
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}

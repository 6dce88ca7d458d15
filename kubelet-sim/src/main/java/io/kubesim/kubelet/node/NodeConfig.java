package io.kubesim.kubelet.node;

import io.fabric8.kubernetes.api.model.Taint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One simulated node as the process is told to run it, read from the environment by {@link
 * #fromEnv}:
 *
 * <ul>
 *   <li>{@code KUBESIM_NODES}: comma-separated node names (default: the host name);
 *   <li>{@code KUBESIM_NODE_COUNT} and {@code KUBESIM_NODE_PREFIX} instead, for scale: 1000 and
 *       {@code sim-node-} give {@code sim-node-0001} ... {@code sim-node-1000} (at least 4 digits);
 *   <li>{@code KUBESIM_NODE_CPU} (default 4), {@code KUBESIM_NODE_MEMORY} (default 8Gi), {@code
 *       KUBESIM_NODE_PODS} (default 110): capacity, equal to allocatable as on kind;
 *   <li>{@code KUBESIM_NODE_TAINTS}: {@code key[=value]:Effect,...}; "none" for no taints; default
 *       {@code node-role.kubernetes.io/control-plane:NoSchedule} for a node whose name ends with
 *       {@code control-plane}, none otherwise;
 *   <li>{@code KUBESIM_NODE_IP}: the address the node announces (InternalIP, the pods' hostIP) and
 *       where the simulated containers' HTTP servers listen (default 127.0.0.1); a host name is
 *       resolved to its IP.
 * </ul>
 *
 * @param taints null means the default for the name
 */
public record NodeConfig(
    String name, String cpu, String memory, int pods, List<Taint> taints, String ip) {

  public static final String CONTROL_PLANE_LABEL = "node-role.kubernetes.io/control-plane";

  /** The nodes this process simulates. */
  public static List<NodeConfig> fromEnv(Map<String, String> env, String hostname) {
    List<String> names = names(env, hostname);
    String cpu = env.getOrDefault("KUBESIM_NODE_CPU", "4");
    String memory = env.getOrDefault("KUBESIM_NODE_MEMORY", "8Gi");
    int pods = Integer.parseInt(env.getOrDefault("KUBESIM_NODE_PODS", "110"));
    String ip = address(env.getOrDefault("KUBESIM_NODE_IP", "127.0.0.1"));
    String taints = env.get("KUBESIM_NODE_TAINTS");
    List<NodeConfig> out = new ArrayList<>();
    for (String name : names) {
      List<Taint> t = taints == null ? defaultTaints(name) : parseTaints(taints);
      out.add(new NodeConfig(name, cpu, memory, pods, t, ip));
    }
    return out;
  }

  /**
   * A host name given as the node's address (compose gives each container its service's name)
   * becomes the IP it resolves to: a Node's InternalIP and a pod's hostIP are IPs.
   */
  static String address(String host) {
    try {
      return java.net.InetAddress.getByName(host).getHostAddress();
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException("KUBESIM_NODE_IP: cannot resolve " + host, e);
    }
  }

  static List<String> names(Map<String, String> env, String hostname) {
    String count = env.get("KUBESIM_NODE_COUNT");
    if (count != null && !count.isBlank()) {
      int n = Integer.parseInt(count.trim());
      String prefix = env.getOrDefault("KUBESIM_NODE_PREFIX", "sim-node-");
      int digits = Math.max(4, String.valueOf(n).length());
      List<String> names = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        names.add(prefix + String.format("%0" + digits + "d", i));
      }
      return names;
    }
    String list = env.get("KUBESIM_NODES");
    if (list == null || list.isBlank()) {
      return List.of(hostname);
    }
    return List.of(list.trim().split("\\s*,\\s*"));
  }

  public boolean controlPlane() {
    return name.endsWith("control-plane");
  }

  static List<Taint> defaultTaints(String name) {
    return name.endsWith("control-plane")
        ? List.of(new Taint("NoSchedule", CONTROL_PLANE_LABEL, null, null))
        : List.of();
  }

  /** {@code key[=value]:Effect} terms, comma-separated; "none" or "" for none. */
  public static List<Taint> parseTaints(String text) {
    List<Taint> out = new ArrayList<>();
    if (text.isBlank() || text.trim().equals("none")) {
      return out;
    }
    for (String term : text.trim().split("\\s*,\\s*")) {
      int colon = term.lastIndexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("taint without an effect: " + term);
      }
      String effect = term.substring(colon + 1);
      String keyValue = term.substring(0, colon);
      int eq = keyValue.indexOf('=');
      String key = eq < 0 ? keyValue : keyValue.substring(0, eq);
      String value = eq < 0 ? null : keyValue.substring(eq + 1);
      out.add(new Taint(effect, key, null, value));
    }
    return out;
  }
}

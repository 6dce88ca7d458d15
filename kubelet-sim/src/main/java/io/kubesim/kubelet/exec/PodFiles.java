package io.kubesim.kubelet.exec;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.kubesim.kubelet.shell.Machine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files the kubelet and the runtime put into every container: /etc/hostname, /etc/hosts (the
 * kubelet-managed one), /etc/resolv.conf (as the kubelet writes it for the pod's dnsPolicy) and a
 * minimal /proc.
 */
public final class PodFiles {
  /** The cluster DNS Service's address (kube-dns in kube-system, as kubeadm and kind set it). */
  public static final String CLUSTER_DNS = "10.96.0.10";

  public static final String CLUSTER_DOMAIN = "cluster.local";

  private PodFiles() {}

  /**
   * @param pid1 the command line of the container's first process
   * @param up how long the container has been running
   * @param memoryBytes the node's memory
   */
  public static Map<String, String> of(
      Pod pod, String podIp, List<String> pid1, Duration up, long memoryBytes) {
    Map<String, String> files = new LinkedHashMap<>();
    String hostname = hostname(pod);
    files.put("/etc/hostname", hostname + "\n");
    files.put("/etc/hosts", hosts(pod, podIp));
    files.put("/etc/resolv.conf", resolvConf(pod));
    files.put("/proc/1/cmdline", String.join("\0", pid1) + "\0");
    files.put(
        "/proc/version",
        "Linux version " + Machine.KERNEL + " (buildd@kubesim) #1 SMP PREEMPT_DYNAMIC\n");
    long seconds = up.toSeconds();
    files.put("/proc/uptime", seconds + ".00 " + (seconds * 4) + ".00\n");
    files.put("/proc/loadavg", "0.12 0.08 0.05 1/123 42\n");
    long kb = memoryBytes / 1024;
    files.put(
        "/proc/meminfo",
        String.format(
            "MemTotal:       %8d kB%nMemFree:        %8d kB%nMemAvailable:   %8d kB%n",
            kb, kb / 2, kb * 3 / 4));
    return files;
  }

  /** spec.hostname, else the pod's name (truncated to 63 characters, as the kubelet does). */
  public static String hostname(Pod pod) {
    String host = pod.getSpec().getHostname();
    if (host == null || host.isEmpty()) {
      host = pod.getMetadata().getName();
    }
    return host.length() > 63 ? host.substring(0, 63) : host;
  }

  /** The kubelet's managed /etc/hosts: localhost entries, then the pod's own address. */
  static String hosts(Pod pod, String podIp) {
    PodSpec spec = pod.getSpec();
    StringBuilder b = new StringBuilder("# Kubernetes-managed hosts file.\n");
    b.append("127.0.0.1\tlocalhost\n");
    b.append("::1\tlocalhost ip6-localhost ip6-loopback\n");
    b.append("fe00::0\tip6-localnet\n");
    b.append("fe00::0\tip6-mcastprefix\n");
    b.append("fe00::1\tip6-allnodes\n");
    b.append("fe00::2\tip6-allrouters\n");
    String hostname = hostname(pod);
    String subdomain = spec.getSubdomain();
    if (podIp != null && !podIp.isEmpty()) {
      if (subdomain != null && !subdomain.isEmpty()) {
        String fqdn =
            hostname
                + "."
                + subdomain
                + "."
                + pod.getMetadata().getNamespace()
                + ".svc."
                + CLUSTER_DOMAIN;
        b.append(podIp).append('\t').append(fqdn).append('\t').append(hostname).append('\n');
      } else {
        b.append(podIp).append('\t').append(hostname).append('\n');
      }
    }
    if (spec.getHostAliases() != null && !spec.getHostAliases().isEmpty()) {
      b.append("\n# Entries added by HostAliases.\n");
      spec.getHostAliases()
          .forEach(
              a ->
                  b.append(a.getIp())
                      .append('\t')
                      .append(String.join("\t", a.getHostnames()))
                      .append('\n'));
    }
    return b.toString();
  }

  /**
   * What the kubelet hands the runtime for the pod's DNS (search, nameserver, options, in the order
   * containerd writes them): the cluster DNS for ClusterFirst, the pod's dnsConfig added or (policy
   * None) alone.
   */
  static String resolvConf(Pod pod) {
    PodSpec spec = pod.getSpec();
    String policy = spec.getDnsPolicy() == null ? "ClusterFirst" : spec.getDnsPolicy();
    boolean hostNetwork = Boolean.TRUE.equals(spec.getHostNetwork());
    List<String> servers = new ArrayList<>();
    List<String> searches = new ArrayList<>();
    List<String> options = new ArrayList<>();
    boolean cluster =
        policy.equals("ClusterFirstWithHostNet") || (policy.equals("ClusterFirst") && !hostNetwork);
    if (cluster) {
      String ns = pod.getMetadata().getNamespace();
      servers.add(CLUSTER_DNS);
      searches.addAll(
          List.of(ns + ".svc." + CLUSTER_DOMAIN, "svc." + CLUSTER_DOMAIN, CLUSTER_DOMAIN));
      options.add("ndots:5");
    } else if (!policy.equals("None")) {
      servers.add("172.18.0.1"); // the node's own resolver (kind's docker network gateway)
    }
    PodDNSConfig config = spec.getDnsConfig();
    if (config != null) {
      if (config.getNameservers() != null) {
        servers.addAll(config.getNameservers());
      }
      if (config.getSearches() != null) {
        searches.addAll(config.getSearches());
      }
      if (config.getOptions() != null) {
        config
            .getOptions()
            .forEach(
                o -> {
                  String option =
                      o.getValue() == null ? o.getName() : o.getName() + ":" + o.getValue();
                  options.removeIf(x -> x.split(":")[0].equals(o.getName()));
                  options.add(option);
                });
      }
    }
    StringBuilder b = new StringBuilder();
    if (!searches.isEmpty()) {
      b.append("search ").append(String.join(" ", searches)).append('\n');
    }
    servers.forEach(s -> b.append("nameserver ").append(s).append('\n'));
    if (!options.isEmpty()) {
      b.append("options ").append(String.join(" ", options)).append('\n');
    }
    return b.toString();
  }
}

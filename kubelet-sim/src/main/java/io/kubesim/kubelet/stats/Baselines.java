package io.kubesim.kubelet.stats;

import java.util.Map;

/**
 * What a container uses when its pod sets no {@code kubesim.io/cpu} or {@code kubesim.io/memory}:
 * an idle-looking figure per image, looked up by the last segment of its repository ({@code
 * registry.k8s.io/kube-apiserver:v1.32.0} is {@code kube-apiserver}), close to what {@code kubectl
 * top} shows for that image idling on a kind cluster. The model swings CPU by half of it and memory
 * by a few per cent over time ({@link ContainerUsage}).
 */
final class Baselines {
  /** CPU in millicores, memory in KiB. */
  record Baseline(double millicores, long kibibytes) {
    long nanoCores() {
      return Math.round(millicores * 1_000_000);
    }

    long bytes() {
      return kibibytes * 1024;
    }
  }

  /** Any other image: a small idle server. */
  static final Baseline DEFAULT = new Baseline(1, 10 * 1024);

  private static final Map<String, Baseline> BY_IMAGE =
      Map.ofEntries(
          Map.entry("nginx", new Baseline(2, 5 * 1024)),
          Map.entry("httpd", new Baseline(1, 8 * 1024)),
          Map.entry("whoami", new Baseline(1, 4 * 1024)),
          Map.entry("busybox", new Baseline(0, 400)),
          Map.entry("alpine", new Baseline(0, 500)),
          Map.entry("ubuntu", new Baseline(0, 700)),
          Map.entry("debian", new Baseline(0, 700)),
          // the pi Job: a program that computes keeps one core busy
          Map.entry("perl", new Baseline(1000, 12 * 1024)),
          Map.entry("redis", new Baseline(3, 8 * 1024)),
          Map.entry("postgres", new Baseline(4, 30 * 1024)),
          Map.entry("mysql", new Baseline(6, 360 * 1024)),
          Map.entry("fluentd", new Baseline(5, 80 * 1024)),
          // the control plane's and the add-ons' images, should their pods run here
          Map.entry("kube-apiserver", new Baseline(50, 250 * 1024)),
          Map.entry("etcd", new Baseline(25, 40 * 1024)),
          Map.entry("kube-controller-manager", new Baseline(15, 50 * 1024)),
          Map.entry("kube-scheduler", new Baseline(3, 20 * 1024)),
          Map.entry("kube-proxy", new Baseline(1, 15 * 1024)),
          Map.entry("coredns", new Baseline(2, 13 * 1024)),
          Map.entry("kindnetd", new Baseline(1, 10 * 1024)),
          Map.entry("metrics-server", new Baseline(3, 20 * 1024)));

  /**
   * What the node uses besides its pods (kubelet, containerd, the system): counted in the node's
   * usage only, as the root cgroup counts them.
   */
  static final Baseline SYSTEM = new Baseline(30, 200 * 1024);

  private Baselines() {}

  static Baseline of(String image) {
    String repository = image == null ? "" : image;
    int at = repository.indexOf('@');
    if (at >= 0) {
      repository = repository.substring(0, at);
    }
    int slash = repository.lastIndexOf('/');
    int colon = repository.lastIndexOf(':');
    if (colon > slash) {
      repository = repository.substring(0, colon);
    }
    return BY_IMAGE.getOrDefault(repository.substring(slash + 1), DEFAULT);
  }
}

package io.kubesim.kubeproxy;

import io.kubesim.core.process.ProcessMain;
import java.time.Clock;

/**
 * The kube-proxy-sim process: {@code java -jar kubesim-kube-proxy.jar}. /metrics (with
 * /iptables-save and /iptables-trace) on 10249, /healthz on 10256, as kube-proxy serves them;
 * settings in {@link KubeProxyConfig}.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    ProcessMain.run(
        "kube-proxy",
        10249,
        new KubeProxy(KubeProxyConfig.fromEnv(System.getenv()), Clock.systemUTC()));
  }
}

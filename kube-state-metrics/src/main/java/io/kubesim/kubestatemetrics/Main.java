package io.kubesim.kubestatemetrics;

import io.kubesim.core.process.ProcessMain;

/** Entry point of the kube-state-metrics process; /metrics on 8080, as the real one. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    ProcessMain.run("kube-state-metrics", 8080, new KubeStateMetrics());
  }
}

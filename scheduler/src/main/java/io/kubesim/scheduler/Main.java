package io.kubesim.scheduler;

import io.kubesim.core.process.ProcessMain;

/**
 * The kube-scheduler process: joins the cluster (KUBESIM_CLUSTER_*), serves /metrics, /healthz and
 * /readyz on 10259 (KUBESIM_METRICS_PORT), and schedules while it holds the kube-scheduler Lease.
 * Settings: {@link SchedulerConfig}.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    ProcessMain.run(
        "scheduler", 10259, new SchedulerComponent(SchedulerConfig.fromEnv(System.getenv())));
  }
}

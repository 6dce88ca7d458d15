package io.kubesim.core.controller;

import java.time.Duration;

/**
 * client-go's {@code LeaderElectionConfig} for a coordination.k8s.io/v1 Lease.
 *
 * @param namespace of the Lease; kube-system for the control plane's components
 * @param name of the Lease, e.g. kube-scheduler
 * @param identity this candidate's holderIdentity; unique per process (host name plus a random
 *     part)
 * @param leaseDuration how long non-leaders wait after the last observed change of the Lease before
 *     taking it over (client-go default 15 s)
 * @param renewDeadline how long the leader keeps trying to renew before it gives up leading
 *     (default 10 s); must be less than leaseDuration, so that it stops before anyone else may
 *     start
 * @param retryPeriod between attempts to acquire or renew (default 2 s); must be less than
 *     renewDeadline / 1.2 (the acquire retries are jittered by up to 1.2 times the period)
 * @param releaseOnStop on stop, hand the Lease back (holder "" and a 1 s duration) so that a
 *     successor need not wait out leaseDuration
 */
public record LeaderElectionConfig(
    String namespace,
    String name,
    String identity,
    Duration leaseDuration,
    Duration renewDeadline,
    Duration retryPeriod,
    boolean releaseOnStop) {
  public static final double JITTER_FACTOR = 1.2;

  public LeaderElectionConfig {
    if (identity == null || identity.isEmpty()) {
      throw new IllegalArgumentException("identity must not be empty");
    }
    if (leaseDuration.compareTo(renewDeadline) <= 0) {
      throw new IllegalArgumentException("leaseDuration must be greater than renewDeadline");
    }
    if (renewDeadline.toMillis() <= (long) (JITTER_FACTOR * retryPeriod.toMillis())) {
      throw new IllegalArgumentException("renewDeadline must be greater than retryPeriod*1.2");
    }
    if (retryPeriod.isNegative() || retryPeriod.isZero()) {
      throw new IllegalArgumentException("retryPeriod must be positive");
    }
  }

  /** client-go's defaults: a Lease in kube-system, 15 s / 10 s / 2 s, released on stop. */
  public static LeaderElectionConfig defaults(String name, String identity) {
    return new LeaderElectionConfig(
        "kube-system",
        name,
        identity,
        Duration.ofSeconds(15),
        Duration.ofSeconds(10),
        Duration.ofSeconds(2),
        true);
  }

  public LeaderElectionConfig withDurations(
      Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
    return new LeaderElectionConfig(
        namespace, name, identity, leaseDuration, renewDeadline, retryPeriod, releaseOnStop);
  }
}

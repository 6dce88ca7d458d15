package io.kubesim.scheduler;

import io.kubesim.core.controller.LeaderElectionConfig;
import io.kubesim.core.process.Settings;
import java.time.Duration;
import java.util.Map;

/**
 * The scheduler's settings, read from the environment under kube-scheduler's flag names:
 *
 * <ul>
 *   <li>{@code KUBESIM_LEADER_ELECT} ({@code --leader-elect}, default true): compete for the Lease
 *       kube-system/kube-scheduler and schedule only while holding it; false schedules at once.
 *   <li>{@code KUBESIM_LEADER_ELECT_LEASE_DURATION} ({@code --leader-elect-lease-duration}, 15s),
 *       {@code KUBESIM_LEADER_ELECT_RENEW_DEADLINE} (10s), {@code
 *       KUBESIM_LEADER_ELECT_RETRY_PERIOD} (2s): Go durations such as {@code 500ms}, {@code 15s},
 *       {@code 1m}.
 *   <li>{@code KUBESIM_SCHEDULER_MAX_IN_FLIGHT} (512): bindings sent and not yet answered; the
 *       scheduler stops popping pods at this many, so a slow apiserver is not flooded.
 *   <li>{@code KUBESIM_SCHEDULER_VERDICTS} (10000): how many pods' last scheduling verdicts (the
 *       filters that rejected each node, the scores that chose one) the leader keeps for the
 *       console, the oldest dropped first; each keeps at most 100 nodes and lives 15 minutes.
 * </ul>
 *
 * @param schedulerName the profile: pods with this {@code spec.schedulerName} (or none) are ours
 * @param leaderElect whether to compete for the Lease
 * @param leaderElection the Lease and its timings; identity {@code <hostname>_<uuid>}
 * @param maxInFlightBindings see above
 * @param verdictCapacity see above
 */
public record SchedulerConfig(
    String schedulerName,
    boolean leaderElect,
    LeaderElectionConfig leaderElection,
    int maxInFlightBindings,
    int verdictCapacity) {

  public static final String DEFAULT_SCHEDULER = "default-scheduler";
  public static final String LEASE_NAME = "kube-scheduler";

  public static SchedulerConfig fromEnv(Map<String, String> env) {
    LeaderElectionConfig election =
        LeaderElectionConfig.defaults(LEASE_NAME, identity())
            .withDurations(
                duration(env, "KUBESIM_LEADER_ELECT_LEASE_DURATION", "15s"),
                duration(env, "KUBESIM_LEADER_ELECT_RENEW_DEADLINE", "10s"),
                duration(env, "KUBESIM_LEADER_ELECT_RETRY_PERIOD", "2s"));
    return new SchedulerConfig(
        DEFAULT_SCHEDULER,
        Boolean.parseBoolean(env.getOrDefault("KUBESIM_LEADER_ELECT", "true")),
        election,
        Integer.parseInt(env.getOrDefault("KUBESIM_SCHEDULER_MAX_IN_FLIGHT", "512")),
        Integer.parseInt(env.getOrDefault("KUBESIM_SCHEDULER_VERDICTS", "10000")));
  }

  /** client-go's identity for a control-plane component: host name, "_", a random UUID. */
  public static String identity() {
    return Settings.identity();
  }

  public SchedulerConfig withLeaderElection(LeaderElectionConfig election) {
    return new SchedulerConfig(
        schedulerName, leaderElect, election, maxInFlightBindings, verdictCapacity);
  }

  /** A Go duration: {@code 300ms}, {@code 15s}, {@code 1m}, {@code 1h}, or plain seconds. */
  static Duration duration(Map<String, String> env, String name, String fallback) {
    return Settings.duration(env, name, Settings.parseDuration(fallback));
  }

  public static Duration parseDuration(String text) {
    return Settings.parseDuration(text);
  }
}

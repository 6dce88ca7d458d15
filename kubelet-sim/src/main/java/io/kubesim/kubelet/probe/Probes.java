package io.kubesim.kubelet.probe;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The probe state machine of the kubelet's workers, as pure functions.
 *
 * <ul>
 *   <li>Probes start {@code initialDelaySeconds} after the container started, then every {@code
 *       periodSeconds} (default 10).
 *   <li>Initial results: readiness Failure (not ready until a probe passes), liveness Success,
 *       startup Unknown.
 *   <li>A result is taken only after {@code failureThreshold} (default 3) failures or {@code
 *       successThreshold} (default 1) successes in a row.
 *   <li>While a startup probe has not passed, liveness and readiness are not run; once it passed it
 *       is not run again for that container.
 * </ul>
 */
public final class Probes {

  private Probes() {}

  public static int orDefault(Integer value, int defaultValue) {
    return value == null || value == 0 ? defaultValue : value;
  }

  /** The workers of a container that just started, keyed by kind (only the probes it declares). */
  public static Map<ProbeKind, ProbeState> start(Container c, Instant startedAt) {
    Map<ProbeKind, ProbeState> out = new LinkedHashMap<>();
    put(out, ProbeKind.STARTUP, c.getStartupProbe(), null, startedAt);
    put(out, ProbeKind.LIVENESS, c.getLivenessProbe(), true, startedAt);
    put(out, ProbeKind.READINESS, c.getReadinessProbe(), false, startedAt);
    return out;
  }

  private static void put(
      Map<ProbeKind, ProbeState> out, ProbeKind k, Probe p, Boolean initial, Instant startedAt) {
    if (p != null) {
      long delay = p.getInitialDelaySeconds() == null ? 0 : p.getInitialDelaySeconds();
      out.put(k, new ProbeState(k, p, initial, null, 0, startedAt.plusSeconds(delay)));
    }
  }

  /** Startup probe passed, or none: the container counts as started. */
  public static boolean started(Map<ProbeKind, ProbeState> probes) {
    ProbeState s = probes.get(ProbeKind.STARTUP);
    return s == null || Boolean.TRUE.equals(s.result());
  }

  /** Whether a worker probes at its tick, or only waits for the startup probe to pass. */
  public static boolean runs(ProbeState s, Map<ProbeKind, ProbeState> probes) {
    return s.kind() == ProbeKind.STARTUP || started(probes);
  }

  /** The worker after one outcome at its tick, with the next tick scheduled. */
  public static ProbeState record(ProbeState s, boolean success) {
    int run = Boolean.valueOf(success).equals(s.lastResult()) ? s.run() + 1 : 1;
    int needed =
        success
            ? orDefault(s.spec().getSuccessThreshold(), 1)
            : orDefault(s.spec().getFailureThreshold(), 3);
    Boolean result = run >= needed ? Boolean.valueOf(success) : s.result();
    Instant next = s.nextAt().plus(period(s.spec()));
    if (s.kind() == ProbeKind.STARTUP && Boolean.TRUE.equals(result)) {
      next = null;
    }
    return new ProbeState(s.kind(), s.spec(), result, success, run, next);
  }

  /** A tick skipped while the startup probe has not passed. */
  public static ProbeState skip(ProbeState s) {
    return new ProbeState(
        s.kind(), s.spec(), s.result(), s.lastResult(), s.run(), s.nextAt().plus(period(s.spec())));
  }

  /** A liveness or startup probe that reached its failure threshold: the container is killed. */
  public static boolean kills(ProbeState s) {
    return s.kind() != ProbeKind.READINESS
        && Boolean.FALSE.equals(s.result())
        && Boolean.FALSE.equals(s.lastResult());
  }

  static Duration period(Probe p) {
    return Duration.ofSeconds(orDefault(p.getPeriodSeconds(), 10));
  }
}

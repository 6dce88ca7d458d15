package io.kubesim.kubelet.probe;

import io.fabric8.kubernetes.api.model.Probe;
import java.time.Instant;

/**
 * One probe worker of one running container ({@code prober/worker.go}).
 *
 * @param result the result the kubelet acts on: null is Unknown (a startup probe not yet passed)
 * @param lastResult the latest raw outcome, and {@code run} how many times in a row it came
 * @param nextAt the next probe; null when the worker is done (a startup probe that passed)
 */
public record ProbeState(
    ProbeKind kind, Probe spec, Boolean result, Boolean lastResult, int run, Instant nextAt) {}

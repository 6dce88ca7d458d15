package io.kubesim.kubelet;

import java.time.Instant;

/**
 * A Kubernetes Event as the kubelet records it, before it is written: {@code type} is {@code
 * Normal} or {@code Warning}, {@code reason} and {@code message} are the kubelet's own texts, and
 * {@code fieldPath} names the container ({@code spec.containers{nginx}}), empty for the pod.
 */
public record Event(Instant at, String type, String reason, String message, String fieldPath) {

  public static final String NORMAL = "Normal";
  public static final String WARNING = "Warning";

  public static Event normal(Instant at, String reason, String message, String fieldPath) {
    return new Event(at, NORMAL, reason, message, fieldPath);
  }

  public static Event warning(Instant at, String reason, String message, String fieldPath) {
    return new Event(at, WARNING, reason, message, fieldPath);
  }
}

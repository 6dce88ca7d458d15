package io.kubesim.kubelet.runtime;

import io.kubesim.core.quantity.Quantity;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The pod annotations of {@link Annotation}, parsed once. A malformed value is ignored (the default
 * applies) and reported in {@link #problems}, so that a typo shows up instead of crashing the
 * kubelet.
 */
public record Script(
    Duration pull,
    Optional<String> pullError,
    Duration startDelay,
    Duration readyAfter,
    Optional<Duration> crashAfter,
    OptionalInt exitCode,
    Optional<Duration> runFor,
    Optional<Quantity> cpu,
    Optional<Quantity> memory,
    Optional<Duration> livenessFailAfter,
    java.util.List<String> problems) {

  public static final Script DEFAULT = parse(Map.of());

  public static Script parse(Map<String, String> annotations) {
    Parser p = new Parser(annotations == null ? Map.of() : annotations);
    return new Script(
        p.duration(Annotation.PULL_SECONDS).orElse(Duration.ofSeconds(1)),
        p.text(Annotation.PULL_ERROR),
        p.duration(Annotation.START_DELAY_SECONDS).orElse(Duration.ZERO),
        p.duration(Annotation.READY_AFTER_SECONDS).orElse(Duration.ZERO),
        p.duration(Annotation.CRASH_AFTER_SECONDS),
        p.integer(Annotation.EXIT_CODE),
        p.duration(Annotation.RUN_SECONDS),
        p.quantity(Annotation.CPU),
        p.quantity(Annotation.MEMORY),
        p.duration(Annotation.LIVENESS_FAIL_AFTER_SECONDS),
        java.util.List.copyOf(p.problems));
  }

  private static final class Parser {
    private final Map<String, String> annotations;
    private final java.util.List<String> problems = new java.util.ArrayList<>();

    Parser(Map<String, String> annotations) {
      this.annotations = annotations;
    }

    Optional<String> text(Annotation a) {
      String v = annotations.get(a.key());
      return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    Optional<Duration> duration(Annotation a) {
      return text(a)
          .flatMap(
              v -> {
                try {
                  BigDecimal seconds = new BigDecimal(v);
                  if (seconds.signum() < 0) {
                    throw new NumberFormatException();
                  }
                  return Optional.of(Duration.ofNanos(seconds.movePointRight(9).longValueExact()));
                } catch (ArithmeticException | NumberFormatException e) {
                  problems.add(a.key() + ": not a number of seconds: " + v);
                  return Optional.empty();
                }
              });
    }

    OptionalInt integer(Annotation a) {
      Optional<String> v = text(a);
      try {
        return v.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(v.get()));
      } catch (NumberFormatException e) {
        problems.add(a.key() + ": not an integer: " + v.get());
        return OptionalInt.empty();
      }
    }

    Optional<Quantity> quantity(Annotation a) {
      return text(a)
          .flatMap(
              v -> {
                try {
                  return Optional.of(Quantity.parse(v));
                } catch (RuntimeException e) {
                  problems.add(a.key() + ": not a quantity: " + v);
                  return Optional.empty();
                }
              });
    }
  }
}

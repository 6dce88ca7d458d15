package io.kubesim.ingress.proxy;

import io.kubesim.ingress.annotations.Canary;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * balancer.lua's route_to_alternative_balancer: whether a request goes to the canary. The header
 * first (its value, its pattern, or {@code always} / {@code never}), then the cookie ({@code
 * always} / {@code never}), then the weight: {@code math.random(total) <= weight}, so weight 20 of
 * 100 sends a request to the canary with probability 20/100.
 */
public final class CanaryChooser {
  private CanaryChooser() {}

  /**
   * @param headers a request header by name (any case), null when absent
   * @param cookies a request cookie by name, null when absent
   */
  public static boolean toCanary(
      Canary policy,
      Function<String, String> headers,
      Function<String, String> cookies,
      RandomGenerator random) {
    if (!policy.header().isEmpty()) {
      String value = headers.apply(policy.header());
      if (value != null) {
        if (!policy.headerValue().isEmpty()) {
          if (policy.headerValue().equals(value)) {
            return true;
          }
        } else if (!policy.headerPattern().isEmpty()) {
          try {
            if (Pattern.compile(policy.headerPattern()).matcher(value).find()) {
              return true;
            }
          } catch (PatternSyntaxException e) {
            return false;
          }
        } else if (value.equals("always")) {
          return true;
        } else if (value.equals("never")) {
          return false;
        }
      }
    }
    if (!policy.cookie().isEmpty()) {
      String value = cookies.apply(policy.cookie());
      if ("always".equals(value)) {
        return true;
      }
      if ("never".equals(value)) {
        return false;
      }
    }
    return random.nextInt(policy.total()) + 1 <= policy.weight();
  }
}

package io.kubesim.core.taint;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;

/**
 * Toleration matching as core/v1's Toleration.ToleratesTaint, for the scheduler and the taint
 * eviction controller.
 */
public final class Taints {

  public static final String NO_SCHEDULE = "NoSchedule";
  public static final String PREFER_NO_SCHEDULE = "PreferNoSchedule";
  public static final String NO_EXECUTE = "NoExecute";

  private Taints() {}

  /**
   * Whether one toleration tolerates one taint: an empty effect matches every effect, an empty key
   * (with {@code Exists}) every key; {@code Exists} ignores the value, {@code Equal} (the default)
   * compares it.
   */
  public static boolean tolerates(Toleration t, Taint taint) {
    if (notEmpty(t.getEffect()) && !t.getEffect().equals(taint.getEffect())) {
      return false;
    }
    if (notEmpty(t.getKey()) && !t.getKey().equals(taint.getKey())) {
      return false;
    }
    String op = t.getOperator() == null ? "" : t.getOperator();
    return switch (op) {
      case "", "Equal" -> nullToEmpty(t.getValue()).equals(nullToEmpty(taint.getValue()));
      case "Exists" -> true;
      default -> false;
    };
  }

  public static boolean tolerated(List<Toleration> tolerations, Taint taint) {
    return tolerations != null && tolerations.stream().anyMatch(t -> tolerates(t, taint));
  }

  private static boolean notEmpty(String s) {
    return s != null && !s.isEmpty();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}

package io.kubesim.core.taint;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaintsTest {
  private static String orNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  @ParameterizedTest(name = "{0}={1}:{2} {3} taint {4}={5}:{6} -> {7}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
          k   | v  | NoSchedule | -      | k | v  | NoSchedule | true
          k   | v  | NoSchedule | Equal  | k | w  | NoSchedule | false
          k   | -  | NoSchedule | Exists | k | w  | NoSchedule | true
          -   | -  | -          | Exists | a | b  | NoExecute  | true
          k   | -  | -          | Exists | k | -  | NoExecute  | true
          k   | -  | NoSchedule | Exists | k | -  | NoExecute  | false
          k   | v  | -          | -      | j | v  | NoSchedule | false
          -   | -  | NoExecute  | -      | k | -  | NoExecute  | true
          k   | -  | NoSchedule | Other  | k | -  | NoSchedule | false
          """)
  void tolerationMatchesTaintAsCoreV1Does(
      String key,
      String value,
      String effect,
      String operator,
      String taintKey,
      String taintValue,
      String taintEffect,
      boolean expected) {
    Toleration t =
        new Toleration(orNull(effect), orNull(key), orNull(operator), null, orNull(value));
    Taint taint = new Taint(taintEffect, taintKey, null, orNull(taintValue));
    assertThat(Taints.tolerates(t, taint)).isEqualTo(expected);
  }
}

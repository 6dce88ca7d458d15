package io.kubesim.kubelet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.core.quantity.Quantity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ScriptTest {

  @Test
  void withoutAnnotationsThePullTakesOneSecondAndNothingElseIsScripted() {
    Script s = Script.parse(null);

    assertThat(s.pull()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.pullError()).isEmpty();
    assertThat(s.crashAfter()).isEmpty();
    assertThat(s.exitCode()).isEmpty();
    assertThat(s.problems()).isEmpty();
  }

  @Test
  void everyAnnotationIsParsedOnce() {
    Script s =
        Script.parse(
            Map.of(
                "kubesim.io/pull-seconds", "2.5",
                "kubesim.io/pull-error", "manifest unknown",
                "kubesim.io/start-delay-seconds", "3",
                "kubesim.io/ready-after-seconds", "4",
                "kubesim.io/crash-after-seconds", "5",
                "kubesim.io/exit-code", "42",
                "kubesim.io/run-seconds", "6",
                "kubesim.io/cpu", "250m",
                "kubesim.io/memory", "300Mi",
                "kubesim.io/liveness-fail-after-seconds", "7"));

    assertThat(s.pull()).isEqualTo(Duration.ofMillis(2500));
    assertThat(s.pullError()).contains("manifest unknown");
    assertThat(s.startDelay()).isEqualTo(Duration.ofSeconds(3));
    assertThat(s.readyAfter()).isEqualTo(Duration.ofSeconds(4));
    assertThat(s.crashAfter()).contains(Duration.ofSeconds(5));
    assertThat(s.exitCode()).isEqualTo(OptionalInt.of(42));
    assertThat(s.runFor()).contains(Duration.ofSeconds(6));
    assertThat(s.cpu()).isEqualTo(Optional.of(Quantity.parse("250m")));
    assertThat(s.memory()).isEqualTo(Optional.of(Quantity.parse("300Mi")));
    assertThat(s.livenessFailAfter()).contains(Duration.ofSeconds(7));
  }

  @Test
  void aMalformedValueFallsBackToTheDefaultAndIsReported() {
    Script s =
        Script.parse(
            Map.of(
                "kubesim.io/pull-seconds",
                "soon",
                "kubesim.io/memory",
                "lots",
                "kubesim.io/exit-code",
                "x"));

    assertThat(s.pull()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.memory()).isEmpty();
    assertThat(s.problems())
        .containsExactlyInAnyOrder(
            "kubesim.io/pull-seconds: not a number of seconds: soon",
            "kubesim.io/memory: not a quantity: lots",
            "kubesim.io/exit-code: not an integer: x");
  }

  @Test
  void theReadmeTableDocumentsEveryAnnotation() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));

    for (Annotation a : Annotation.values()) {
      assertThat(readme).contains("| `" + a.key() + "` |").contains(a.description());
    }
  }
}

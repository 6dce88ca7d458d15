package io.kubesim.kubelet.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.kubelet.shell.Timeline.Exited;
import io.kubesim.kubelet.shell.Timeline.Output;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OneShotTest {
  /** The pi Job of the kubernetes.io "Jobs" page. */
  static final List<String> PI = List.of("perl", "-Mbignum=bpi", "-wle", "print bpi(2000)");

  @Test
  void thePiJobPrintsTwoThousandDigitsOfPiAndExitsZero() {
    Timeline t = OneShot.of(PI).orElseThrow();
    assertThat(t.exit()).contains(new Exited(Duration.ofSeconds(2), 0));
    String printed = t.outputUntil(Duration.ofSeconds(2)).get(0);
    assertThat(printed).hasSize(2001).startsWith("3.14159265358979323846264338327950288");
    assertThat(printed).endsWith("908658326459958133904780275901");
  }

  @Test
  void aLaterDigitRoundsTheLastOneToEven() {
    assertThat(OneShot.pi(5)).isEqualTo("3.1416");
    assertThat(OneShot.pi(1)).isEqualTo("3");
  }

  @Test
  void dateAloneIsAOneShotReadingTheClock() {
    Timeline t = OneShot.of(List.of("date")).orElseThrow();
    Output line = (Output) t.steps().get(0);
    assertThat(line.clock()).isTrue();
    assertThat(line.text(Instant.parse("2024-05-01T09:05:03Z")))
        .isEqualTo("Wed May  1 09:05:03 UTC 2024");
    assertThat(t.exit()).contains(new Exited(Duration.ZERO, 0));
  }

  @Test
  void aScriptsDateWithAFormatIsRenderedWhenItsLineIsWritten() {
    Timeline t =
        Shell.run(List.of("sh", "-c", "date +%Y"), java.util.Map.of(), Shell.Unknown.RUNS_FOREVER);
    Output line = (Output) t.steps().get(0);
    assertThat(line.dateFormat()).isEqualTo("%Y");
    assertThat(line.text(Instant.parse("2031-05-01T09:05:03Z"))).isEqualTo("2031");
  }

  @Test
  void otherProgramsAreNotKnown() {
    assertThat(OneShot.of(List.of("nginx", "-g", "daemon off;"))).isEmpty();
    assertThat(OneShot.known(List.of("perl", "app.pl"))).isFalse();
  }

  @Test
  void theHelloCronJobsScriptPrintsTheDateThenHelloAndExits() {
    Timeline t =
        Shell.run(
            List.of("/bin/sh", "-c", "date; echo Hello from the Kubernetes cluster"),
            java.util.Map.of(),
            Shell.Unknown.RUNS_FOREVER);
    assertThat(t.steps())
        .containsExactly(
            Output.date(Duration.ZERO),
            new Output(Duration.ZERO, "Hello from the Kubernetes cluster", false),
            new Exited(Duration.ZERO, 0));
  }
}

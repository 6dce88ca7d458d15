package io.kubesim.kubelet.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerLogTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  static ContainerLog log(int lines) {
    ContainerLog log = new ContainerLog();
    log.startRun(0);
    for (int i = 1; i <= lines; i++) {
      log.append(0, new ContainerLog.Line(T0.plusSeconds(i), "line " + i, false));
    }
    return log;
  }

  @Test
  void everythingByDefault() {
    assertThat(log(3).read(0, ContainerLog.Query.ALL)).isEqualTo("line 1\nline 2\nline 3\n");
  }

  @Test
  void tailKeepsTheLastLines() {
    assertThat(log(5).read(0, new ContainerLog.Query(false, false, 2, null, null)))
        .isEqualTo("line 4\nline 5\n");
    assertThat(log(5).read(0, new ContainerLog.Query(false, false, 0, null, null))).isEmpty();
  }

  @Test
  void timestampsAreRfc3339WithNineFractionDigits() {
    ContainerLog log = new ContainerLog();
    log.startRun(0);
    log.append(0, new ContainerLog.Line(T0.plusMillis(1500), "hello", false));
    assertThat(log.read(0, new ContainerLog.Query(false, true, null, null, null)))
        .isEqualTo("2026-01-01T00:00:01.500000000Z hello\n");
  }

  @Test
  void sinceSkipsOlderLinesAndLimitCutsBytes() {
    assertThat(log(5).read(0, new ContainerLog.Query(false, false, null, T0.plusSeconds(4), null)))
        .isEqualTo("line 4\nline 5\n");
    assertThat(log(5).read(0, new ContainerLog.Query(false, false, null, null, 9L)))
        .isEqualTo("line 1\nli");
  }

  @Test
  void onlyTheCurrentAndThePreviousRunAreKept() {
    ContainerLog log = new ContainerLog();
    for (int run = 0; run < 3; run++) {
      log.startRun(run);
      log.append(run, new ContainerLog.Line(T0, "run " + run, false));
      log.endRun(run);
    }
    assertThat(log.hasRun(0)).isFalse();
    assertThat(log.read(1, ContainerLog.Query.ALL)).isEqualTo("run 1\n");
    assertThat(log.read(2, ContainerLog.Query.ALL)).isEqualTo("run 2\n");
    assertThat(log.read(0, ContainerLog.Query.ALL)).isNull();
  }

  @Test
  void anEndedRunTakesNoMoreLines() {
    ContainerLog log = log(1);
    log.endRun(0);
    log.append(0, new ContainerLog.Line(T0, "late", false));
    log.appendCurrent(new ContainerLog.Line(T0, "late too", false));
    assertThat(log.read(0, ContainerLog.Query.ALL)).isEqualTo("line 1\n");
  }

  @Test
  void aFollowerGetsTheTailThenEachNewLineUntilTheRunEnds() {
    ContainerLog log = log(3);
    List<String> got = new ArrayList<>();
    boolean[] ended = {false};
    log.follow(
        0,
        new ContainerLog.Query(false, false, 1, null, null),
        new ContainerLog.Follower() {
          @Override
          public void line(String rendered) {
            got.add(rendered);
          }

          @Override
          public void end() {
            ended[0] = true;
          }
        });
    log.appendCurrent(new ContainerLog.Line(T0.plusSeconds(9), "GET /", false));
    assertThat(ended[0]).isFalse();
    log.endRun(0);
    assertThat(got).containsExactly("line 3\n", "GET /\n");
    assertThat(ended[0]).isTrue();
  }

  @Test
  void aFollowerThatLeftGetsNothingMore() {
    ContainerLog log = log(0);
    List<String> got = new ArrayList<>();
    Runnable stop =
        log.follow(
            0,
            ContainerLog.Query.ALL,
            new ContainerLog.Follower() {
              @Override
              public void line(String rendered) {
                got.add(rendered);
              }

              @Override
              public void end() {}
            });
    stop.run();
    log.appendCurrent(new ContainerLog.Line(T0, "x", false));
    assertThat(got).isEmpty();
  }

  @Test
  void eachFollowerGetsLinesAsItAskedForThem() {
    ContainerLog log = log(0);
    List<String> plain = new ArrayList<>();
    List<String> stamped = new ArrayList<>();
    log.follow(0, ContainerLog.Query.ALL, collector(plain));
    log.follow(0, new ContainerLog.Query(false, true, null, null, null), collector(stamped));
    log.appendCurrent(new ContainerLog.Line(T0, "x", false));
    assertThat(plain).containsExactly("x\n");
    assertThat(stamped).containsExactly("2026-01-01T00:00:00.000000000Z x\n");
  }

  private static ContainerLog.Follower collector(List<String> into) {
    return new ContainerLog.Follower() {
      @Override
      public void line(String rendered) {
        into.add(rendered);
      }

      @Override
      public void end() {}
    };
  }
}

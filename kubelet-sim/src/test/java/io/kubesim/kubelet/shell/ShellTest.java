package io.kubesim.kubelet.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.kubelet.shell.Timeline.Exited;
import io.kubesim.kubelet.shell.Timeline.FileRemoved;
import io.kubesim.kubelet.shell.Timeline.FileWritten;
import io.kubesim.kubelet.shell.Timeline.Output;
import io.kubesim.kubelet.shell.Timeline.RunsForever;
import io.kubesim.kubelet.shell.Timeline.Step;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ShellTest {

  record Case(String name, List<String> argv, Map<String, String> files, List<Step> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Duration s(long seconds) {
    return Duration.ofSeconds(seconds);
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "the busybox liveness example touches, sleeps 30 s, removes and sleeps 600 s",
            List.of("/bin/sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"),
            Map.of(),
            List.of(
                new FileWritten(s(0), "/tmp/healthy", ""),
                new FileRemoved(s(30), "/tmp/healthy"),
                new Exited(s(630), 0))),
        new Case(
            "echo then a long sleep prints at once and exits an hour later",
            List.of("sh", "-c", "echo hello; sleep 3600"),
            Map.of(),
            List.of(new Output(s(0), "hello", false), new Exited(s(3600), 0))),
        new Case(
            "sleep infinity runs forever",
            List.of("sleep", "infinity"),
            Map.of(),
            List.of(new RunsForever(s(0)))),
        new Case(
            "exit 3 stops the script with status 3",
            List.of("sh", "-c", "echo a && exit 3; echo never"),
            Map.of(),
            List.of(new Output(s(0), "a", false), new Exited(s(0), 3))),
        new Case(
            "cat of a missing file prints busybox's error and fails",
            List.of("cat", "/tmp/healthy"),
            Map.of(),
            List.of(
                new Output(s(0), "cat: can't open '/tmp/healthy': No such file or directory", true),
                new Exited(s(0), 1))),
        new Case(
            "cat of an existing file prints it and succeeds",
            List.of("cat", "/etc/motd"),
            Map.of("/etc/motd", "hi\nthere\n"),
            List.of(
                new Output(s(0), "hi", false),
                new Output(s(0), "there", false),
                new Exited(s(0), 0))),
        new Case(
            "|| runs the fallback only after a failure, && only after a success",
            List.of("sh", "-c", "false || echo fallback; true && echo next; false && echo no"),
            Map.of(),
            List.of(
                new Output(s(0), "fallback", false),
                new Output(s(0), "next", false),
                new Exited(s(0), 1))),
        new Case(
            "rm without -f of a missing file fails",
            List.of("rm", "/nope"),
            Map.of(),
            List.of(
                new Output(s(0), "rm: can't remove '/nope': No such file or directory", true),
                new Exited(s(0), 1))),
        new Case(
            "an unknown command is not found, status 127",
            List.of("sh", "-c", "curl localhost"),
            Map.of(),
            List.of(new Output(s(0), "sh: curl: not found", true), new Exited(s(0), 127))),
        new Case(
            "echo redirected into a file writes the file, not the log",
            List.of("sh", "-c", "echo ok > /tmp/x; sleep 1.5; cat /tmp/x"),
            Map.of(),
            List.of(
                new FileWritten(s(0), "/tmp/x", "ok\n"),
                new Output(Duration.ofMillis(1500), "ok", false),
                new Exited(Duration.ofMillis(1500), 0))));
  }

  static Stream<Case> mistakes() {
    return Stream.of(
        new Case(
            "an unfinished while loop is a syntax error, status 2",
            List.of("sh", "-c", "while true; do sleep 1"),
            Map.of(),
            List.of(
                new Output(s(0), "sh: syntax error: expected \"done\"", true),
                new Exited(s(0), 2))),
        new Case(
            "sleep of a word fails without stopping the script",
            List.of("sh", "-c", "sleep soon; echo after"),
            Map.of(),
            List.of(
                new Output(s(0), "sleep: invalid number 'soon'", true),
                new Output(s(0), "after", false),
                new Exited(s(0), 0))),
        new Case(
            "exit with a word is an illegal number, status 2",
            List.of("sh", "-c", "exit now"),
            Map.of(),
            List.of(new Output(s(0), "sh: exit: Illegal number: now", true), new Exited(s(0), 2))));
  }

  @Test
  void anUnknownProgramIsTheImagesServerInAContainerAndAHealthyCheckInAProbe() {
    List<String> argv = List.of("sh", "-c", "echo starting; nginx -g 'daemon off;'");

    assertThat(Shell.run(argv, Map.of(), Shell.Unknown.RUNS_FOREVER).steps())
        .containsExactly(new Output(s(0), "starting", false), new RunsForever(s(0)));
    assertThat(Shell.run(List.of("pg_isready"), Map.of(), Shell.Unknown.SUCCEEDS).exit())
        .contains(new Exited(s(0), 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void mistakesInScriptsFailLikeBusyboxInsteadOfThrowing(Case c) {
    assertThat(Shell.run(c.argv(), c.files()).steps()).containsExactlyElementsOf(c.expected());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void timelines(Case c) {
    assertThat(Shell.run(c.argv(), c.files()).steps()).containsExactlyElementsOf(c.expected());
  }

  @Test
  void aWhileTrueLoopWithASleepLogsEveryRoundAndIsTakenToRunForever() {
    Timeline t =
        Shell.run(
            List.of("sh", "-c", "while true; do echo tick; sleep 10; done"),
            Map.<String, String>of());

    assertThat(t.outputUntil(s(25))).containsExactly("tick", "tick", "tick");
    assertThat(t.exit()).isEmpty();
    assertThat(t.steps().get(t.steps().size() - 1)).isInstanceOf(RunsForever.class);
  }

  @Test
  void theFileSystemAtATimeReplaysTheWritesSoFar() {
    Timeline t =
        Shell.script("touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600", Map.of());

    assertThat(t.filesAt(Map.of(), s(29))).containsKey("/tmp/healthy");
    assertThat(t.filesAt(Map.of(), s(30))).doesNotContainKey("/tmp/healthy");
  }
}

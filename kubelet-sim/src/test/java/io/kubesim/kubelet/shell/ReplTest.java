package io.kubesim.kubelet.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.kubelet.image.ImageFiles;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** kubectl exec -it ... -- sh: the prompt, lines read until exit, ^C, unfinished loops. */
class ReplTest {

  record Case(
      String name, String image, String shell, List<String> typed, String screen, int code) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "busybox's prompt shows the directory, ~ for HOME",
            "busybox",
            "sh",
            List.of("cd /tmp", "cd", "exit 4"),
            "/ # /tmp # ~ # ",
            4),
        new Case(
            "dash (the nginx image's sh) prompts with # alone",
            "nginx",
            "sh",
            List.of("echo hi"),
            "# hi\n# \n",
            0),
        new Case(
            "bash prompts with user, host and directory",
            "nginx",
            "bash",
            List.of("foo", "exit"),
            "root@web:/# bash: foo: command not found\nroot@web:/# ",
            127),
        new Case(
            "an unfinished while asks for more with >",
            "busybox",
            "sh",
            List.of("while false", "do echo x", "done", "echo after"),
            "/ # > > / # after\n/ # \n",
            0),
        new Case(
            "^C at the prompt drops what was typed and prompts again",
            "busybox",
            "sh",
            List.of("while true", Shell.INTERRUPTED, "echo $?"),
            "/ # > / # 130\n/ # \n",
            0),
        new Case(
            "a syntax error is reported and the shell goes on",
            "busybox",
            "sh",
            List.of("| x", "echo ok"),
            "/ # sh: syntax error: unexpected \"|\"\n/ # ok\n/ # \n",
            0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void interactiveShells(Case c) {
    Sessions.Screen screen = new Sessions.Screen(c.typed(), true);
    int code =
        Shell.exec(
            List.of(c.shell()),
            Sessions.machine(c.image()),
            new Overlay(ImageFiles.layer(c.image())),
            new Sessions.FakeWorld(),
            13,
            screen);

    assertThat(screen.out.toString() + screen.err).isEqualTo(c.screen());
    assertThat(code).isEqualTo(c.code());
  }

  @Test
  void withoutATerminalTheShellReadsItsLinesWithoutPrompting() {
    Sessions.Screen screen =
        new Sessions.Screen(List.of("echo one", "exit 2", "echo never"), false);
    int code =
        Shell.exec(
            List.of("sh"),
            Sessions.machine("busybox"),
            new Overlay(ImageFiles.layer("busybox")),
            new Sessions.FakeWorld(),
            13,
            screen);

    assertThat(screen.out.toString()).isEqualTo("one\n");
    assertThat(code).isEqualTo(2);
  }
}

package io.kubesim.kubelet.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LineDisciplineTest {

  record Case(String name, String typed, LineDiscipline.Result expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "keys are echoed and Enter (CR) hands the line over",
            "ls\r",
            new LineDiscipline.Result("ls\r\n", List.of("ls"), false, false)),
        new Case(
            "CR LF is one Enter",
            "ls\r\npwd\r\n",
            new LineDiscipline.Result("ls\r\npwd\r\n", List.of("ls", "pwd"), false, false)),
        new Case(
            "backspace (DEL) erases the last character on the screen too",
            "lss\u007f\r",
            new LineDiscipline.Result("lss\b \b\r\n", List.of("ls"), false, false)),
        new Case(
            "^C drops the line and interrupts",
            "sleep 9\u0003",
            new LineDiscipline.Result("sleep 9^C\r\n", List.of(), true, false)),
        new Case(
            "^D on an empty line is the end of input",
            "\u0004",
            new LineDiscipline.Result("", List.of(), false, true)),
        new Case(
            "arrow keys are not simulated and leave nothing",
            "\u001b[Aok\r",
            new LineDiscipline.Result("ok\r\n", List.of("ok"), false, false)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void typing(Case c) {
    assertThat(new LineDiscipline().type(c.typed().getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(c.expected());
  }

  @Test
  void aLineTypedInPiecesIsOneLine() {
    LineDiscipline tty = new LineDiscipline();
    tty.type("ec".getBytes(StandardCharsets.UTF_8));
    assertThat(tty.type("ho\r".getBytes(StandardCharsets.UTF_8)).lines()).containsExactly("echo");
  }

  @Test
  void outputNewlinesBecomeCrLf() {
    assertThat(LineDiscipline.output("a\nb\r\n")).isEqualTo("a\r\nb\r\n");
  }
}

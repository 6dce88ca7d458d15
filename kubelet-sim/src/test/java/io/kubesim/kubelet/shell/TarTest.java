package io.kubesim.kubelet.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TarTest {
  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

  record Case(
      String name,
      List<String> args,
      char mode,
      String archive,
      String directory,
      List<String> operands) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "kubectl cp from a pod: old-style bundled letters",
            List.of("cf", "-", "/tmp/foo"),
            'c',
            "-",
            null,
            List.of("/tmp/foo")),
        new Case(
            "kubectl cp to a pod: dashed letters and a directory",
            List.of("-xmf", "-", "-C", "/tmp"),
            'x',
            "-",
            "/tmp",
            List.of()),
        new Case(
            "kubectl cp --no-preserve: long options are taken as given",
            List.of("--no-same-permissions", "--no-same-owner", "-xmf", "-"),
            'x',
            "-",
            null,
            List.of()),
        new Case(
            "a listing of an archive file",
            List.of("-tvf", "/a.tar"),
            't',
            "/a.tar",
            null,
            List.of()));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void readsItsCommandLineAsTarDoes(Case c) {
    Tar.Options o = Tar.Options.parse(c.args());
    assertThat(o.mode()).isEqualTo(c.mode());
    assertThat(o.archive()).isEqualTo(c.archive());
    assertThat(o.directory()).isEqualTo(c.directory());
    assertThat(o.operands()).isEqualTo(c.operands());
  }

  /** A terminal with standard input and output as bytes, as exec gives tar without a tty. */
  static final class Pipe implements Shell.Terminal {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final StringBuilder err = new StringBuilder();
    final byte[] in;

    Pipe(byte[] in) {
      this.in = in;
    }

    @Override
    public void out(String text) {
      out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void outBytes(byte[] data) {
      out.writeBytes(data);
    }

    @Override
    public void err(String text) {
      err.append(text);
    }

    @Override
    public String readLine() {
      return null;
    }

    @Override
    public byte[] readAllBytes() {
      return in;
    }

    @Override
    public boolean tty() {
      return false;
    }

    @Override
    public int columns() {
      return 80;
    }

    @Override
    public void busy(boolean busy) {}
  }

  private static Pipe tar(Files files, byte[] in, String... argv) {
    Pipe pipe = new Pipe(in);
    List<String> command = new java.util.ArrayList<>(List.of("tar"));
    command.addAll(List.of(argv));
    Shell.exec(command, Sessions.machine("busybox"), files, new Sessions.FakeWorld(), 7, pipe);
    return pipe;
  }

  @Test
  void aDirectoryGoesOutAndComesBackIn() {
    Overlay from = new Overlay(Shell.BARE);
    from.mkdir("/data", T0);
    from.mkdir("/data/sub", T0);
    from.write("/data/a.txt", "alpha\n", T0);
    from.write("/data/sub/b.txt", "beta\n", T0);
    Pipe out = tar(from, new byte[0], "cf", "-", "/data");
    assertThat(out.err.toString()).isEqualTo("tar: removing leading '/' from member names\n");

    Overlay to = new Overlay(Shell.BARE);
    Pipe in = tar(to, out.out.toByteArray(), "-xmf", "-", "-C", "/tmp");
    assertThat(in.err.toString()).isEmpty();
    assertThat(to.read("/tmp/data/a.txt")).isEqualTo("alpha\n");
    assertThat(to.read("/tmp/data/sub/b.txt")).isEqualTo("beta\n");
    assertThat(tar(to, out.out.toByteArray(), "tf", "-").out.toString(StandardCharsets.UTF_8))
        .isEqualTo("data/\ndata/a.txt\ndata/sub/\ndata/sub/b.txt\n");
  }

  @Test
  void aMissingFileIsReportedAndTheExitIsDelayed() {
    Pipe out = tar(new Overlay(Shell.BARE), new byte[0], "cf", "-", "/nope");
    assertThat(out.err.toString())
        .isEqualTo(
            "tar: /nope: No such file or directory\ntar: error exit delayed from previous errors\n");
  }

  @Test
  void extractingIntoAMissingDirectoryFails() {
    Pipe in = tar(new Overlay(Shell.BARE), new byte[] {1}, "xf", "-", "-C", "/nowhere");
    assertThat(in.err.toString())
        .isEqualTo("tar: can't change directory to '/nowhere': No such file or directory\n");
  }
}

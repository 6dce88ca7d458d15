package io.kubesim.kubelet.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OverlayTest {
  static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  static final Layer IMAGE =
      new Layer(Map.of("/etc/hostname", "x\n", "/data/a", "1", "/data/b", "2", "/tmp/", ""), T);

  @Test
  void writesLandOnTopAndTheLayerStaysAsItWas() {
    Overlay fs = new Overlay(IMAGE);
    fs.write("/etc/hostname", "y\n", T);
    fs.write("/tmp/new", "n", T);

    assertThat(fs.read("/etc/hostname")).isEqualTo("y\n");
    assertThat(fs.list("/tmp")).containsExactly("new");
    assertThat(IMAGE.read("/etc/hostname")).isEqualTo("x\n");
    assertThat(IMAGE.list("/tmp")).isEmpty();
  }

  @Test
  void aRemovedDirectoryHidesWhatTheLayerHasUnderItEvenWhenMadeAgain() {
    Overlay fs = new Overlay(IMAGE);
    fs.remove("/data");
    assertThat(fs.stat("/data/a")).isNull();
    assertThat(fs.list("/")).doesNotContain("data");

    fs.mkdir("/data", T);
    fs.write("/data/c", "3", T);
    assertThat(fs.list("/data")).containsExactly("c");
    assertThat(fs.isDir("/data")).isTrue();
  }

  @Test
  void aRemovedFileCanBeWrittenAgain() {
    Overlay fs = new Overlay(IMAGE);
    fs.remove("/data/a");
    assertThat(fs.list("/data")).containsExactly("b");
    fs.write("/data/a", "again", T);
    assertThat(fs.read("/data/a")).isEqualTo("again");
  }

  @Test
  void theLayerMakesEveryParentADirectoryAndTmpSticky() {
    assertThat(IMAGE.isDir("/data")).isTrue();
    assertThat(IMAGE.list("/")).containsExactly("data", "etc", "tmp");
    assertThat(IMAGE.stat("/tmp").mode()).isEqualTo(01777);
  }

  @Test
  void pathsResolveAgainstTheWorkingDirectory() {
    assertThat(Files.resolve("/etc", "../tmp/./x")).isEqualTo("/tmp/x");
    assertThat(Files.resolve("/etc", "/")).isEqualTo("/");
    assertThat(Files.resolve("/", "..")).isEqualTo("/");
  }
}

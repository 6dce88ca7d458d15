package io.kubesim.kubelet.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesim.kubelet.shell.Files;
import io.kubesim.kubelet.shell.Layer;
import io.kubesim.kubelet.shell.Overlay;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MountedFilesTest {
  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

  /** Where a path of the container lands: the volume's path, or the container's own (null). */
  record Case(String name, String path, String volume, String inVolume) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("a path outside every mount is the container's", "/etc/motd", null, null),
        new Case("a path under a mount is in its volume", "/data/f", "data", "/f"),
        new Case("the deepest mount wins", "/data/conf/x", "conf", "/x"),
        new Case("a file mounted by subPath is that file", "/etc/app.conf", "conf", "/app.conf"),
        new Case("a name that only starts like a mount is not in it", "/database", null, null));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void aWriteLandsWhereItsPathIsMounted(Case c) {
    MemoryFiles data = new MemoryFiles(1 << 20, T0);
    MemoryFiles conf = new MemoryFiles(1 << 20, T0);
    Overlay own = new Overlay(new Layer(Map.of("/etc/hostname", "box\n"), T0));
    MountedFiles files =
        new MountedFiles(
            own,
            List.of(
                new Mount("/data", data, "/", false),
                new Mount("/data/conf", conf, "/", false),
                new Mount("/etc/app.conf", conf, "/app.conf", false)));
    files.write(c.path(), "written", T0);
    Files where = c.volume() == null ? own : c.volume().equals("data") ? data : conf;
    assertThat(where.read(c.volume() == null ? c.path() : c.inVolume())).isEqualTo("written");
    assertThat(files.read(c.path())).isEqualTo("written");
  }

  private static MountedFiles container() {
    MemoryFiles data = new MemoryFiles(1 << 20, T0);
    MemoryFiles conf = new MemoryFiles(1 << 20, T0);
    return new MountedFiles(
        new Overlay(Layer.EMPTY),
        List.of(
            new Mount("/data", data, "/", false),
            new Mount("/data/conf", conf, "/", true),
            new Mount("/etc/app.conf", conf, "/app.conf", true)));
  }

  @Test
  void writesLandInTheVolumeAndTheImageUnderAMountIsHidden() {
    MemoryFiles data = new MemoryFiles(1 << 20, T0);
    Overlay own = new Overlay(new Layer(Map.of("/data/old", "x"), T0));
    MountedFiles files = new MountedFiles(own, List.of(new Mount("/data", data, "/", false)));
    files.write("/data/new", "hi\n", T0);
    assertThat(data.read("/new")).isEqualTo("hi\n");
    assertThat(own.stat("/data/new")).isNull();
    assertThat(files.list("/data")).containsExactly("new");
    assertThat(files.stat("/data/old")).isNull();
  }

  @Test
  void mountPointsTheImageLacksAreDirectories() {
    MountedFiles files =
        new MountedFiles(
            new Overlay(Layer.EMPTY),
            List.of(new Mount("/srv/www/html", new MemoryFiles(100, T0), "/", false)));
    assertThat(files.isDir("/srv")).isTrue();
    assertThat(files.list("/")).contains("srv");
    assertThat(files.list("/srv")).containsExactly("www");
  }

  @Test
  void aReadOnlyMountRefusesEveryChange() {
    MountedFiles files = container();
    assertThat(files.refuses("/data/conf/x")).isEqualTo("Read-only file system");
    assertThat(files.refuses("/data/x")).isNull();
    assertThatThrownBy(() -> files.write("/data/conf/x", "y", T0))
        .hasMessage("Read-only file system");
    assertThatThrownBy(() -> files.mkdir("/etc/app.conf", T0)).hasMessage("Read-only file system");
  }

  @Test
  void aSubPathShowsOnlyItsPartOfTheVolume() {
    MemoryFiles volume = new MemoryFiles(1 << 20, T0);
    volume.mkdir("/a", T0);
    volume.write("/a/f", "in a\n", T0);
    volume.write("/top", "top\n", T0);
    MountedFiles files =
        new MountedFiles(new Overlay(Layer.EMPTY), List.of(new Mount("/m", volume, "/a", false)));
    assertThat(files.list("/m")).containsExactly("f");
    assertThat(files.read("/m/f")).isEqualTo("in a\n");
    files.write("/m/g", "new\n", T0);
    assertThat(volume.read("/a/g")).isEqualTo("new\n");
  }

  @Test
  void removingAMountPointEmptiesItAndIsBusy() {
    MemoryFiles volume = new MemoryFiles(1 << 20, T0);
    volume.write("/f", "x", T0);
    MountedFiles files =
        new MountedFiles(new Overlay(Layer.EMPTY), List.of(new Mount("/m", volume, "/", false)));
    assertThatThrownBy(() -> files.remove("/m")).hasMessage("Resource busy");
    assertThat(volume.list("/")).isEmpty();
  }

  @Test
  void aFullVolumeKeepsWhatFitsAndSaysNoSpace() {
    MemoryFiles volume = new MemoryFiles(10, T0);
    volume.write("/a", "123456", T0);
    assertThatThrownBy(() -> volume.write("/b", "abcdef", T0))
        .hasMessage("No space left on device");
    assertThat(volume.read("/b")).isEqualTo("abcd");
    assertThat(volume.used()).isEqualTo(10);
    volume.remove("/a");
    assertThat(volume.used()).isEqualTo(4);
  }
}

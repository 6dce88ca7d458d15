package io.kubesim.kubelet.volume;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.kubelet.volume.HostPath.Existing;
import io.kubesim.kubelet.volume.HostPath.Make;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HostPathTest {
  record Case(String name, String type, Existing existing, String error, Make make) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("no type makes a missing directory", null, Existing.NOTHING, null, Make.DIRECTORY),
        new Case("no type takes a file as it is", "", Existing.FILE, null, Make.NOTHING),
        new Case(
            "DirectoryOrCreate makes a missing directory",
            "DirectoryOrCreate",
            Existing.NOTHING,
            null,
            Make.DIRECTORY),
        new Case(
            "DirectoryOrCreate refuses a file",
            "DirectoryOrCreate",
            Existing.FILE,
            "hostPath type check failed: /x is not a directory",
            Make.NOTHING),
        new Case(
            "Directory wants one",
            "Directory",
            Existing.NOTHING,
            "hostPath type check failed: /x is not a directory",
            Make.NOTHING),
        new Case("Directory finds one", "Directory", Existing.DIRECTORY, null, Make.NOTHING),
        new Case(
            "FileOrCreate makes a missing file", "FileOrCreate", Existing.NOTHING, null, Make.FILE),
        new Case(
            "FileOrCreate refuses a directory",
            "FileOrCreate",
            Existing.DIRECTORY,
            "hostPath type check failed: /x is not a file",
            Make.NOTHING),
        new Case(
            "File wants one",
            "File",
            Existing.NOTHING,
            "hostPath type check failed: /x is not a file",
            Make.NOTHING),
        new Case(
            "Socket wants a socket",
            "Socket",
            Existing.FILE,
            "hostPath type check failed: /x is not a socket file",
            Make.NOTHING),
        new Case("Socket finds containerd's", "Socket", Existing.SOCKET, null, Make.NOTHING),
        new Case(
            "CharDevice wants one",
            "CharDevice",
            Existing.DIRECTORY,
            "hostPath type check failed: /x is not a character device",
            Make.NOTHING),
        new Case(
            "BlockDevice wants one",
            "BlockDevice",
            Existing.CHAR_DEVICE,
            "hostPath type check failed: /x is not a block device",
            Make.NOTHING),
        new Case(
            "an unknown type is invalid",
            "Folder",
            Existing.DIRECTORY,
            "Folder is an invalid volume type",
            Make.NOTHING));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void checksTheTypeAsTheKubeletDoes(Case c) {
    HostPath.Verdict v = HostPath.check(c.type(), "/x", c.existing());
    assertThat(v.error()).isEqualTo(c.error());
    assertThat(v.make()).isEqualTo(c.make());
  }
}

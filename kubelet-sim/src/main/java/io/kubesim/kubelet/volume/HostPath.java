package io.kubesim.kubelet.volume;

import java.util.Map;

/**
 * The kubelet's hostPath type check, as a pure function of what is at the path on the node: {@code
 * DirectoryOrCreate} and {@code FileOrCreate} make what is missing, the other types must find what
 * they name, and a failed check is the kubelet's error text ({@code hostPath type check failed: /x
 * is not a directory}), which becomes the FailedMount event. An empty type checks nothing (the
 * runtime then makes a missing directory).
 */
public final class HostPath {
  private HostPath() {}

  /** What is at a path on the node. */
  public enum Existing {
    NOTHING,
    DIRECTORY,
    FILE,
    SOCKET,
    CHAR_DEVICE,
    BLOCK_DEVICE
  }

  /** What the check asks to make before the mount. */
  public enum Make {
    NOTHING,
    DIRECTORY,
    FILE
  }

  /** The check's answer: an error (then nothing is mounted) or what to make. */
  public record Verdict(String error, Make make) {
    static Verdict ok(Make make) {
      return new Verdict(null, make);
    }

    static Verdict fail(String error) {
      return new Verdict(error, Make.NOTHING);
    }
  }

  /**
   * The special files a kind node has, which a simulated node cannot keep on disk: containerd's
   * socket and the usual devices.
   */
  static final Map<String, Existing> SPECIAL =
      Map.of(
          "/run/containerd/containerd.sock", Existing.SOCKET,
          "/var/run/containerd/containerd.sock", Existing.SOCKET,
          "/dev/null", Existing.CHAR_DEVICE,
          "/dev/zero", Existing.CHAR_DEVICE,
          "/dev/random", Existing.CHAR_DEVICE,
          "/dev/urandom", Existing.CHAR_DEVICE,
          "/dev/kmsg", Existing.CHAR_DEVICE,
          "/dev/fuse", Existing.CHAR_DEVICE,
          "/dev/loop0", Existing.BLOCK_DEVICE);

  public static Verdict check(String type, String path, Existing existing) {
    String t = type == null ? "" : type;
    return switch (t) {
      case "" -> Verdict.ok(existing == Existing.NOTHING ? Make.DIRECTORY : Make.NOTHING);
      case "DirectoryOrCreate" ->
          existing == Existing.NOTHING
              ? Verdict.ok(Make.DIRECTORY)
              : must(existing, Existing.DIRECTORY, path, "a directory");
      case "Directory" -> must(existing, Existing.DIRECTORY, path, "a directory");
      case "FileOrCreate" ->
          existing == Existing.NOTHING
              ? Verdict.ok(Make.FILE)
              : must(existing, Existing.FILE, path, "a file");
      case "File" -> must(existing, Existing.FILE, path, "a file");
      case "Socket" -> must(existing, Existing.SOCKET, path, "a socket file");
      case "CharDevice" -> must(existing, Existing.CHAR_DEVICE, path, "a character device");
      case "BlockDevice" -> must(existing, Existing.BLOCK_DEVICE, path, "a block device");
      default -> Verdict.fail(t + " is an invalid volume type");
    };
  }

  private static Verdict must(Existing existing, Existing wanted, String path, String what) {
    return existing == wanted
        ? Verdict.ok(Make.NOTHING)
        : Verdict.fail("hostPath type check failed: " + path + " is not " + what);
  }
}

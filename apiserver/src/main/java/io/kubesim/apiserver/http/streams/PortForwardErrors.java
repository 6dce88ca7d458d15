package io.kubesim.apiserver.http.streams;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a kind node (kubelet 1.32, containerd 1.7) writes on a port-forward's error stream when
 * nothing listens on the port: the kubelet's streaming server wraps containerd's error, naming the
 * pod by its sandbox id with an empty uid.
 */
final class PortForwardErrors {
  private PortForwardErrors() {}

  static String refused(int port, String podUid) {
    String sandbox = sandboxId(podUid);
    String dial =
        "IPv4: dial tcp4 127.0.0.1:"
            + port
            + ": connect: connection refused IPv6 dial tcp6 [::1]:"
            + port
            + ": connect: connection refused ";
    return "error forwarding port "
        + port
        + " to pod "
        + sandbox
        + ", uid : failed to execute portforward in network namespace \""
        + netns(podUid)
        + "\": failed to connect to localhost:"
        + port
        + " inside namespace \""
        + sandbox
        + "\", "
        + dial;
  }

  /** A stable 64-hex-digit id for the pod's sandbox (nothing else in kubesim shows one). */
  static String sandboxId(String podUid) {
    return sha256("sandbox/" + podUid);
  }

  /** The CNI network namespace of the sandbox: {@code /var/run/netns/cni-<uuid>}. */
  static String netns(String podUid) {
    String h = sha256("netns/" + podUid);
    return "/var/run/netns/cni-"
        + h.substring(0, 8)
        + "-"
        + h.substring(8, 12)
        + "-"
        + h.substring(12, 16)
        + "-"
        + h.substring(16, 20)
        + "-"
        + h.substring(20, 32);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

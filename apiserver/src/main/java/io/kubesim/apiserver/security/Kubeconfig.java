package io.kubesim.apiserver.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

/** The admin kubeconfig the apiserver writes on start: the server, the cluster CA, the token. */
public final class Kubeconfig {
  private Kubeconfig() {}

  public static String render(String server, byte[] caPem, String token) {
    String ca = caPem == null ? null : Base64.getEncoder().encodeToString(caPem);
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: kubesim
          cluster:
            server: %s
        %s
        contexts:
        - name: kubesim
          context:
            cluster: kubesim
            user: kubesim-admin
        current-context: kubesim
        users:
        - name: kubesim-admin
          user:
            token: %s
        """
        .formatted(
            server,
            ca == null ? "" : "    certificate-authority-data: " + ca,
            token == null ? "\"\"" : token)
        .replace("\n\n", "\n");
  }

  /**
   * Writes the kubeconfig, readable by its owner only; {@code KUBESIM_KUBECONFIG_MODE=644} makes it
   * readable by all (docker compose writes it as root into a folder of the host user's).
   */
  public static void write(Path file, String content) {
    String mode =
        "644".equals(System.getenv("KUBESIM_KUBECONFIG_MODE")) ? "rw-r--r--" : "rw-------";
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, content);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
      } catch (UnsupportedOperationException e) {
        // not POSIX
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

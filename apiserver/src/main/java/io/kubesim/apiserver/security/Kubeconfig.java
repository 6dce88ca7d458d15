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

  public static void write(Path file, String content) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, content);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not POSIX
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

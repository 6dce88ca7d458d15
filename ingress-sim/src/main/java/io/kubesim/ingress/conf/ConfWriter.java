package io.kubesim.ingress.conf;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes nginx.conf where a learner looks for it ({@code /etc/nginx/nginx.conf} in the container):
 * to a temporary file, then moved into place, so {@code cat} never sees half a file. Off the event
 * loop.
 */
public final class ConfWriter {
  private final Vertx vertx;
  private final Path file;

  /**
   * @param file where to write; null writes nothing
   */
  public ConfWriter(Vertx vertx, Path file) {
    this.vertx = vertx;
    this.file = file;
  }

  public Future<Void> write(String text) {
    if (file == null) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(
        () -> {
          write(file, text);
          return null;
        });
  }

  static void write(Path file, String text) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".nginx", ".conf");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: its default permissions
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}

package io.kubesim.kubelet.volume;

import io.kubesim.kubelet.shell.Files;
import java.time.Instant;
import java.util.SortedSet;

/**
 * Files a container may read and never change (a projected volume, a subPath copy): every change
 * fails with EROFS, as the kubelet mounts them read-only.
 */
interface ReadOnlyFiles extends Files {

  /** The files as they are now. */
  Files current();

  @Override
  default Node stat(String path) {
    return current().stat(path);
  }

  @Override
  default SortedSet<String> list(String dir) {
    return current().list(dir);
  }

  @Override
  default String refuses(String path) {
    return Failure.READ_ONLY;
  }

  @Override
  default void write(String path, String content, Instant at) {
    throw new Failure(Failure.READ_ONLY);
  }

  @Override
  default void mkdir(String path, Instant at) {
    throw new Failure(Failure.READ_ONLY);
  }

  @Override
  default void remove(String path) {
    throw new Failure(Failure.READ_ONLY);
  }
}

package io.kubesim.kubelet.volume;

import io.kubesim.kubelet.shell.Files;

/**
 * A volume mounted into a container: at {@code path} the container sees {@code files} from {@code
 * base} on ({@code /} for the whole volume, {@code /<subPath>} for a subPath, the file's name for a
 * hostPath of a file).
 */
public record Mount(String path, Files files, String base, boolean readOnly) {

  /** Where {@code path} (inside the container, at or under this mount) is in the volume. */
  String inVolume(String containerPath) {
    String rest = containerPath.substring(path.equals("/") ? 0 : path.length());
    if (rest.isEmpty()) {
      return base;
    }
    return base.equals("/") ? rest : base + rest;
  }

  boolean covers(String containerPath) {
    return containerPath.equals(path) || path.equals("/") || containerPath.startsWith(path + "/");
  }
}

package io.kubesim.kubelet.runtime;

/** {@code spec.restartPolicy}; for init containers {@code Always} acts as {@code OnFailure}. */
public enum RestartPolicy {
  ALWAYS,
  ON_FAILURE,
  NEVER;

  public static RestartPolicy of(String text) {
    if (text == null || text.isEmpty() || text.equals("Always")) {
      return ALWAYS;
    }
    return text.equals("OnFailure") ? ON_FAILURE : NEVER;
  }

  public boolean restarts(int exitCode) {
    return this == ALWAYS || (this == ON_FAILURE && exitCode != 0);
  }
}

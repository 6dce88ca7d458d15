package io.kubesim.kubelet.probe;

/** The three probes; {@code label} starts the kubelet's messages ("Liveness probe failed: ..."). */
public enum ProbeKind {
  STARTUP("Startup"),
  LIVENESS("Liveness"),
  READINESS("Readiness");

  private final String label;

  ProbeKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}

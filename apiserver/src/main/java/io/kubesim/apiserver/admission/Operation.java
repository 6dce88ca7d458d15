package io.kubesim.apiserver.admission;

/** The operation a request performs, as admission.Operation names it. */
public enum Operation {
  CREATE,
  UPDATE,
  DELETE,
  CONNECT
}

package io.kubesim.core.api;

import tools.jackson.databind.node.ObjectNode;

/** A failed API call carrying the Status object that goes back to the client unchanged. */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int code;
  private final transient ObjectNode status;

  public ApiException(int code, ObjectNode status) {
    super(status.path("message").asString(), null, false, false);
    this.code = code;
    this.status = status;
  }

  public int code() {
    return code;
  }

  public String reason() {
    return status.path("reason").asString();
  }

  public ObjectNode status() {
    return status;
  }
}

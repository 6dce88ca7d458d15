package io.kubesim.apiserver.patch;

/** A patch that cannot be applied to the object it targets (422 Invalid at the edge). */
public class PatchException extends RuntimeException {
  public PatchException(String message) {
    super(message);
  }
}

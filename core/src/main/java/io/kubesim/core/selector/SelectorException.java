package io.kubesim.core.selector;

/** A selector string or object that does not parse; its message is the apiserver's. */
public class SelectorException extends RuntimeException {
  public SelectorException(String message) {
    super(message);
  }
}

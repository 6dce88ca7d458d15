package io.kubesim.ingress.model;

/** The ingress a location came from. */
public record IngressRef(String namespace, String name) {
  public String key() {
    return namespace + "/" + name;
  }
}

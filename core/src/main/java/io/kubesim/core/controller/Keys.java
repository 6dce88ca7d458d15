package io.kubesim.core.controller;

import tools.jackson.databind.JsonNode;

/**
 * Cache and queue keys as client-go's {@code MetaNamespaceKeyFunc}: {@code namespace/name}, or
 * {@code name} for a cluster-scoped object.
 */
public final class Keys {
  private Keys() {}

  public static String of(JsonNode object) {
    JsonNode metadata = object.path("metadata");
    return of(metadata.path("namespace").asString(""), metadata.path("name").asString(""));
  }

  public static String of(String namespace, String name) {
    return namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
  }

  /** The namespace of a key; "" for a cluster-scoped one. */
  public static String namespace(String key) {
    int slash = key.indexOf('/');
    return slash < 0 ? "" : key.substring(0, slash);
  }

  public static String name(String key) {
    return key.substring(key.indexOf('/') + 1);
  }
}

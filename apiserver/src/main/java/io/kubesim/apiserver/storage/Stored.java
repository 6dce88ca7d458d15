package io.kubesim.apiserver.storage;

import io.kubesim.apiserver.request.WireJson;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stored tree and its JSON: the bytes serialized at commit (stored trees never change, so they
 * stay right), or serialized once on first read for a tree recovered at start. Reads answer with
 * the bytes instead of serializing the tree again: a LIST of 10,000 pods copies 21 MB instead of
 * writing it.
 */
public final class Stored {
  private final ObjectNode object;
  private volatile byte[] json;

  Stored(ObjectNode object, byte[] json) {
    this.object = object;
    this.json = json;
  }

  public ObjectNode object() {
    return object;
  }

  public byte[] json() {
    byte[] bytes = json;
    if (bytes == null) {
      bytes = WireJson.bytes(object);
      json = bytes;
    }
    return bytes;
  }
}

package io.kubesim.apiserver.storage;

import io.kubesim.apiserver.request.WireJson;
import io.kubesim.core.json.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stored object: its JSON (serialized at commit, or once on first read for a tree recovered at
 * start) and, for most kinds, its tree. Reads answer with the bytes instead of serializing the tree
 * again: a LIST of 10,000 pods copies 21 MB instead of writing it.
 *
 * <p>Events keep only their bytes and are parsed when read ({@link #lean}): a 100,000-pod cluster
 * holds several Events per pod, read seldom (describe, get events) but each a tree twice the size
 * of its JSON if kept. Stored trees never change, so a parsed copy reads the same as a kept one.
 */
public final class Stored {
  private final ObjectNode object;
  private volatile byte[] json;

  private Stored(ObjectNode object, byte[] json) {
    this.object = object;
    this.json = json;
  }

  /** The core Events' storage, whose objects are kept as bytes only. */
  static boolean lean(String resource) {
    return "events".equals(resource);
  }

  /** {@code object} as stored for {@code resource}; {@code json} its bytes, or null if not yet. */
  static Stored of(String resource, ObjectNode object, byte[] json) {
    if (lean(resource)) {
      return new Stored(null, json != null ? json : WireJson.bytes(object));
    }
    return new Stored(object, json);
  }

  /** A tree made for one read (a view's object), serialized if asked for its bytes. */
  static Stored tree(ObjectNode object) {
    return new Stored(object, null);
  }

  /** The tree: kept, or parsed again from the bytes (a new tree each time) for a lean kind. */
  public ObjectNode object() {
    return object != null ? object : (ObjectNode) Json.parse(json);
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

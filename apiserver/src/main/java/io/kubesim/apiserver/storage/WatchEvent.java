package io.kubesim.apiserver.storage;

import io.kubesim.apiserver.request.WireJson;
import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.core.json.Json;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.node.ObjectNode;

/**
 * One committed change. {@code previous} is the object before the change (null for ADDED), so that
 * a filtered watch can tell an object entering or leaving its selector.
 */
public final class WatchEvent {
  public static final String ADDED = "ADDED";
  public static final String MODIFIED = "MODIFIED";
  public static final String DELETED = "DELETED";
  public static final String BOOKMARK = "BOOKMARK";

  private final String type;
  private final ResourceType resource;
  private final ObjectNode object;
  private final ObjectNode previous;
  private final long resourceVersion;
  private final byte[] objectJson;
  private volatile byte[] line;

  public WatchEvent(
      String type, ResourceType resource, ObjectNode object, ObjectNode previous, long rv) {
    this(type, resource, object, previous, rv, null);
  }

  /** With {@code objectJson}, the object as the store already serialized it, to build the line. */
  WatchEvent(
      String type,
      ResourceType resource,
      ObjectNode object,
      ObjectNode previous,
      long rv,
      byte[] objectJson) {
    this.type = type;
    this.resource = resource;
    this.object = object;
    this.previous = previous;
    this.resourceVersion = rv;
    this.objectJson = objectJson;
  }

  /**
   * This event as {@code view} shows it when its resource is that view's storage ({@link
   * StorageViews}: an Event written as core/v1 watched through events.k8s.io/v1), else null.
   */
  public WatchEvent inView(ResourceType view) {
    if (StorageViews.storageOf(view) != resource) {
      return null;
    }
    return new WatchEvent(
        type,
        view,
        StorageViews.toView(object),
        previous == null ? null : StorageViews.toView(previous),
        resourceVersion);
  }

  public String type() {
    return type;
  }

  public ResourceType resource() {
    return resource;
  }

  public ObjectNode object() {
    return object;
  }

  public ObjectNode previous() {
    return previous;
  }

  public long resourceVersion() {
    return resourceVersion;
  }

  public String namespace() {
    return object.path("metadata").path("namespace").asString("");
  }

  /**
   * The JSON line of a watch stream, {@code {"type":..,"object":..}\n}, built once however many
   * watchers receive it (watch fan-out is the expensive case).
   */
  public byte[] line() {
    byte[] cached = line;
    if (cached == null && objectJson != null) {
      // The same bytes as serializing {"type":..,"object":..}, without serializing the object
      // again.
      byte[] head = ("{\"type\":\"" + type + "\",\"object\":").getBytes(StandardCharsets.UTF_8);
      cached = new byte[head.length + objectJson.length + 2];
      System.arraycopy(head, 0, cached, 0, head.length);
      System.arraycopy(objectJson, 0, cached, head.length, objectJson.length);
      cached[cached.length - 2] = '}';
      cached[cached.length - 1] = '\n';
      line = cached;
    } else if (cached == null) {
      ObjectNode event = Json.object();
      event.put("type", type);
      event.set("object", object);
      cached = WireJson.line(event);
      line = cached;
    }
    return cached;
  }
}

package io.kubesim.apiserver.storage;

import io.kubesim.apiserver.resource.EventsV1;
import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.resource.Resources;
import tools.jackson.databind.node.ObjectNode;

/**
 * Types served from another type's storage, converted on the way in and out, as kube-apiserver
 * serves events.k8s.io/v1 Events from the core/v1 Events' storage ({@link EventsV1}): an Event
 * written through either API is read, listed and watched through both.
 */
final class StorageViews {
  private static final ResourceType CORE_EVENTS = Resources.find("", "v1", "events").orElseThrow();
  private static final ResourceType EVENTS =
      Resources.find("events.k8s.io", "v1", "events").orElseThrow();

  private StorageViews() {}

  /** The type whose storage {@code type} is a view of, or null when it has its own. */
  static ResourceType storageOf(ResourceType type) {
    return type == EVENTS ? CORE_EVENTS : null;
  }

  /**
   * A stored object as the view's API shows it (a new tree; the stored one is not touched). There
   * is one view, so no type to pass.
   */
  static ObjectNode toView(ObjectNode stored) {
    return EventsV1.fromCore(stored);
  }

  /** An object of the view's API as the storage keeps it. */
  static ObjectNode toStorage(ObjectNode object) {
    return EventsV1.toCore(object);
  }
}

package io.kubesim.core.controller;

import tools.jackson.databind.node.ObjectNode;

/**
 * What an {@link Informer} tells its users, on the informer's context. Handlers should only find
 * the keys to enqueue; the objects are the cache's own and must not be modified.
 */
public interface EventHandler {
  default void onAdd(ObjectNode object) {}

  /**
   * A change, a re-list, or a periodic resync; in the last two {@code oldObject} may be the same
   * version as {@code newObject}.
   */
  default void onUpdate(ObjectNode oldObject, ObjectNode newObject) {}

  /** The object's last state (from the DELETED event, or the cache when a re-list misses it). */
  default void onDelete(ObjectNode object) {}

  /** A handler that runs {@code action} on every added or updated object (its newest version). */
  static EventHandler onAddOrUpdate(java.util.function.Consumer<ObjectNode> action) {
    return new EventHandler() {
      @Override
      public void onAdd(ObjectNode object) {
        action.accept(object);
      }

      @Override
      public void onUpdate(ObjectNode oldObject, ObjectNode newObject) {
        action.accept(newObject);
      }
    };
  }

  /** A handler that runs {@code action} on every event's object (its newest or last version). */
  static EventHandler onAny(java.util.function.Consumer<ObjectNode> action) {
    return new EventHandler() {
      @Override
      public void onAdd(ObjectNode object) {
        action.accept(object);
      }

      @Override
      public void onUpdate(ObjectNode oldObject, ObjectNode newObject) {
        action.accept(newObject);
      }

      @Override
      public void onDelete(ObjectNode object) {
        action.accept(object);
      }
    };
  }

  /**
   * {@code handler} run on {@code context} instead of the informer's: for a user that keeps its
   * state on a context of its own and shares a process-wide informer.
   */
  static EventHandler on(io.vertx.core.Context context, EventHandler handler) {
    return new EventHandler() {
      @Override
      public void onAdd(ObjectNode object) {
        context.runOnContext(v -> handler.onAdd(object));
      }

      @Override
      public void onUpdate(ObjectNode oldObject, ObjectNode newObject) {
        context.runOnContext(v -> handler.onUpdate(oldObject, newObject));
      }

      @Override
      public void onDelete(ObjectNode object) {
        context.runOnContext(v -> handler.onDelete(object));
      }
    };
  }

  /** A handler that enqueues the object's key for every event ({@code enqueue}: a loop's). */
  static EventHandler enqueue(java.util.function.Consumer<String> enqueue) {
    return onAny(object -> enqueue.accept(Keys.of(object)));
  }
}

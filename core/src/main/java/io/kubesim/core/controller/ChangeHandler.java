package io.kubesim.core.controller;

import tools.jackson.databind.node.ObjectNode;

/**
 * An {@link EventHandler} for users that treat an add and an update alike: both arrive as {@link
 * #changed}, an add with no old version.
 */
public interface ChangeHandler extends EventHandler {
  /** The object's newest version, and the one before it (null when it was just added). */
  void changed(ObjectNode oldObject, ObjectNode newObject);

  @Override
  default void onAdd(ObjectNode object) {
    changed(null, object);
  }

  @Override
  default void onUpdate(ObjectNode oldObject, ObjectNode newObject) {
    changed(oldObject, newObject);
  }
}

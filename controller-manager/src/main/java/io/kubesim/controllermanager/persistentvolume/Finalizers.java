package io.kubesim.controllermanager.persistentvolume;

import io.kubesim.core.client.ApiClient;
import io.kubesim.core.controller.Result;
import io.vertx.core.Future;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The protection controllers' one write: a finalizer added or removed, conditional on the version.
 */
public final class Finalizers {
  private Finalizers() {}

  /** What a protection controller does with its finalizer. */
  public enum Action {
    NONE,
    ADD,
    REMOVE
  }

  public static boolean has(JsonNode object, String finalizer) {
    for (JsonNode f : object.path("metadata").path("finalizers")) {
      if (finalizer.equals(f.asString(""))) {
        return true;
      }
    }
    return false;
  }

  public static Future<Result> apply(
      ApiClient api, String path, ObjectNode object, String finalizer, Action action) {
    if (action == Action.NONE) {
      return Future.succeededFuture(Result.done());
    }
    ObjectNode copy = object.deepCopy();
    ObjectNode metadata = (ObjectNode) copy.path("metadata");
    ArrayNode kept = metadata.arrayNode();
    for (JsonNode f : metadata.path("finalizers")) {
      if (!finalizer.equals(f.asString(""))) {
        kept.add(f);
      }
    }
    if (action == Action.ADD) {
      kept.add(finalizer);
    }
    metadata.set("finalizers", kept);
    return api.update(path, copy)
        .map(v -> Result.done())
        .recover(
            e ->
                ApiClient.isNotFound(e)
                    ? Future.succeededFuture(Result.done())
                    : Future.failedFuture(e));
  }
}

package io.kubesim.apiserver.openapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The values of enum-typed string fields and the "Possible enum values" paragraph that ends their
 * description in the Kubernetes OpenAPI spec (kubectl explain prints both). The Java client's
 * models carry neither; {@code apiserver/tools/enums.py} copies them from the npm package
 * kubernetes-models into {@code openapi/enums.json}.
 */
final class Enums {
  private static final JsonNode ENUMS =
      RefDescriptions.bundled("/openapi/enums.json").path("enums");

  /** The allowed values, and the paragraph that describes each. */
  record Enum(List<String> values, String paragraph) {}

  private Enums() {}

  static Optional<Enum> of(String schema, String field) {
    JsonNode e = ENUMS.path(schema).path(field);
    if (!e.isObject()) {
      return Optional.empty();
    }
    List<String> values = new ArrayList<>();
    e.path("enum").forEach(v -> values.add(v.asString()));
    return Optional.of(new Enum(values, e.path("paragraph").asString()));
  }
}

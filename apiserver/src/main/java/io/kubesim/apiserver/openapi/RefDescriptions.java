package io.kubesim.apiserver.openapi;

import io.kubesim.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Descriptions of the fields whose type is another model (DeploymentSpec.strategy, every kind's
 * metadata, IntOrString fields), which the Java client's models lose because OpenAPI v2 ignores the
 * siblings of a {@code $ref}. They come from cdk8s's imports of the Kubernetes 1.32 OpenAPI spec,
 * copied into {@code openapi/ref-descriptions.json} by {@code apiserver/tools/ref-descriptions.py}.
 */
final class RefDescriptions {
  private static final JsonNode DESCRIPTIONS = load();

  private RefDescriptions() {}

  /** The description of {@code field} of the schema named {@code schema}, if known. */
  static Optional<String> of(String schema, String field) {
    JsonNode text = DESCRIPTIONS.path(schema).path(field);
    return text.isString() ? Optional.of(text.asString()) : Optional.empty();
  }

  private static JsonNode load() {
    return bundled("/openapi/ref-descriptions.json").path("descriptions");
  }

  /** A JSON file among the apiserver's resources (copied there by a tool in apiserver/tools). */
  static JsonNode bundled(String resource) {
    try (InputStream in = RefDescriptions.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing");
      }
      return Json.parse(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package io.kubesim.apiserver.protobuf;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.kubernetes.client.proto.Runtime;
import java.util.Arrays;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the protobuf request bodies that kubectl's typed commands send ({@code Content-Type:
 * application/vnd.kubernetes.protobuf}) into the Kubernetes JSON form of the object.
 *
 * <p>The body is the four bytes {@code k8s\0} followed by a {@code runtime.Unknown}: {@code {1:
 * typeMeta {1: apiVersion, 2: kind}, 2: raw, 3: contentEncoding, 4: contentType}}, where raw is the
 * k8s.io/api generated.proto message of that kind.
 */
public final class ProtobufBodies {
  /** {@code k8s\0}. */
  static final byte[] MAGIC = {0x6b, 0x38, 0x73, 0x00};

  private ProtobufBodies() {}

  /**
   * The object in a protobuf body, as the JSON the Go encoder would write for it.
   *
   * @throws IllegalArgumentException for a body without the {@code k8s\0} prefix, a truncated or
   *     malformed message, an encoded or non-protobuf payload, or a kind we have no message for
   */
  public static JsonNode decode(byte[] body) {
    if (body == null
        || body.length < MAGIC.length
        || !Arrays.equals(body, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new IllegalArgumentException(
          "the protobuf body does not start with the Kubernetes prefix \"k8s\\0\"");
    }
    Runtime.Unknown unknown;
    try {
      unknown =
          Runtime.Unknown.parseFrom(
              ByteString.copyFrom(body, MAGIC.length, body.length - MAGIC.length));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(
          "the protobuf body is not a valid runtime.Unknown envelope: " + e.getMessage(), e);
    }
    String apiVersion = unknown.getTypeMeta().getApiVersion();
    String kind = unknown.getTypeMeta().getKind();
    if (kind.isEmpty()) {
      throw new IllegalArgumentException("the protobuf body does not name the kind of its object");
    }
    if (!unknown.getContentEncoding().isEmpty()) {
      throw new IllegalArgumentException(
          "the protobuf body uses content encoding \""
              + unknown.getContentEncoding()
              + "\", which is not supported");
    }
    String contentType = unknown.getContentType();
    if (!contentType.isEmpty() && !contentType.equals("application/vnd.kubernetes.protobuf")) {
      throw new IllegalArgumentException(
          "the protobuf body carries content type \"" + contentType + "\", which is not supported");
    }
    if (!unknown.hasRaw()) {
      throw new IllegalArgumentException(
          "the protobuf body for " + kind + " has no object in it (raw is missing)");
    }
    Message prototype = ProtoKinds.prototype(apiVersion, kind);
    if (prototype == null) {
      throw new IllegalArgumentException(
          "protobuf bodies of kind "
              + kind
              + " in "
              + (apiVersion.isEmpty() ? "an empty apiVersion" : apiVersion)
              + " are not supported; send JSON instead");
    }
    Message message;
    try {
      message = prototype.getParserForType().parseFrom(unknown.getRaw());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(
          "the protobuf body is not a valid " + kind + ": " + e.getMessage(), e);
    }
    ObjectNode object = ProtoJson.objectNode();
    if (!apiVersion.isEmpty()) {
      object.put("apiVersion", apiVersion);
    }
    object.put("kind", kind);
    object.setAll(ProtoJson.toJson(message));
    return object;
  }
}

package io.kubesim.core.client;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/** The answer to an {@link ApiCall}: HTTP status code, content type and body. */
public record ApiReply(int code, String contentType, byte[] body) {
  public JsonObject toJson() {
    return new JsonObject().put("code", code).put("contentType", contentType).put("body", body);
  }

  private static final byte REPLY = 'R';

  /** The reply in {@link Wire}'s framing, as it travels back on {@link Addresses#API}. */
  public Buffer toBuffer() {
    Buffer b = Buffer.buffer(32 + body.length).appendByte(REPLY).appendInt(code);
    Wire.putString(b, contentType);
    Wire.putBytes(b, body);
    return b;
  }

  public static ApiReply fromBuffer(Buffer buffer) {
    Wire.Reader r = new Wire.Reader(buffer);
    if (r.readByte() != REPLY) {
      throw new IllegalArgumentException("not an API reply");
    }
    return new ApiReply(r.readInt(), r.readString(), r.readBytes());
  }

  public static ApiReply fromJson(JsonObject json) {
    return new ApiReply(
        json.getInteger("code", 500),
        json.getString("contentType", "application/json"),
        json.getBinary("body", new byte[0]));
  }

  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }
}

package io.kubesim.core.client;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/** The answer to an {@link ApiCall}: HTTP status code, content type and body. */
public record ApiReply(int code, String contentType, byte[] body) {
  public JsonObject toJson() {
    return new JsonObject().put("code", code).put("contentType", contentType).put("body", body);
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

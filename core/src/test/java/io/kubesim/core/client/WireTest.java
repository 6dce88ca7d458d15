package io.kubesim.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** API calls and replies survive the event bus framing byte for byte; garbage is refused. */
class WireTest {
  @Test
  void aCallRoundTrips() {
    Map<String, List<String>> query = new LinkedHashMap<>();
    query.put("labelSelector", List.of("app=web,tier in (a,b)"));
    query.put("dryRun", List.of("All", "All"));
    byte[] body =
        "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"ü\"}}".getBytes(StandardCharsets.UTF_8);
    ApiCall call =
        new ApiCall(
            "PATCH",
            "/api/v1/namespaces/default/pods/web",
            query,
            Map.of("content-type", "application/merge-patch+json"),
            body);
    ApiCall back = ApiCall.fromBuffer(call.toBuffer());
    assertThat(back.method()).isEqualTo("PATCH");
    assertThat(back.path()).isEqualTo(call.path());
    assertThat(back.query()).isEqualTo(query);
    assertThat(back.headers()).isEqualTo(call.headers());
    assertThat(back.body()).isEqualTo(body);
  }

  @Test
  void aReplyRoundTripsEvenEmpty() {
    ApiReply reply = new ApiReply(404, "application/json", new byte[0]);
    ApiReply back = ApiReply.fromBuffer(reply.toBuffer());
    assertThat(back.code()).isEqualTo(404);
    assertThat(back.contentType()).isEqualTo("application/json");
    assertThat(back.body()).isEmpty();
  }

  @Test
  void garbageIsRefused() {
    assertThatThrownBy(() -> ApiCall.fromBuffer(Buffer.buffer("{\"method\":\"GET\"}")))
        .isInstanceOf(IllegalArgumentException.class);
    Buffer truncated = Buffer.buffer().appendByte((byte) 'C').appendInt(1000).appendString("GET");
    assertThatThrownBy(() -> ApiCall.fromBuffer(truncated))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ApiReply.fromBuffer(Buffer.buffer(new byte[] {'R', 0})))
        .isInstanceOf(RuntimeException.class);
  }
}

package io.kubesim.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubesim.core.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A client made through a {@link Link} stops reaching a stand-in apiserver while it is cut. */
class LinkTest {
  private final Vertx vertx = Vertx.vertx();
  private final Link link = new Link();
  private final AtomicReference<String> watchAddress = new AtomicReference<>();
  private BusApiClient client;

  @BeforeEach
  void apiserver() throws Exception {
    // Answers every call with 200 and remembers where a watch's events go.
    vertx
        .eventBus()
        .<Buffer>consumer(
            Addresses.API,
            message -> {
              ApiCall call = ApiCall.fromBuffer(message.body());
              String address = call.headers().get(ApiCall.WATCH_ADDRESS);
              if (address != null) {
                watchAddress.set(address);
              }
              message.reply(new ApiReply(200, "application/json", "{}".getBytes()).toBuffer());
            })
        .completion()
        .toCompletionStage()
        .toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
    client = new BusApiClient(vertx, 5_000).through(link);
  }

  @AfterEach
  void close() {
    vertx.close();
  }

  private Throwable callFailure() throws Exception {
    try {
      client
          .call(ApiCall.of("GET", "/api/v1/nodes", Map.of(), new byte[0]))
          .toCompletionStage()
          .toCompletableFuture()
          .get(5, TimeUnit.SECONDS);
      return null;
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    }
  }

  @Test
  void callsFailAsTimeoutsWhileTheLinkIsCutAndSucceedAgainOnceItIsHealed() throws Exception {
    assertThat(callFailure()).isNull();
    link.setCut(true);
    assertThat(callFailure())
        .isInstanceOfSatisfying(
            ReplyException.class, e -> assertThat(e.failureType()).isEqualTo(ReplyFailure.TIMEOUT));
    link.setCut(false);
    assertThat(callFailure()).isNull();
  }

  @Test
  void aCutEndsTheWatchAndDropsWhatArrivesAfterIt() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    AtomicInteger ended = new AtomicInteger();
    client
        .watch("/api/v1/pods", Map.of(), line -> lines.add(line.toString()), ended::incrementAndGet)
        .toCompletionStage()
        .toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
    vertx.eventBus().send(watchAddress.get(), Buffer.buffer("before"));
    await().atMost(Duration.ofSeconds(5)).until(() -> lines.size() == 1);

    link.setCut(true);
    await().atMost(Duration.ofSeconds(5)).until(() -> ended.get() == 1);
    vertx.eventBus().send(watchAddress.get(), Buffer.buffer("after"));
    link.setCut(false);
    link.setCut(true);

    assertThat(lines).containsExactly("before");
    assertThat(ended).as("ended once, and forgotten by the link").hasValue(1);
  }

  @Test
  void settingTheSameStateTwiceIsNoChange() {
    assertThat(link.setCut(true)).isTrue();
    assertThat(link.setCut(true)).isFalse();
    assertThat(link.setCut(false)).isTrue();
    assertThat(link.isCut()).isFalse();
  }
}

package io.kubesim.benchmark;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Placing in-process components on chosen Vert.x event loops (Vert.x internal API: this is the
 * benchmark's harness, not the product). A component started on a Vert.x thread creates its
 * informers and loops on that thread's context.
 */
final class EventLoops {
  private EventLoops() {}

  static List<EventLoop> of(Vertx vertx) {
    List<EventLoop> loops = new ArrayList<>();
    for (EventExecutor executor : ((VertxInternal) vertx).nettyEventLoopGroup()) {
      loops.add((EventLoop) executor);
    }
    if (loops.size() < 3) {
      throw new IllegalStateException("need 3 event loops, have " + loops.size());
    }
    return loops;
  }

  /** Runs {@code start} on a new context bound to {@code loop}. */
  static <T> Future<T> startOn(EventLoop loop, Vertx vertx, Supplier<Future<T>> start) {
    ContextInternal context = ((VertxInternal) vertx).contextBuilder().withEventLoop(loop).build();
    Promise<T> done = Promise.promise();
    context.runOnContext(v -> start.get().onComplete(done));
    return done.future();
  }

  /** Moves the round robin of new contexts on so that the next one lands after {@code loop}. */
  static void advanceTo(Vertx vertx, EventLoop loop) {
    for (int i = 0; i < 64; i++) {
      if (((VertxInternal) vertx).createEventLoopContext().nettyEventLoop() == loop) {
        return;
      }
    }
    throw new IllegalStateException("event loop not found in the round robin");
  }
}

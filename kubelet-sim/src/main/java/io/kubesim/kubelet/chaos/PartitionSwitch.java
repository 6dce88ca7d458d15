package io.kubesim.kubelet.chaos;

import io.kubesim.core.client.Link;
import io.kubesim.core.net.Loopback;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The switch {@code bin/kubesim chaos partition NODE} flips: the kubelet's {@link Link} to the
 * apiserver, on the kubelet's own port and only from loopback (the launcher's host, or {@code
 * docker exec} inside the node's container), since anyone who reaches it could cut the node off.
 *
 * <ul>
 *   <li>{@code POST /chaos/partition}: cut. No heartbeats, no status, no events; the pods keep
 *       running as they were, and the node's Lease runs out, as on a real partitioned node.
 *   <li>{@code POST /chaos/heal}: the link is back; the informers list again, the Lease is renewed.
 *   <li>{@code GET /chaos}: {@code {"partitioned":true|false}}.
 * </ul>
 */
public final class PartitionSwitch {
  private static final Logger LOG = LoggerFactory.getLogger(PartitionSwitch.class);

  private final Link link;
  private final String nodes;

  public PartitionSwitch(Link link, String nodes) {
    this.link = link;
    this.nodes = nodes;
  }

  public void routes(Router router) {
    router.get("/chaos").handler(ctx -> ifLocal(ctx, this::state));
    router.post("/chaos/partition").handler(ctx -> ifLocal(ctx, c -> flip(c, true)));
    router.post("/chaos/heal").handler(ctx -> ifLocal(ctx, c -> flip(c, false)));
  }

  private void flip(RoutingContext ctx, boolean cut) {
    if (link.setCut(cut)) {
      LOG.warn(
          cut ? "{}: partitioned: the apiserver is out of reach" : "{}: partition healed", nodes);
    }
    state(ctx);
  }

  private void state(RoutingContext ctx) {
    ctx.response()
        .putHeader("content-type", "application/json")
        .end("{\"partitioned\":" + link.isCut() + "}\n");
  }

  private static void ifLocal(
      RoutingContext ctx, java.util.function.Consumer<RoutingContext> then) {
    if (Loopback.is(ctx.request().remoteAddress())) {
      then.accept(ctx);
    } else {
      ctx.response().setStatusCode(403).end("chaos is accepted from loopback only\n");
    }
  }
}

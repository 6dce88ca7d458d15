package io.kubesim.kubeproxy.debug;

import io.kubesim.kubeproxy.iptables.IptablesSave;
import io.kubesim.kubeproxy.iptables.RuleSet;
import io.kubesim.kubeproxy.sync.Proxier;
import io.kubesim.kubeproxy.trace.Origin;
import io.kubesim.kubeproxy.trace.Packet;
import io.kubesim.kubeproxy.trace.PacketTracer;
import io.kubesim.kubeproxy.trace.TraceText;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a learner would read on a real node, served beside /metrics: {@code GET
 * /iptables-save[?node=N][&table=nat]} is the node's {@code iptables-save} output, {@code GET
 * /iptables-trace?node=N&destination=IP&port=P[&source=IP][&protocol=tcp][&origin=external|pod|node]}
 * the trace of a packet through its rules. The node's {@code iptables-save} and {@code
 * iptables-trace} commands (in compose's node containers, and {@code bin/kubesim exec}) call these.
 */
public final class RuleRoutes {
  private final Supplier<Map<String, Proxier>> proxiers;
  private final Clock clock;

  public RuleRoutes(Supplier<Map<String, Proxier>> proxiers, Clock clock) {
    this.proxiers = proxiers;
    this.clock = clock;
  }

  public void mount(Router router) {
    router.get("/iptables-save").handler(this::save);
    router.get("/iptables-trace").handler(this::trace);
  }

  private void save(RoutingContext ctx) {
    RuleSet rules = rules(ctx);
    if (rules == null) {
      return;
    }
    String table = ctx.request().getParam("table", "");
    try {
      String text =
          table.isEmpty()
              ? IptablesSave.render(rules, clock.instant())
              : IptablesSave.render(rules, table, clock.instant());
      text(ctx, 200, text);
    } catch (IptablesSave.UnknownTableException e) {
      text(ctx, 400, "iptables-save: " + e.getMessage() + "\n");
    }
  }

  private void trace(RoutingContext ctx) {
    RuleSet rules = rules(ctx);
    if (rules == null) {
      return;
    }
    String destination = ctx.request().getParam("destination", "");
    String port = ctx.request().getParam("port", "");
    if (destination.isEmpty() || !port.matches("\\d{1,5}")) {
      text(
          ctx,
          400,
          "usage: iptables-trace [SOURCE] DESTINATION PORT [tcp|udp|sctp] [external|pod|node]\n");
      return;
    }
    Origin origin;
    try {
      origin =
          Origin.valueOf(ctx.request().getParam("origin", "external").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      text(ctx, 400, "origin: external, pod or node\n");
      return;
    }
    String source = ctx.request().getParam("source", "");
    if (source.isEmpty()) {
      // a client outside the cluster, or the node itself, or a pod of the node's range
      source =
          switch (origin) {
            case EXTERNAL -> "203.0.113.1";
            case NODE -> rules.nodeIps().isEmpty() ? "127.0.0.1" : rules.nodeIps().get(0);
            case POD -> "10.244.0.100";
          };
    }
    try {
      Packet packet =
          new Packet(
              source,
              destination,
              Integer.parseInt(port),
              ctx.request().getParam("protocol", "tcp"),
              origin);
      text(ctx, 200, TraceText.render(PacketTracer.trace(rules, packet)));
    } catch (IllegalArgumentException e) {
      text(ctx, 400, "iptables-trace: " + e.getMessage() + "\n");
    }
  }

  /** The rules of the asked node (the only one when not asked), or an answer saying why not. */
  private RuleSet rules(RoutingContext ctx) {
    Map<String, Proxier> all = proxiers.get();
    String node = ctx.request().getParam("node", "");
    if (node.isEmpty() && all.size() == 1) {
      node = all.keySet().iterator().next();
    }
    Proxier proxier = all.get(node);
    if (proxier == null) {
      text(
          ctx,
          404,
          "no kube-proxy here for node \""
              + node
              + "\"; nodes: "
              + List.copyOf(all.keySet())
              + "\n");
      return null;
    }
    if (proxier.rules() == null) {
      text(ctx, 503, node + ": the rules are not synced yet\n");
      return null;
    }
    return proxier.rules();
  }

  private static void text(RoutingContext ctx, int code, String body) {
    ctx.response()
        .setStatusCode(code)
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .end(body);
  }
}

package io.kubesim.kubelet.pods;

import io.kubesim.core.Addresses;
import io.kubesim.core.api.ApiException;
import io.kubesim.core.api.Status;
import io.kubesim.core.client.ApiCall;
import io.kubesim.core.client.ApiReply;
import io.kubesim.core.json.Json;
import io.kubesim.kubelet.PodSim;
import io.kubesim.kubelet.logs.ContainerLog;
import io.kubesim.kubelet.logs.LogTarget;
import io.kubesim.kubelet.runtime.ContainerSim;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kubelet's {@code containerLogs} endpoint on the event bus: the apiserver forwards {@code GET
 * .../pods/<name>/log} to {@code kubesim.kubelet.<node>} as an {@link ApiCall}; the answer is the
 * log text, or with {@code follow=true} a stream (see {@link ApiCall#STREAM_ADDRESS}). exec and
 * attach, sent to the same address, go to the {@link ExecEndpoint}.
 */
public final class LogService {
  /** How often a follower asks whether its reader is still there. */
  static final long PING_MILLIS = 10_000;

  private final Vertx vertx;
  private final PodManager pods;
  private final java.time.Clock clock;
  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
  private final Map<String, Runnable> follows = new ConcurrentHashMap<>();
  private final ExecEndpoint exec;

  public LogService(Vertx vertx, PodManager pods, java.time.Clock clock) {
    this.vertx = vertx;
    this.pods = pods;
    this.clock = clock;
    this.exec = new ExecEndpoint(vertx, pods);
  }

  public Future<Void> register(Iterable<String> nodes) {
    List<Future<Void>> done = new ArrayList<>();
    for (String node : nodes) {
      MessageConsumer<JsonObject> c =
          vertx.eventBus().consumer(Addresses.KUBELET_PREFIX + node, m -> handle(node, m));
      consumers.add(c);
      done.add(c.completion());
    }
    return Future.all(done).mapEmpty();
  }

  public Future<Void> stop() {
    exec.stop();
    follows.values().forEach(Runnable::run);
    follows.clear();
    return Future.all(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
  }

  private void handle(String node, Message<JsonObject> message) {
    JsonObject body = message.body();
    if (body.containsKey("cancel")) {
      Runnable stop = follows.remove(body.getString("cancel"));
      if (stop != null) {
        stop.run();
      }
      return;
    }
    ApiCall call = ApiCall.fromJson(body);
    if (ExecEndpoint.accepts(call)) {
      exec.handle(node, call, message);
      return;
    }
    try {
      message.reply(serve(node, call).toJson());
    } catch (ApiException e) {
      message.reply(new ApiReply(e.code(), "application/json", Json.bytes(e.status())).toJson());
    }
  }

  /** {@code /api/v1/namespaces/<ns>/pods/<name>/log}. */
  private ApiReply serve(String node, ApiCall call) {
    String[] parts = call.path().split("/");
    if (parts.length != 8 || !parts[5].equals("pods") || !parts[7].equals("log")) {
      throw Status.pathNotFound();
    }
    String namespace = parts[4];
    String name = parts[6];
    PodWorker worker = pods.find(node, namespace, name);
    PodSim sim = worker == null ? null : worker.sim();
    if (sim == null) {
      throw Status.notFound("pods", name);
    }
    String container = param(call, "container");
    if (container == null || container.isEmpty()) {
      if (sim.app().size() != 1) {
        throw Status.badRequest(
            "a container name must be specified for pod "
                + name
                + ", choose one of: "
                + names(sim.app()));
      }
      container = sim.app().get(0).name();
    }
    ContainerSim c;
    try {
      c = sim.container(container);
    } catch (IllegalArgumentException e) {
      throw Status.badRequest("container " + container + " is not valid for pod " + name);
    }
    LogTarget.Choice choice = LogTarget.choose(c, name, flag(call, "previous"));
    if (!choice.ok()) {
      throw Status.badRequest(choice.error());
    }
    ContainerLog.Query query = query(call, clock.instant());
    ContainerLog log = worker.log(container);
    String address = call.headers().get(ApiCall.STREAM_ADDRESS);
    if (!flag(call, "follow") || address == null) {
      String text = log == null ? "" : log.read(choice.run(), query);
      return text(text == null ? "" : text);
    }
    if (log == null) {
      end(address);
      return text("");
    }
    follow(log, choice.run(), query, address);
    return text("");
  }

  private void follow(ContainerLog log, int run, ContainerLog.Query query, String address) {
    long[] ping = {-1};
    Runnable[] unsubscribe = {() -> {}};
    Runnable stop =
        () -> {
          vertx.cancelTimer(ping[0]);
          unsubscribe[0].run();
        };
    // Stream messages go out after the reply: the event bus keeps one sender's order per address.
    vertx.runOnContext(
        v -> {
          unsubscribe[0] =
              log.follow(
                  run,
                  query,
                  new ContainerLog.Follower() {
                    @Override
                    public void line(String rendered) {
                      vertx
                          .eventBus()
                          .send(address, Buffer.buffer(rendered.getBytes(StandardCharsets.UTF_8)));
                    }

                    @Override
                    public void end() {
                      follows.remove(address);
                      vertx.cancelTimer(ping[0]);
                      LogService.this.end(address);
                    }
                  });
          ping[0] =
              vertx.setPeriodic(
                  PING_MILLIS,
                  t ->
                      vertx
                          .eventBus()
                          .request(
                              address,
                              Buffer.buffer(),
                              new DeliveryOptions()
                                  .addHeader("ping", "true")
                                  .setSendTimeout(PING_MILLIS))
                          .onFailure(
                              e -> {
                                Runnable s = follows.remove(address);
                                if (s != null) {
                                  s.run();
                                }
                              }));
        });
    follows.put(address, stop);
  }

  private void end(String address) {
    vertx.eventBus().send(address, Buffer.buffer(), new DeliveryOptions().addHeader("end", "true"));
  }

  private static ApiReply text(String text) {
    return new ApiReply(200, "text/plain", text.getBytes(StandardCharsets.UTF_8));
  }

  private static String names(List<ContainerSim> containers) {
    return "[" + String.join(" ", containers.stream().map(ContainerSim::name).toList()) + "]";
  }

  private static String param(ApiCall call, String name) {
    List<String> v = call.query().get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  private static boolean flag(ApiCall call, String name) {
    String v = param(call, name);
    return "true".equals(v) || "1".equals(v);
  }

  /** PodLogOptions from the query: tailLines, sinceSeconds or sinceTime, timestamps, limitBytes. */
  static ContainerLog.Query query(ApiCall call, Instant now) {
    Integer tail = integer(param(call, "tailLines"), "tailLines");
    Instant since = null;
    String sinceSeconds = param(call, "sinceSeconds");
    String sinceTime = param(call, "sinceTime");
    if (sinceSeconds != null) {
      since = now.minusSeconds(integer(sinceSeconds, "sinceSeconds"));
    } else if (sinceTime != null) {
      try {
        since = Instant.parse(sinceTime);
      } catch (RuntimeException e) {
        throw Status.badRequest("invalid sinceTime: " + sinceTime);
      }
    }
    String limit = param(call, "limitBytes");
    return new ContainerLog.Query(
        flag(call, "previous"),
        flag(call, "timestamps"),
        tail,
        since,
        limit == null ? null : (long) integer(limit, "limitBytes"));
  }

  private static Integer integer(String value, String name) {
    if (value == null) {
      return null;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw Status.badRequest("invalid " + name + ": " + value);
    }
  }
}

package io.kubesim.kubelet.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubesim.core.client.ApiCall;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.ApiReply;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.net.PodNetwork;
import io.kubesim.core.quantity.Quantity;
import io.kubesim.kubelet.PodSim;
import io.kubesim.kubelet.exec.ContainerEnv;
import io.kubesim.kubelet.exec.ContainerRun;
import io.kubesim.kubelet.exec.ExecSession;
import io.kubesim.kubelet.exec.Machines;
import io.kubesim.kubelet.exec.PodHttp;
import io.kubesim.kubelet.image.ImageFiles;
import io.kubesim.kubelet.runtime.ContainerSim;
import io.kubesim.kubelet.shell.Machine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;

/**
 * The kubelet's exec and attach endpoints on the event bus: checks the request as the kubelet does
 * ({@code pod does not exist}, {@code container not found ("x")}), prepares what the process sees
 * (environment, files, machine) and starts an {@link ExecSession}, or an {@link AttachSession} on
 * the container's output.
 */
final class ExecEndpoint {
  private final Vertx vertx;
  private final PodManager pods;
  private final Shared shared;
  private final PodNetwork network;
  private final Map<String, Runnable> sessions = new ConcurrentHashMap<>();
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "kubelet-exec");
            t.setDaemon(true);
            return t;
          });

  ExecEndpoint(Vertx vertx, PodManager pods) {
    this.vertx = vertx;
    this.pods = pods;
    this.shared = pods.shared();
    this.network = PodNetwork.of(vertx);
  }

  static boolean accepts(ApiCall call) {
    return call.path().endsWith("/exec") || call.path().endsWith("/attach");
  }

  void stop() {
    sessions.values().forEach(Runnable::run);
    sessions.clear();
    threads.shutdownNow();
  }

  /** {@code /api/v1/namespaces/<ns>/pods/<name>/exec} (or attach). */
  void handle(String node, ApiCall call, Message<JsonObject> message) {
    String[] parts = call.path().split("/");
    PodWorker worker = parts.length == 8 ? pods.find(node, parts[4], parts[6]) : null;
    PodSim sim = worker == null ? null : worker.sim();
    if (sim == null) {
      reply(message, 404, "pod does not exist");
      return;
    }
    String name = param(call, "container");
    ContainerSim c = container(sim, name);
    if (c == null || !c.running()) {
      reply(message, 500, "container not found (\"" + (name == null ? "" : name) + "\")");
      return;
    }
    ExecSession.Options options = ExecSession.Options.parse(call.query());
    if (!options.stdin() && !options.stdout() && !options.stderr()) {
      reply(message, 400, "you must specify at least 1 of stdin, stdout, stderr");
      return;
    }
    String out = call.headers().get(ApiCall.STREAM_ADDRESS);
    if (call.path().endsWith("/attach")) {
      AttachSession attach = new AttachSession(vertx, worker, c, options, out, this::forget);
      // ^ the container's own output; no new process
      sessions.put(attach.address(), attach::kill);
      attach.listen().onSuccess(in -> reply(message, 200, in));
      return;
    }
    List<String> argv = call.query().getOrDefault("command", List.of());
    if (argv.isEmpty()) {
      reply(message, 400, "you must specify at least one command for the container");
      return;
    }
    Pod pod = ApiClient.as(worker.pod(), Pod.class);
    Container spec = c.spec().container();
    sources(pod, spec)
        .onComplete(
            found -> {
              ContainerEnv.Sources sources =
                  found.succeeded() ? found.result() : ContainerEnv.Sources.NONE;
              start(message, worker, pod, c, argv, options, out, sources);
            });
  }

  private void start(
      Message<JsonObject> message,
      PodWorker worker,
      Pod pod,
      ContainerSim c,
      List<String> argv,
      ExecSession.Options options,
      String out,
      ContainerEnv.Sources sources) {
    var config = worker.node().agent().config();
    Quantity memory = Quantity.parse(config.memory());
    Container spec = c.spec().container();
    Map<String, String> env =
        ContainerEnv.of(
            pod,
            spec,
            worker.podIp(),
            config.ip(),
            ImageFiles.env(spec.getImage()),
            sources,
            Quantity.parse(config.cpu()),
            memory);
    ContainerRun run = worker.run(c);
    int pid = run.started(argv);
    Map<Integer, List<String>> others = run.processes();
    Machine machine =
        Machines.of(pod, spec, worker.podIp(), env, others, memory.value().longValue());
    String[] key = new String[1];
    ExecSession session =
        new ExecSession(
            vertx,
            threads,
            out,
            argv,
            options,
            machine,
            run.files().view(),
            new PodHttp(network, worker.podIp(), pod.getSpec().getNodeName(), shared.api()),
            shared.clock(),
            pid,
            () -> {
              run.ended(pid);
              forget(key[0]);
            });
    session
        .listen()
        .onSuccess(
            in -> {
              key[0] = in;
              sessions.put(in, session::kill);
              run.onStop(pid, session::containerStopped);
              reply(message, 200, in);
            });
  }

  private void forget(String address) {
    if (address != null) {
      sessions.remove(address);
    }
  }

  /**
   * What the environment refers to, read from the API: the Services of the pod's namespace and the
   * {@code kubernetes} one, and the ConfigMaps and Secrets the container names.
   */
  private Future<ContainerEnv.Sources> sources(Pod pod, Container c) {
    String ns = pod.getMetadata().getNamespace();
    ApiClient api = shared.api();
    Future<List<JsonNode>> services =
        Future.all(
                api.list(ResourcePath.core("services").collection(ns), Map.of()),
                api.get(ResourcePath.core("services").item("default", "kubernetes"))
                    .recover(e -> Future.succeededFuture(null)))
            .map(
                all -> {
                  List<JsonNode> list = new ArrayList<>();
                  JsonNode items = ((JsonNode) all.resultAt(0)).path("items");
                  items.forEach(list::add);
                  JsonNode master = all.resultAt(1);
                  if (master != null && !ns.equals("default")) { // in default it is listed
                    list.add(master);
                  }
                  return list;
                });
    Map<String, JsonNode> configMaps = new ConcurrentHashMap<>();
    Map<String, JsonNode> secrets = new ConcurrentHashMap<>();
    List<Future<?>> reads = new ArrayList<>();
    for (String name : referenced(c, true)) {
      reads.add(
          api.get(ResourcePath.CONFIGMAPS.item(ns, name))
              .onSuccess(o -> configMaps.put(name, o))
              .recover(e -> Future.succeededFuture()));
    }
    for (String name : referenced(c, false)) {
      reads.add(
          api.get(ResourcePath.core("secrets").item(ns, name))
              .onSuccess(o -> secrets.put(name, o))
              .recover(e -> Future.succeededFuture()));
    }
    return Future.all(reads)
        .compose(v -> services)
        .map(list -> new ContainerEnv.Sources(list, configMaps, secrets));
  }

  private static Set<String> referenced(Container c, boolean configMaps) {
    Set<String> names = new LinkedHashSet<>();
    for (EnvVar v : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
      var from = v.getValueFrom();
      if (from != null && configMaps && from.getConfigMapKeyRef() != null) {
        names.add(from.getConfigMapKeyRef().getName());
      } else if (from != null && !configMaps && from.getSecretKeyRef() != null) {
        names.add(from.getSecretKeyRef().getName());
      }
    }
    for (EnvFromSource from : c.getEnvFrom() == null ? List.<EnvFromSource>of() : c.getEnvFrom()) {
      if (configMaps && from.getConfigMapRef() != null) {
        names.add(from.getConfigMapRef().getName());
      } else if (!configMaps && from.getSecretRef() != null) {
        names.add(from.getSecretRef().getName());
      }
    }
    return names;
  }

  /** The named container, or the pod's first when none is named (the apiserver checked it). */
  private static ContainerSim container(PodSim sim, String name) {
    if (name == null || name.isEmpty()) {
      return sim.app().isEmpty() ? null : sim.app().get(0);
    }
    for (ContainerSim c : sim.app()) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    for (ContainerSim c : sim.init()) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    return null;
  }

  private static String param(ApiCall call, String name) {
    List<String> v = call.query().get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** The kubelet's HTTP answer: plain text, as its streaming server writes errors. */
  private static void reply(Message<JsonObject> message, int code, String text) {
    message.reply(
        new ApiReply(code, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8))
            .toJson());
  }
}

package io.kubesim.console.chaos;

import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The page's experiments on the compose cluster, through the Docker Engine API, as {@code
 * deploy/chaos} does them from a shell: {@code kill-node} kills the node's container (a manual
 * stop, so it stays down), {@code kill} kills a service's container and starts it again as its
 * restart policy would, {@code partition} flips the kubelet's switch from inside the node's
 * container (the switch listens to loopback only), {@code heal} undoes either.
 *
 * <p>Only where the console is given the engine's socket ({@code KUBESIM_CHAOS_DOCKER_HOST}, set by
 * {@code deploy/compose.chaos.yml}): whoever holds that socket is root on the host, so the plain
 * {@code docker-compose.yml} does not mount it.
 */
final class DockerChaos implements ChaosRunner {
  private static final Pattern NODE = Pattern.compile("kubesim-(control-plane|worker[0-9]*)");
  private static final Pattern OWN_ID = Pattern.compile("/containers/([0-9a-f]{64})/");
  private static final String SWITCH = "http://127.0.0.1:10250/chaos";

  private final DockerEngine engine;
  private final String project;

  DockerChaos(DockerEngine engine, String project) {
    this.engine = engine;
    this.project = project;
  }

  /** The runner {@code KUBESIM_CHAOS_DOCKER_HOST} asks for, if it does. */
  static Optional<ChaosRunner> fromEnv(Map<String, String> env) {
    String host = env.getOrDefault("KUBESIM_CHAOS_DOCKER_HOST", "").trim();
    if (host.isEmpty()) {
      return Optional.empty();
    }
    DockerEngine engine =
        new DockerEngine(
            new ZerodepDockerHttpClient.Builder().dockerHost(URI.create(host)).build());
    String project = env.getOrDefault("KUBESIM_CHAOS_COMPOSE_PROJECT", "").trim();
    return Optional.of(new DockerChaos(engine, project));
  }

  @Override
  public boolean available() {
    return true;
  }

  @Override
  public boolean reportsItself() {
    return false;
  }

  @Override
  public Result run(List<String> args) throws IOException {
    String verb = args.get(0);
    String target = args.size() > 1 ? args.get(1) : "";
    List<DockerEngine.Container> all = engine.containers(project());
    return switch (verb) {
      case "kill-node" -> killNode(node(all, target));
      case "kill" -> kill(all, target);
      case "partition" -> partition(node(all, target), target);
      case "heal" -> heal(all, target);
      default -> new Result(2, "unknown experiment '" + verb + "'");
    };
  }

  private Result killNode(DockerEngine.Container node) throws IOException {
    engine.kill(node.id());
    return ok("node " + node.service() + " is down until: heal " + node.service());
  }

  private Result kill(List<DockerEngine.Container> all, String target) throws IOException {
    if ("console".equals(target) || "prometheus".equals(target)) {
      return new Result(2, "'" + target + "' is not a part of the cluster to kill from here");
    }
    DockerEngine.Container c = container(all, target);
    engine.kill(c.id());
    engine.start(c.id());
    return ok(
        "killed " + target + " and started it again, as its restart policy does after a crash");
  }

  private Result partition(DockerEngine.Container node, String target) throws IOException {
    if (!node.running()) {
      return new Result(1, target + " is down; heal it first");
    }
    DockerEngine.Exec cut = flip(node, "partition");
    if (cut.exitCode() != 0) {
      return new Result(1, target + "'s kubelet did not take the partition: " + cut.output());
    }
    return ok("partitioned " + target + ": its kubelet no longer reaches the apiserver");
  }

  private Result heal(List<DockerEngine.Container> all, String target) throws IOException {
    List<DockerEngine.Container> nodes = new ArrayList<>();
    if (target.isEmpty()) {
      all.stream().filter(c -> NODE.matcher(c.service()).matches()).forEach(nodes::add);
    } else {
      nodes.add(node(all, target));
    }
    StringBuilder out = new StringBuilder();
    for (DockerEngine.Container node : nodes) {
      if (!node.running()) {
        engine.start(node.id());
        out.append("started ").append(node.service()).append('\n');
      } else if (engine
          .exec(node.id(), curl("GET", SWITCH))
          .output()
          .contains("\"partitioned\":true")) {
        DockerEngine.Exec healed = flip(node, "heal");
        if (healed.exitCode() != 0) {
          return new Result(1, out + node.service() + " did not heal: " + healed.output());
        }
        out.append("healed the partition of ").append(node.service()).append('\n');
      }
    }
    return ok(out.toString().trim());
  }

  private DockerEngine.Exec flip(DockerEngine.Container node, String to) throws IOException {
    return engine.exec(node.id(), curl("POST", SWITCH + "/" + to));
  }

  private static List<String> curl(String method, String url) {
    return List.of("curl", "-fsS", "-X", method, url);
  }

  private static DockerEngine.Container node(List<DockerEngine.Container> all, String name)
      throws IOException {
    return find(all, NODE.matcher(name).matches() ? name : null)
        .orElseThrow(
            () -> new NoSuchTarget("no node named '" + name + "' (known: " + nodes(all) + ")"));
  }

  private static DockerEngine.Container container(List<DockerEngine.Container> all, String name)
      throws IOException {
    return find(all, name).orElseThrow(() -> new NoSuchTarget("no service named '" + name + "'"));
  }

  private static Optional<DockerEngine.Container> find(
      List<DockerEngine.Container> all, String service) {
    return all.stream().filter(c -> c.service().equals(service)).findFirst();
  }

  private static String nodes(List<DockerEngine.Container> all) {
    return String.join(
        " ",
        all.stream()
            .map(DockerEngine.Container::service)
            .filter(s -> NODE.matcher(s).matches())
            .sorted()
            .toList());
  }

  /** The project named in the environment, or the one of the console's own container. */
  private String project() throws IOException {
    if (!project.isEmpty()) {
      return project;
    }
    Matcher own = OWN_ID.matcher(Files.readString(Path.of("/proc/self/mountinfo")));
    if (!own.find()) {
      throw new IOException(
          "cannot tell this console's container (set KUBESIM_CHAOS_COMPOSE_PROJECT)");
    }
    return engine.project(own.group(1));
  }

  private static Result ok(String output) {
    return new Result(0, output);
  }

  /** A target the cluster does not have: the page's mistake, not the engine's. */
  static final class NoSuchTarget extends IOException {
    NoSuchTarget(String message) {
      super(message);
    }
  }
}

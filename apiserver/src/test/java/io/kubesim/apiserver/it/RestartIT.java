package io.kubesim.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubesim.core.json.Json;
import io.kubesim.core.net.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The shaded apiserver jar as its own process: SIGKILLed and started again on the same data
 * directory, it comes back with every object, uid and the resourceVersion counter; its watch
 * history is small (50 events), so resuming from before it gets 410 Expired.
 */
class RestartIT {
  private static Path dataDir;
  private static Path log;
  private static int clusterPort;
  private static String clusterName;
  private static Process process;
  private static Http http;

  @BeforeAll
  static void setUp() throws IOException {
    dataDir = Files.createTempDirectory("kubesim-restart");
    log = Files.createTempFile("kubesim-restart", ".log");
    clusterPort = FreePorts.free(); // the first tried: Hazelcast takes the next if taken
    clusterName = "restart-" + UUID.randomUUID();
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
    System.out.println("restart IT apiserver log: " + log);
    if (dataDir != null) {
      try (var files = Files.walk(dataDir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static Path jar() {
    Path dir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    for (Path candidate :
        List.of(
            dir.resolve("target/kubesim-apiserver.jar"),
            dir.resolve("apiserver/target/kubesim-apiserver.jar"))) {
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("no shaded jar under " + dir + ": run mvn package first");
  }

  /**
   * Starts the jar on the data directory, on an API port found free just before (a restart may get
   * another: this test is about the data); again on a fresh one if another process took it first.
   */
  private static void start() throws Exception {
    process = FreePorts.retryOnBind(RestartIT::startOnFreePort);
  }

  private static Process startOnFreePort() throws Exception {
    int apiPort = FreePorts.free();
    http = new Http("http://127.0.0.1:" + apiPort);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder =
        new ProcessBuilder(java.toString(), "-Xmx256m", "-jar", jar().toString());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("KUBESIM_"));
    env.put("KUBESIM_API_HOST", "127.0.0.1");
    env.put("KUBESIM_API_PORT", Integer.toString(apiPort));
    env.put("KUBESIM_DATA_DIR", dataDir.toString());
    env.put("KUBESIM_CLUSTER_NAME", clusterName);
    env.put("KUBESIM_CLUSTER_HOST", "127.0.0.1");
    env.put("KUBESIM_CLUSTER_PORT", Integer.toString(clusterPort));
    env.put("KUBESIM_CLUSTER_MEMBERS", "127.0.0.1:" + clusterPort);
    env.put("KUBESIM_CLUSTER_BACKUPS", "0");
    env.put("KUBESIM_WATCH_HISTORY", "50");
    env.put("KUBESIM_API_TLS", "false"); // plain HTTP, explicitly: this test is about storage
    builder
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    long logged = Files.size(log);
    process = builder.start();
    Process started = process;
    try {
      await("apiserver ready (log: " + log + ")")
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(250))
          .ignoreExceptions()
          .failFast("apiserver process exited", () -> !started.isAlive())
          .until(
              () ->
                  new String(http.get("/readyz").body(), StandardCharsets.UTF_8)
                      .trim()
                      .equals("ok"));
    } catch (RuntimeException e) {
      if (!started.isAlive()) {
        byte[] all = Files.readAllBytes(log);
        FreePorts.failIfBindFailedIn(
            new String(all, (int) logged, all.length - (int) logged, StandardCharsets.UTF_8));
      }
      throw e;
    }
    return started;
  }

  private static void kill() throws InterruptedException {
    long pid = process.pid();
    process.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no flush
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("process %d died", pid).isTrue();
    assertThat(process.isAlive()).isFalse();
    assertThat(process.exitValue()).as("killed by SIGKILL (128 + 9)").isEqualTo(137);
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  private static ObjectNode named(String apiVersion, String kind, String name) {
    ObjectNode o = Json.object().put("apiVersion", apiVersion).put("kind", kind);
    o.putObject("metadata").put("name", name).putObject("labels").put("restart", "yes");
    return o;
  }

  /** POSTs every object, returning its path -> created object. */
  private static Map<String, ObjectNode> createObjects() {
    Map<String, ObjectNode> created = new LinkedHashMap<>();
    for (int n = 0; n < 3; n++) {
      String ns = "restart-" + n;
      created.put(
          "/api/v1/namespaces/" + ns,
          http.create("/api/v1/namespaces", named("v1", "Namespace", ns)));
      String core = "/api/v1/namespaces/" + ns;
      String apps = "/apis/apps/v1/namespaces/" + ns;
      for (int i = 0; i < 2; i++) {
        ObjectNode cm = named("v1", "ConfigMap", "cm-" + i);
        cm.putObject("data").put("index", Integer.toString(i)).put("ns", ns);
        created.put(core + "/configmaps/cm-" + i, http.create(core + "/configmaps", cm));

        ObjectNode secret = named("v1", "Secret", "secret-" + i);
        secret.put("type", "Opaque").putObject("data").put("token", "dG9rZW4=");
        created.put(core + "/secrets/secret-" + i, http.create(core + "/secrets", secret));

        ObjectNode svc = named("v1", "Service", "svc-" + i);
        ObjectNode spec = svc.putObject("spec");
        spec.putObject("selector").put("app", "a" + i);
        spec.putArray("ports").addObject().put("port", 80 + i).put("protocol", "TCP");
        created.put(core + "/services/svc-" + i, http.create(core + "/services", svc));

        ObjectNode deploy = named("apps/v1", "Deployment", "deploy-" + i);
        ObjectNode dspec = deploy.putObject("spec").put("replicas", i + 1);
        dspec.putObject("selector").putObject("matchLabels").put("app", "d" + i);
        ObjectNode template = dspec.putObject("template");
        template.putObject("metadata").putObject("labels").put("app", "d" + i);
        template
            .putObject("spec")
            .putArray("containers")
            .addObject()
            .put("name", "c")
            .put("image", "nginx:1.27");
        created.put(apps + "/deployments/deploy-" + i, http.create(apps + "/deployments", deploy));
      }
      ObjectNode extra = named("v1", "ConfigMap", "extra");
      created.put(core + "/configmaps/extra", http.create(core + "/configmaps", extra));
    }
    return created;
  }

  @Test
  void killedProcessComesBackWithEveryObjectAndItsCounter() throws Exception {
    start();
    Map<String, ObjectNode> created = createObjects();
    assertThat(created).hasSize(30);
    long firstRv = created.values().stream().mapToLong(ReliabilityIT::rv).min().orElseThrow();

    // More than 50 events since firstRv: 30 creates + 30 updates.
    Map<String, JsonNode> latest = new LinkedHashMap<>();
    for (String path : created.keySet()) {
      ObjectNode current = http.getObject(path);
      ((ObjectNode) current.get("metadata")).putObject("annotations").put("touched", "once");
      ObjectNode updated = http.put(path, current);
      assertThat(updated.path("metadata").path("uid").asString())
          .isEqualTo(created.get(path).path("metadata").path("uid").asString());
    }
    for (String path : created.keySet()) {
      latest.put(path, http.getObject(path));
    }
    long maxRv = latest.values().stream().mapToLong(ReliabilityIT::rv).max().orElseThrow();

    // History holds 50 events: firstRv is long gone -> 410 as one ERROR event; a recent one works.
    assertExpired("/api/v1/namespaces/restart-0/configmaps", firstRv);
    String lastCm = "/api/v1/namespaces/restart-2/configmaps";
    long recent = ReliabilityIT.rv(latest.get(lastCm + "/cm-0")) - 1;
    Http.WatchResult resumed =
        http.watch(
            lastCm + "?watch=true&timeoutSeconds=1&resourceVersion=" + recent,
            Duration.ofSeconds(30));
    assertThat(resumed.status()).isEqualTo(200);
    assertThat(resumed.lines()).isNotEmpty();
    assertThat(resumed.lines()).noneMatch(l -> l.contains("\"ERROR\""));

    kill();
    start();

    for (Map.Entry<String, JsonNode> e : latest.entrySet()) {
      ObjectNode after = http.getObject(e.getKey());
      assertThat(after).as(e.getKey()).isEqualTo(e.getValue());
      assertThat(after.path("metadata").path("uid").asString())
          .isEqualTo(created.get(e.getKey()).path("metadata").path("uid").asString());
    }
    List<String> namespaces = new ArrayList<>();
    http.getObject("/api/v1/namespaces")
        .path("items")
        .forEach(n -> namespaces.add(n.path("metadata").path("name").asString()));
    assertThat(namespaces).contains("default", "restart-0", "restart-1", "restart-2");

    // The counter survived: a new write is newer than anything before the kill.
    ObjectNode fresh = named("v1", "ConfigMap", "after-restart");
    long newRv = ReliabilityIT.rv(http.create("/api/v1/namespaces/restart-0/configmaps", fresh));
    assertThat(newRv).isGreaterThan(maxRv);

    // Still 410 for the long-gone version after the restart.
    assertExpired("/api/v1/namespaces/restart-0/configmaps", firstRv);
  }

  private static void assertExpired(String collection, long rv) throws Exception {
    Http.WatchResult watch =
        http.watch(collection + "?watch=true&resourceVersion=" + rv, Duration.ofSeconds(30));
    assertThat(watch.status()).isEqualTo(200);
    assertThat(watch.lines()).as("one ERROR line, then the stream ends").hasSize(1);
    JsonNode event = Json.parse(watch.lines().get(0).getBytes(StandardCharsets.UTF_8));
    assertThat(event.path("type").asString()).isEqualTo("ERROR");
    JsonNode status = event.path("object");
    assertThat(status.path("kind").asString()).isEqualTo("Status");
    assertThat(status.path("code").asInt()).isEqualTo(410);
    assertThat(status.path("reason").asString()).isEqualTo("Expired");
  }
}

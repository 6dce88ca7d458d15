package io.kubesim.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubesim.core.json.Json;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The real kubectl (the machine's dispatcher picks the binary matching the server's v1.32.5) run as
 * a subprocess against the shared apiserver. Every expectation is what a real cluster prints. Each
 * test works in its own namespace.
 */
class KubectlIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static Kubectl kubectl;

  @BeforeAll
  static void setUp() {
    TestCluster.server();
    kubectl = new Kubectl();
  }

  @AfterAll
  static void tearDown() {
    kubectl.close();
  }

  // ---------------------------------------------------------------- helpers

  private static Kubectl.Result ok(String... args) {
    Kubectl.Result result = kubectl.run(args);
    assertThat(result.exitCode()).as("kubectl %s\n%s", String.join(" ", args), result).isZero();
    return result;
  }

  private static Kubectl.Result okWithInput(String stdin, String... args) {
    Kubectl.Result result = kubectl.runWithInput(stdin, args);
    assertThat(result.exitCode()).as("kubectl %s\n%s", String.join(" ", args), result).isZero();
    return result;
  }

  private static Kubectl.Result fails(String... args) {
    Kubectl.Result result = kubectl.run(args);
    assertThat(result.exitCode()).as("kubectl %s\n%s", String.join(" ", args), result).isEqualTo(1);
    return result;
  }

  private static String namespace(String name) {
    assertThat(ok("create", "namespace", name).stdout())
        .isEqualTo("namespace/" + name + " created\n");
    return name;
  }

  private static List<String> lines(String text) {
    return text.lines().filter(l -> !l.isBlank()).toList();
  }

  /** The cells of a table line; kubectl pads columns with at least three spaces. */
  private static List<String> cells(String line) {
    return Arrays.asList(line.trim().split("\\s{2,}"));
  }

  private static List<String> header(String table) {
    return cells(lines(table).get(0));
  }

  /** The row whose cell {@code column} equals {@code value}. */
  private static List<String> row(String table, int column, String value) {
    Optional<List<String>> found =
        lines(table).stream()
            .skip(1)
            .map(KubectlIT::cells)
            .filter(c -> c.size() > column && c.get(column).equals(value))
            .findFirst();
    assertThat(found).as("row %s in\n%s", value, table).isPresent();
    return found.get();
  }

  private static String jsonpath(String ns, String resource, String path) {
    return ok("get", resource, "-n", ns, "-o", "jsonpath=" + path).stdout();
  }

  private static String deployment(int replicas, String labels, String env) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels:
        %s
        spec:
          replicas: %d
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
              - name: web
                image: nginx:1.27
                ports:
                - containerPort: 80
                  name: http
                env:
        %s
        """
        .formatted(labels, replicas, env);
  }

  private static final String LABELS_V1 = "    app: web\n    team: a";
  private static final String LABELS_V2 = "    app: web\n    team: a\n    extra: x";
  private static final String LABELS_V3 = "    app: web\n    extra: x";
  private static final String ENV_V1 =
      "          - name: A\n            value: \"1\"\n          - name: B\n            value: \"2\"";
  private static final String ENV_V3 = "          - name: A\n            value: \"1\"";

  private static String applyWeb(String ns) {
    String yaml = deployment(3, LABELS_V1, ENV_V1);
    assertThat(okWithInput(yaml, "apply", "-n", ns, "-f", "-").stdout())
        .isEqualTo("deployment.apps/web created\n");
    return yaml;
  }

  private static String configMapYaml(String name, String... data) {
    StringBuilder yaml =
        new StringBuilder(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: %s\n  labels:\n    app: %s\ndata:\n"
                .formatted(name, name));
    for (int i = 0; i < data.length; i += 2) {
      yaml.append("  ").append(data[i]).append(": \"").append(data[i + 1]).append("\"\n");
    }
    return yaml.toString();
  }

  // ---------------------------------------------------------------- 1-3: version and discovery

  @Test
  void versionReportsTheServerVersion() {
    Kubectl.Result result = ok("version");
    assertThat(result.stdout()).contains("Server Version: v1.32.5");
    assertThat(result.stderr()).doesNotContain("WARNING");
  }

  @Test
  void apiResourcesListsNamesShortNamesGroupVersionsScopeAndKinds() {
    String table = ok("api-resources").stdout();
    assertThat(header(table))
        .containsExactly("NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND");
    assertThat(row(table, 0, "pods")).containsExactly("pods", "po", "v1", "true", "Pod");
    assertThat(row(table, 0, "namespaces"))
        .containsExactly("namespaces", "ns", "v1", "false", "Namespace");
    assertThat(row(table, 0, "services"))
        .containsExactly("services", "svc", "v1", "true", "Service");
    assertThat(row(table, 0, "deployments"))
        .containsExactly("deployments", "deploy", "apps/v1", "true", "Deployment");
    assertThat(row(table, 0, "cronjobs"))
        .containsExactly("cronjobs", "cj", "batch/v1", "true", "CronJob");
    assertThat(row(table, 0, "ingresses"))
        .containsExactly("ingresses", "ing", "networking.k8s.io/v1", "true", "Ingress");
    // leases have no short name: the SHORTNAMES cell is empty, so the row has four cells
    assertThat(row(table, 0, "leases"))
        .containsExactly("leases", "coordination.k8s.io/v1", "true", "Lease");
    assertThat(row(table, 0, "configmaps"))
        .containsExactly("configmaps", "cm", "v1", "true", "ConfigMap");
  }

  @Test
  void apiVersionsListsTheGroupVersions() {
    List<String> versions = lines(ok("api-versions").stdout());
    assertThat(versions)
        .contains(
            "v1",
            "apps/v1",
            "batch/v1",
            "networking.k8s.io/v1",
            "storage.k8s.io/v1",
            "discovery.k8s.io/v1",
            "coordination.k8s.io/v1",
            "events.k8s.io/v1");
    assertThat(versions).isSorted();
  }

  // ---------------------------------------------------------------- 4: namespaces

  @Test
  void eventsWrittenThroughEitherEventApiAreListedThroughBoth() {
    String ns = namespace("kc-events");
    okWithInput(
        """
        apiVersion: v1
        kind: Event
        metadata: {name: web-1.a}
        involvedObject: {kind: Pod, name: web-1, namespace: kc-events}
        reason: Started
        message: Started container nginx
        type: Normal
        count: 1
        source: {component: kubelet, host: node-1}
        """,
        "create",
        "-n",
        ns,
        "-f",
        "-");
    okWithInput(
        """
        apiVersion: events.k8s.io/v1
        kind: Event
        metadata: {name: web-1.b}
        eventTime: "2026-11-26T10:00:00.000000Z"
        regarding: {kind: Pod, name: web-1, namespace: kc-events}
        reason: Scheduled
        action: Binding
        note: Successfully assigned kc-events/web-1 to node-1
        type: Normal
        reportingController: default-scheduler
        reportingInstance: default-scheduler-node-1
        """,
        "create",
        "-n",
        ns,
        "-f",
        "-");

    assertThat(
            ok("get", "events.events.k8s.io", "-n", ns, "-o", "jsonpath={.items[*].note}").stdout())
        .contains("Started container nginx")
        .contains("Successfully assigned kc-events/web-1 to node-1");
    assertThat(ok("get", "events", "-n", ns, "-o", "jsonpath={.items[*].message}").stdout())
        .contains("Started container nginx")
        .contains("Successfully assigned kc-events/web-1 to node-1");
    assertThat(
            ok(
                    "get",
                    "events.v1.events.k8s.io",
                    "web-1.a",
                    "-n",
                    ns,
                    "-o",
                    "jsonpath={.regarding.name}")
                .stdout())
        .isEqualTo("web-1");
    assertThat(ok("get", "events.events.k8s.io", "-n", ns).stdout())
        .contains("Started")
        .contains("Scheduled");
    Kubectl.Result invalid =
        kubectl.runWithInput(
            """
            apiVersion: events.k8s.io/v1
            kind: Event
            metadata: {name: web-1.c}
            regarding: {kind: Pod, name: web-1, namespace: kc-events}
            reason: Started
            action: Start
            type: Normal
            reportingController: kubelet
            reportingInstance: node-1
            deprecatedCount: 2
            """,
            "create",
            "-n",
            ns,
            "-f",
            "-");
    assertThat(invalid.exitCode()).isEqualTo(1);
    assertThat(invalid.stderr())
        .contains("The Event \"web-1.c\" is invalid")
        .contains("eventTime: Required value")
        .contains("count: Invalid value: \"\": needs to be unset");
    ok("delete", "events.events.k8s.io", "web-1.a", "-n", ns);
    assertThat(ok("get", "events", "-n", ns, "-o", "name").stdout()).doesNotContain("web-1.a");
  }

  @Test
  void namespaceLifecycle() {
    String ns = namespace("kc-ns");

    String table = ok("get", "ns", ns).stdout();
    assertThat(header(table)).containsExactly("NAME", "STATUS", "AGE");
    assertThat(row(table, 0, ns)).hasSize(3).startsWith(ns, "Active");
    assertThat(row(table, 0, ns).get(2)).matches("\\d+s");

    String described = ok("describe", "ns", ns).stdout();
    assertThat(described).containsPattern("(?m)^Name:\\s+" + ns + "$");
    assertThat(described).containsPattern("(?m)^Status:\\s+Active$");

    Kubectl.Result again = fails("create", "namespace", ns);
    assertThat(again.stderr())
        .contains("Error from server (AlreadyExists): namespaces \"" + ns + "\" already exists");

    // Emptying and finalizing the namespace is the controller-manager's namespace controller's
    // work (its own tests cover it); without it, the namespace stays Terminating.
    assertThat(ok("delete", "ns", ns, "--wait=false").stdout())
        .isEqualTo("namespace \"" + ns + "\" deleted\n");
    assertThat(row(ok("get", "ns", ns).stdout(), 0, ns)).startsWith(ns, "Terminating");
  }

  // ---------------------------------------------------------------- 5: apply

  @Test
  void applyCreatesLeavesUnchangedConfiguresAndRemovesFields() {
    String ns = namespace("kc-apply");
    String v1 = applyWeb(ns);
    assertThat(okWithInput(v1, "apply", "-n", ns, "-f", "-").stdout())
        .isEqualTo("deployment.apps/web unchanged\n");

    String v2 = deployment(4, LABELS_V2, ENV_V1);
    assertThat(okWithInput(v2, "apply", "-n", ns, "-f", "-").stdout())
        .isEqualTo("deployment.apps/web configured\n");
    assertThat(jsonpath(ns, "deploy/web", "{.spec.replicas}")).isEqualTo("4");
    assertThat(jsonpath(ns, "deploy/web", "{.metadata.labels.extra}")).isEqualTo("x");
    assertThat(jsonpath(ns, "deploy/web", "{.metadata.labels.team}")).isEqualTo("a");

    String v3 = deployment(4, LABELS_V3, ENV_V3);
    assertThat(okWithInput(v3, "apply", "-n", ns, "-f", "-").stdout())
        .isEqualTo("deployment.apps/web configured\n");
    JsonNode web =
        Json.parse(ok("get", "deploy", "web", "-n", ns, "-o", "json").stdout().getBytes());
    assertThat(web.at("/metadata/labels").propertyNames())
        .containsExactlyInAnyOrder("app", "extra");
    JsonNode container = web.at("/spec/template/spec/containers/0");
    assertThat(container.get("env").size()).isEqualTo(1);
    assertThat(container.at("/env/0/name").asString()).isEqualTo("A");
    assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(80);
    assertThat(
            web.at("/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration")
                .asString())
        .contains("\"extra\":\"x\"")
        .doesNotContain("\"team\"");
  }

  // ---------------------------------------------------------------- 6: get in every format

  @Test
  void getPrintsEveryOutputFormat() {
    String ns = namespace("kc-get");
    applyWeb(ns);
    ok("create", "configmap", "web", "-n", ns, "--from-literal=a=1", "--from-literal=b=2");
    ok("label", "configmap", "web", "-n", ns, "app=web");

    String deployTable = ok("get", "deploy", "-n", ns).stdout();
    assertThat(lines(deployTable).get(0)).startsWith("NAME   READY   UP-TO-DATE   AVAILABLE   AGE");
    assertThat(header(deployTable))
        .containsExactly("NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE");
    assertThat(row(deployTable, 0, "web").get(1)).endsWith("/3");

    String cmTable = ok("get", "cm", "web", "-n", ns).stdout();
    assertThat(header(cmTable)).containsExactly("NAME", "DATA", "AGE");
    assertThat(row(cmTable, 0, "web").subList(0, 2)).containsExactly("web", "2");

    String wide = ok("get", "deploy", "web", "-n", ns, "-o", "wide").stdout();
    assertThat(header(wide))
        .containsExactly(
            "NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE", "CONTAINERS", "IMAGES", "SELECTOR");
    assertThat(row(wide, 0, "web").subList(5, 8)).containsExactly("web", "nginx:1.27", "app=web");

    JsonNode yaml = Json.YAML.readTree(ok("get", "deploy", "web", "-n", ns, "-o", "yaml").stdout());
    assertThat(yaml.at("/apiVersion").asString()).isEqualTo("apps/v1");
    assertThat(yaml.at("/kind").asString()).isEqualTo("Deployment");
    assertThat(yaml.at("/metadata/namespace").asString()).isEqualTo(ns);
    assertThat(yaml.at("/spec/replicas").asInt()).isEqualTo(3);
    assertThat(yaml.at("/spec/template/spec/containers/0/image").asString())
        .isEqualTo("nginx:1.27");
    assertThat(yaml.at("/metadata/uid").asString()).isNotBlank();

    JsonNode cmYaml = Json.YAML.readTree(ok("get", "cm", "web", "-n", ns, "-o", "yaml").stdout());
    assertThat(cmYaml.at("/data/a").asString()).isEqualTo("1");
    assertThat(cmYaml.at("/data/b").asString()).isEqualTo("2");

    JsonNode json = Json.parse(ok("get", "cm", "web", "-n", ns, "-o", "json").stdout().getBytes());
    assertThat(json.at("/kind").asString()).isEqualTo("ConfigMap");
    assertThat(json.at("/metadata/labels/app").asString()).isEqualTo("web");
    JsonNode list = Json.parse(ok("get", "deploy", "-n", ns, "-o", "json").stdout().getBytes());
    assertThat(list.at("/kind").asString()).isEqualTo("List");
    assertThat(list.at("/items/0/metadata/name").asString()).isEqualTo("web");

    JsonNode single =
        Json.parse(ok("get", "deploy", "web", "-n", ns, "-o", "json").stdout().getBytes());
    assertThat(single.at("/kind").asString()).isEqualTo("Deployment");
    assertThat(single.at("/spec/selector/matchLabels/app").asString()).isEqualTo("web");
    assertThat(single.at("/metadata/generation").asInt()).isEqualTo(1);

    String cmWide = ok("get", "cm", "web", "-n", ns, "-o", "wide").stdout();
    assertThat(header(cmWide)).containsExactly("NAME", "DATA", "AGE");

    assertThat(jsonpath(ns, "deploy/web", "{.metadata.name}")).isEqualTo("web");
    assertThat(jsonpath(ns, "cm/web", "{.data.b}")).isEqualTo("2");
    assertThat(
            ok("get", "cm", "-n", ns, "-l", "app=web", "-o", "jsonpath={.items[*].metadata.name}")
                .stdout())
        .isEqualTo("web");
    assertThat(ok("get", "deploy", "-n", ns, "-o", "name").stdout())
        .isEqualTo("deployment.apps/web\n");
    assertThat(ok("get", "cm", "web", "-n", ns, "-o", "name").stdout())
        .isEqualTo("configmap/web\n");

    String all = ok("get", "deploy", "-A").stdout();
    assertThat(header(all))
        .containsExactly("NAMESPACE", "NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE");
    assertThat(row(all, 0, ns).get(1)).isEqualTo("web");
    String allCm = ok("get", "cm", "-A").stdout();
    assertThat(header(allCm)).containsExactly("NAMESPACE", "NAME", "DATA", "AGE");
    assertThat(row(allCm, 0, ns).get(1)).isEqualTo("web");

    assertThat(ok("get", "deploy", "-n", ns, "-l", "app=web", "-o", "name").stdout())
        .isEqualTo("deployment.apps/web\n");
    Kubectl.Result none = ok("get", "deploy", "-n", ns, "-l", "app=other");
    assertThat(none.stdout()).isEmpty();
    assertThat(none.stderr()).isEqualTo("No resources found in " + ns + " namespace.\n");
    assertThat(ok("get", "cm", "-n", ns, "-l", "app=web", "-o", "name").stdout())
        .isEqualTo("configmap/web\n");
    assertThat(
            ok("get", "cm", "-n", ns, "--field-selector", "metadata.name=web", "-o", "name")
                .stdout())
        .isEqualTo("configmap/web\n");
    assertThat(
            ok("get", "deploy", "-n", ns, "--field-selector", "metadata.name=web", "-o", "name")
                .stdout())
        .isEqualTo("deployment.apps/web\n");

    for (int i = 1; i <= 5; i++) {
      ok("create", "configmap", "chunk-" + i, "-n", ns, "--from-literal=k=v");
    }
    String chunked = ok("get", "cm", "-n", ns, "--chunk-size=2").stdout();
    assertThat(header(chunked)).containsExactly("NAME", "DATA", "AGE");
    assertThat(lines(chunked).stream().skip(1).map(l -> cells(l).get(0)))
        .contains("chunk-1", "chunk-2", "chunk-3", "chunk-4", "chunk-5", "web")
        .doesNotHaveDuplicates();
    // a chunked table has its header only once
    assertThat(lines(chunked).stream().filter(l -> l.startsWith("NAME"))).hasSize(1);
  }

  // ---------------------------------------------------------------- 7-8: label, annotate, patch,
  // set image, scale

  @Test
  void labelAnnotatePatchSetImageAndScale() {
    String ns = namespace("kc-edit");
    applyWeb(ns);

    assertThat(ok("label", "deploy", "web", "-n", ns, "tier=web").stdout())
        .isEqualTo("deployment.apps/web labeled\n");
    assertThat(ok("get", "deploy", "-n", ns, "-l", "tier=web", "-o", "name").stdout())
        .isEqualTo("deployment.apps/web\n");
    assertThat(ok("label", "deploy", "web", "-n", ns, "tier-").stdout())
        .isEqualTo("deployment.apps/web unlabeled\n");
    assertThat(ok("get", "deploy", "-n", ns, "-l", "tier=web").stderr())
        .isEqualTo("No resources found in " + ns + " namespace.\n");

    assertThat(ok("annotate", "deploy", "web", "-n", ns, "note=first").stdout())
        .isEqualTo("deployment.apps/web annotated\n");
    assertThat(fails("annotate", "deploy", "web", "-n", ns, "note=second").stderr())
        .contains(
            "--overwrite is false but found the following declared annotation(s): 'note' already has a value (first)");
    assertThat(ok("annotate", "deploy", "web", "-n", ns, "--overwrite", "note=second").stdout())
        .isEqualTo("deployment.apps/web annotated\n");
    assertThat(jsonpath(ns, "deploy/web", "{.metadata.annotations.note}")).isEqualTo("second");

    assertThat(
            ok(
                    "patch",
                    "deploy",
                    "web",
                    "-n",
                    ns,
                    "--type=merge",
                    "-p",
                    "{\"spec\":{\"replicas\":2}}")
                .stdout())
        .isEqualTo("deployment.apps/web patched\n");
    assertThat(jsonpath(ns, "deploy/web", "{.spec.replicas}")).isEqualTo("2");
    assertThat(
            ok(
                    "patch",
                    "deploy",
                    "web",
                    "-n",
                    ns,
                    "--type=json",
                    "-p",
                    "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":6}]")
                .stdout())
        .isEqualTo("deployment.apps/web patched\n");
    assertThat(jsonpath(ns, "deploy/web", "{.spec.replicas}")).isEqualTo("6");
    // strategic merge patch: containers merge by name, so the port survives
    assertThat(
            ok(
                    "patch",
                    "deploy",
                    "web",
                    "-n",
                    ns,
                    "-p",
                    "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"nginx:1.26\"}]}}}}")
                .stdout())
        .isEqualTo("deployment.apps/web patched\n");
    assertThat(jsonpath(ns, "deploy/web", "{.spec.template.spec.containers[0].image}"))
        .isEqualTo("nginx:1.26");
    assertThat(
            jsonpath(
                ns, "deploy/web", "{.spec.template.spec.containers[0].ports[0].containerPort}"))
        .isEqualTo("80");
    assertThat(
            ok(
                    "patch",
                    "deploy",
                    "web",
                    "-n",
                    ns,
                    "--type=merge",
                    "-p",
                    "{\"spec\":{\"replicas\":6}}")
                .stdout())
        .isEqualTo("deployment.apps/web patched (no change)\n");

    assertThat(ok("set", "image", "deploy/web", "-n", ns, "web=nginx:1.28").stdout())
        .isEqualTo("deployment.apps/web image updated\n");
    assertThat(jsonpath(ns, "deploy/web", "{.spec.template.spec.containers[0].image}"))
        .isEqualTo("nginx:1.28");
    assertThat(
            jsonpath(
                ns, "deploy/web", "{.spec.template.spec.containers[0].ports[0].containerPort}"))
        .isEqualTo("80");
    assertThat(jsonpath(ns, "deploy/web", "{.spec.template.spec.containers[0].env[1].name}"))
        .isEqualTo("B");
    assertThat(jsonpath(ns, "deploy/web", "{.spec.template.spec.containers[*].name}"))
        .isEqualTo("web");

    assertThat(ok("scale", "deploy", "web", "-n", ns, "--replicas=5").stdout())
        .isEqualTo("deployment.apps/web scaled\n");
    assertThat(jsonpath(ns, "deploy/web", "{.spec.replicas}")).isEqualTo("5");
  }

  // ---------------------------------------------------------------- 9: watch

  @Test
  void getWatchShowsNewObjects() {
    String ns = namespace("kc-watch");
    ok("create", "configmap", "first", "-n", ns, "--from-literal=k=v");
    try (Kubectl.Background watch = kubectl.background("get", "configmaps", "-n", ns, "-w")) {
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(watch.stdout()).as("%s", watch).containsPattern("(?m)^first\\s+1\\s"));
      assertThat(header(watch.stdout())).containsExactly("NAME", "DATA", "AGE");
      ok("create", "configmap", "second", "-n", ns, "--from-literal=k=v", "--from-literal=l=w");
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(watch.stdout())
                      .as("%s", watch)
                      .containsPattern("(?m)^second\\s+2\\s"));
      assertThat(watch.isAlive()).as("%s", watch).isTrue();
      assertThat(watch.stderr()).isEmpty();
    }
  }

  @Test
  void getWatchWithOutputWatchEventsShowsEventTypes() {
    String ns = namespace("kc-watch-events");
    ok("create", "configmap", "x", "-n", ns, "--from-literal=k=v");
    try (Kubectl.Background watch =
        kubectl.background("get", "cm", "x", "-n", ns, "-w", "--output-watch-events")) {
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(watch.stdout())
                      .as("%s", watch)
                      .containsPattern("(?m)^ADDED\\s+x\\s+1\\s"));
      assertThat(header(watch.stdout())).containsExactly("EVENT", "NAME", "DATA", "AGE");
      ok("patch", "cm", "x", "-n", ns, "--type=merge", "-p", "{\"data\":{\"l\":\"w\"}}");
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(watch.stdout())
                      .as("%s", watch)
                      .containsPattern("(?m)^MODIFIED\\s+x\\s+2\\s"));
      ok("delete", "cm", "x", "-n", ns);
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(watch.stdout())
                      .as("%s", watch)
                      .containsPattern("(?m)^DELETED\\s+x\\s"));
    }
  }

  // ---------------------------------------------------------------- 10: delete -f

  @Test
  void deleteByFileDeletesWhatWasApplied() {
    String ns = namespace("kc-delete");
    String yaml = applyWeb(ns);
    assertThat(okWithInput(yaml, "delete", "-n", ns, "-f", "-").stdout())
        .isEqualTo("deployment.apps \"web\" deleted\n");
    assertThat(fails("get", "deploy", "web", "-n", ns).stderr())
        .contains("Error from server (NotFound): deployments.apps \"web\" not found");
  }

  // ---------------------------------------------------------------- 11: get all

  @Test
  void getAllListsServicesAndDeployments() {
    String ns = namespace("kc-all");
    ok("create", "deployment", "web", "-n", ns, "--image=nginx:1.27");
    ok("create", "service", "clusterip", "web", "-n", ns, "--tcp=80:8080");
    String all = ok("get", "all", "-n", ns).stdout();
    assertThat(all).containsPattern("(?m)^service/web\\s+ClusterIP\\s");
    assertThat(all).containsPattern("(?m)^deployment\\.apps/web\\s");
    assertThat(all).contains("NAME", "TYPE", "CLUSTER-IP", "READY", "UP-TO-DATE");
  }

  // ---------------------------------------------------------------- 12: run

  @Test
  void runCreatesAPendingPod() {
    String ns = namespace("kc-run");
    assertThat(ok("run", "p", "-n", ns, "--image=nginx").stdout()).isEqualTo("pod/p created\n");
    String pods = ok("get", "pods", "-n", ns).stdout();
    assertThat(header(pods)).containsExactly("NAME", "READY", "STATUS", "RESTARTS", "AGE");
    assertThat(row(pods, 0, "p").subList(0, 4)).containsExactly("p", "0/1", "Pending", "0");
    assertThat(jsonpath(ns, "pod/p", "{.spec.containers[0].image}")).isEqualTo("nginx");
    assertThat(jsonpath(ns, "pod/p", "{.metadata.labels.run}")).isEqualTo("p");
    // an unscheduled pod is deleted at once, so kubectl's wait for the 404 ends at once
    assertThat(ok("delete", "pod", "p", "-n", ns).stdout()).isEqualTo("pod \"p\" deleted\n");
    assertThat(fails("get", "pod", "p", "-n", ns).stderr())
        .contains("Error from server (NotFound): pods \"p\" not found");
  }

  // ---------------------------------------------------------------- 13: errors

  @Test
  void errorsArePrintedAsARealServerPrintsThem() {
    String ns = namespace("kc-errors");
    assertThat(fails("get", "deploy", "nosuch", "-n", ns).stderr())
        .isEqualTo("Error from server (NotFound): deployments.apps \"nosuch\" not found\n");

    Kubectl.Result invalid = fails("create", "configmap", "Bad_Name", "-n", ns);
    assertThat(invalid.stderr())
        .contains("is invalid: metadata.name: Invalid value: \"Bad_Name\"")
        .contains("a lowercase RFC 1123 subdomain");

    okWithInput(configMapYaml("cf", "k", "v"), "apply", "-n", ns, "-f", "-");
    String stale = ok("get", "cm", "cf", "-n", ns, "-o", "yaml").stdout();
    ok("patch", "cm", "cf", "-n", ns, "--type=merge", "-p", "{\"data\":{\"k\":\"newer\"}}");
    Kubectl.Result conflict =
        kubectl.runWithInput(stale.replace("k: v", "k: stale"), "replace", "-n", ns, "-f", "-");
    assertThat(conflict.exitCode()).as("%s", conflict).isEqualTo(1);
    assertThat(conflict.stderr())
        .contains("Error from server (Conflict)")
        .contains(
            "Operation cannot be fulfilled on configmaps \"cf\": the object has been modified; please apply your changes to the latest version and try again");
    assertThat(jsonpath(ns, "cm/cf", "{.data.k}")).isEqualTo("newer");

    String current = ok("get", "cm", "cf", "-n", ns, "-o", "yaml").stdout();
    assertThat(
            okWithInput(current.replace("k: newer", "k: replaced"), "replace", "-n", ns, "-f", "-")
                .stdout())
        .isEqualTo("configmap/cf replaced\n");
    assertThat(jsonpath(ns, "cm/cf", "{.data.k}")).isEqualTo("replaced");
  }

  // ---------------------------------------------------------------- 14: typed (protobuf) creates

  @Test
  void createGeneratorsSendProtobufAndTheObjectsReadBack() {
    String ns = namespace("kc-create");
    assertThat(
            ok("create", "deployment", "d", "-n", ns, "--image=nginx:1.27", "--replicas=2")
                .stdout())
        .isEqualTo("deployment.apps/d created\n");
    JsonNode d = Json.parse(ok("get", "deploy", "d", "-n", ns, "-o", "json").stdout().getBytes());
    assertThat(d.at("/spec/replicas").asInt()).isEqualTo(2);
    assertThat(d.at("/spec/selector/matchLabels/app").asString()).isEqualTo("d");
    assertThat(d.at("/spec/template/metadata/labels/app").asString()).isEqualTo("d");
    assertThat(d.at("/spec/template/spec/containers/0/name").asString()).isEqualTo("nginx");
    assertThat(d.at("/spec/template/spec/containers/0/image").asString()).isEqualTo("nginx:1.27");

    assertThat(ok("create", "service", "clusterip", "s", "-n", ns, "--tcp=80:8080").stdout())
        .isEqualTo("service/s created\n");
    JsonNode s = Json.parse(ok("get", "svc", "s", "-n", ns, "-o", "json").stdout().getBytes());
    assertThat(s.at("/spec/type").asString()).isEqualTo("ClusterIP");
    assertThat(s.at("/spec/ports/0/port").asInt()).isEqualTo(80);
    assertThat(s.at("/spec/ports/0/targetPort").asInt()).isEqualTo(8080);
    assertThat(s.at("/spec/ports/0/protocol").asString()).isEqualTo("TCP");
    assertThat(s.at("/spec/ports/0/name").asString()).isEqualTo("80-8080");
    assertThat(s.at("/spec/selector/app").asString()).isEqualTo("s");
    // Not asserted: spec.clusterIP. A real apiserver allocates one from the service CIDR; kubesim
    // leaves it empty (no ClusterIP allocator yet, see the report of this branch).

    assertThat(
            ok("create", "secret", "generic", "sec", "-n", ns, "--from-literal=password=s3cr3t")
                .stdout())
        .isEqualTo("secret/sec created\n");
    String encoded = jsonpath(ns, "secret/sec", "{.data.password}");
    assertThat(encoded).isEqualTo("czNjcjN0");
    assertThat(new String(Base64.getDecoder().decode(encoded))).isEqualTo("s3cr3t");
    // Not asserted: type. kubectl sends an empty type and a real apiserver defaults it to Opaque;
    // kubesim has no defaulting yet (see the report of this branch).

    assertThat(
            ok("create", "configmap", "c", "-n", ns, "--from-literal=a=1", "--from-literal=b=two")
                .stdout())
        .isEqualTo("configmap/c created\n");
    JsonNode c = Json.parse(ok("get", "cm", "c", "-n", ns, "-o", "json").stdout().getBytes());
    assertThat(c.at("/data/a").asString()).isEqualTo("1");
    assertThat(c.at("/data/b").asString()).isEqualTo("two");
    assertThat(c.at("/metadata/namespace").asString()).isEqualTo(ns);
  }

  // ---------------------------------------------------------------- 15: raw endpoints and events

  @Test
  void rawEndpointsAndEmptyEvents() {
    String ns = namespace("kc-raw");
    assertThat(ok("get", "--raw", "/healthz").stdout()).isEqualTo("ok");
    JsonNode version = Json.parse(ok("get", "--raw", "/version").stdout().getBytes());
    assertThat(version.at("/gitVersion").asString()).isEqualTo("v1.32.5");
    assertThat(version.at("/major").asString()).isEqualTo("1");
    assertThat(version.at("/minor").asString()).isEqualTo("32");

    Kubectl.Result events = ok("get", "events", "-n", ns);
    assertThat(events.stdout()).isEmpty();
    assertThat(events.stderr()).isEqualTo("No resources found in " + ns + " namespace.\n");
  }
}

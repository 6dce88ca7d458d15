package io.kubesim.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * kubectl's write commands (create generators, set, rollout, edit, replace, diff, dry runs,
 * explain, label/annotate conflicts) run as the real kubectl against the shared apiserver. Every
 * expectation is what kubectl prints and what a real 1.32 cluster stores; there is no
 * controller-manager, so nothing creates ReplicaSets or Pods by itself. Each test works in its own
 * namespace.
 */
class KubectlWriteIT {
  private static Kubectl kubectl;

  @TempDir Path tmp;

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
    return failsWithInput(null, args);
  }

  private static Kubectl.Result failsWithInput(String stdin, String... args) {
    Kubectl.Result result = kubectl.runWithInput(stdin, args);
    assertThat(result.exitCode()).as("kubectl %s\n%s", String.join(" ", args), result).isEqualTo(1);
    return result;
  }

  private static String namespace(String name) {
    assertThat(ok("create", "namespace", name).stdout())
        .isEqualTo("namespace/" + name + " created\n");
    return name;
  }

  private static JsonNode json(String ns, String resource) {
    return Json.parse(
        ok("get", resource, "-n", ns, "-o", "json").stdout().getBytes(StandardCharsets.UTF_8));
  }

  private static JsonNode yaml(String ns, String resource) {
    return Json.YAML.readTree(ok("get", resource, "-n", ns, "-o", "yaml").stdout());
  }

  private static String jsonpath(String ns, String resource, String path) {
    return ok("get", resource, "-n", ns, "-o", "jsonpath=" + path).stdout();
  }

  private static List<String> lines(String text) {
    return text.lines().filter(l -> !l.isBlank()).toList();
  }

  private static List<String> cells(String line) {
    return Arrays.asList(line.trim().split("\\s{2,}"));
  }

  private static List<String> row(String table, int column, String value) {
    Optional<List<String>> found =
        lines(table).stream()
            .map(KubectlWriteIT::cells)
            .filter(c -> c.size() > column && c.get(column).equals(value))
            .findFirst();
    assertThat(found).as("row %s in\n%s", value, table).isPresent();
    return found.get();
  }

  private static String decode(JsonNode base64) {
    return new String(Base64.getDecoder().decode(base64.asString()), StandardCharsets.UTF_8);
  }

  private static void exec(Path dir, String... command) {
    try {
      Process process =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as("%s\n%s", String.join(" ", command), output).isZero();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String deployment(String name, int replicas, String image) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: %s
        spec:
          replicas: %d
          selector:
            matchLabels:
              app: %s
          template:
            metadata:
              labels:
                app: %s
            spec:
              containers:
              - name: nginx
                image: %s
        """
        .formatted(name, replicas, name, name, image);
  }

  /** A ReplicaSet as the deployment controller would have made it for one revision. */
  private static String replicaSet(String uid, String hash, int revision, String image) {
    return """
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: web-%s
          labels:
            app: web
            pod-template-hash: "%s"
          annotations:
            deployment.kubernetes.io/revision: "%d"
          ownerReferences:
          - apiVersion: apps/v1
            kind: Deployment
            name: web
            uid: %s
            controller: true
            blockOwnerDeletion: true
        spec:
          replicas: 0
          selector:
            matchLabels:
              app: web
              pod-template-hash: "%s"
          template:
            metadata:
              labels:
                app: web
                pod-template-hash: "%s"
            spec:
              containers:
              - name: nginx
                image: %s
        """
        .formatted(hash, hash, revision, uid, hash, hash, image);
  }

  // ---------------------------------------------------------------- 1: defaulting

  @Test
  void createdObjectsShowTheServersDefaults() {
    String ns = namespace("kw-defaults");
    assertThat(ok("create", "deployment", "web", "-n", ns, "--image=nginx:1.27").stdout())
        .isEqualTo("deployment.apps/web created\n");
    JsonNode web = yaml(ns, "deploy/web");
    assertThat(web.at("/spec/replicas").asInt()).isEqualTo(1);
    assertThat(web.at("/spec/strategy/type").asString()).isEqualTo("RollingUpdate");
    assertThat(web.at("/spec/strategy/rollingUpdate/maxSurge").asString()).isEqualTo("25%");
    assertThat(web.at("/spec/strategy/rollingUpdate/maxUnavailable").asString()).isEqualTo("25%");
    assertThat(web.at("/spec/revisionHistoryLimit").asInt()).isEqualTo(10);
    assertThat(web.at("/spec/progressDeadlineSeconds").asInt()).isEqualTo(600);
    JsonNode pod = web.at("/spec/template/spec");
    assertThat(pod.at("/restartPolicy").asString()).isEqualTo("Always");
    assertThat(pod.at("/dnsPolicy").asString()).isEqualTo("ClusterFirst");
    assertThat(pod.at("/terminationGracePeriodSeconds").asInt()).isEqualTo(30);
    assertThat(pod.at("/schedulerName").asString()).isEqualTo("default-scheduler");
    JsonNode container = pod.at("/containers/0");
    assertThat(container.at("/name").asString()).isEqualTo("nginx");
    // a tagged image other than :latest is pulled only when missing
    assertThat(container.at("/imagePullPolicy").asString()).isEqualTo("IfNotPresent");
    assertThat(container.at("/terminationMessagePath").asString())
        .isEqualTo("/dev/termination-log");
    assertThat(container.at("/terminationMessagePolicy").asString()).isEqualTo("File");
    assertThat(web.at("/metadata/generation").asInt()).isEqualTo(1);
    assertThat(web.at("/metadata/uid").asString()).isNotBlank();
    // server gap: a real server also returns "status: {}" for a new Deployment (the Go struct is
    // always encoded); kubesim omits the empty status.

    assertThat(ok("run", "p", "-n", ns, "--image=nginx").stdout()).isEqualTo("pod/p created\n");
    JsonNode p = yaml(ns, "pod/p");
    // an untagged image means :latest, which is always pulled
    assertThat(p.at("/spec/containers/0/imagePullPolicy").asString()).isEqualTo("Always");
    assertThat(p.at("/spec/tolerations"))
        .isEqualTo(
            Json.parse(
                """
                [{"effect":"NoExecute","key":"node.kubernetes.io/not-ready",
                  "operator":"Exists","tolerationSeconds":300},
                 {"effect":"NoExecute","key":"node.kubernetes.io/unreachable",
                  "operator":"Exists","tolerationSeconds":300}]"""
                    .getBytes(StandardCharsets.UTF_8)));
    assertThat(p.at("/status/phase").asString()).isEqualTo("Pending");

    assertThat(ok("create", "service", "clusterip", "s", "-n", ns, "--tcp=80:8080").stdout())
        .isEqualTo("service/s created\n");
    String clusterIp = jsonpath(ns, "svc/s", "{.spec.clusterIP}");
    assertThat(clusterIp).matches("10\\.(9[6-9]|10[0-9]|11[01])\\.\\d{1,3}\\.\\d{1,3}");
    assertThat(jsonpath(ns, "svc/s", "{.spec.ports[0].targetPort}")).isEqualTo("8080");
    String table = ok("get", "svc", "-n", ns).stdout();
    assertThat(cells(lines(table).get(0)))
        .containsExactly("NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE");
    assertThat(row(table, 0, "s").subList(0, 5))
        .containsExactly("s", "ClusterIP", clusterIp, "<none>", "80/TCP");

    assertThat(ok("create", "service", "nodeport", "n", "-n", ns, "--tcp=80:8080").stdout())
        .isEqualTo("service/n created\n");
    int nodePort = Integer.parseInt(jsonpath(ns, "svc/n", "{.spec.ports[0].nodePort}"));
    assertThat(nodePort).isBetween(30000, 32767);
    assertThat(jsonpath(ns, "svc/n", "{.spec.externalTrafficPolicy}")).isEqualTo("Cluster");
    assertThat(row(ok("get", "svc", "n", "-n", ns).stdout(), 0, "n").get(4))
        .isEqualTo("80:" + nodePort + "/TCP");

    // a node port is the cluster's: taken until its Service lets it go
    String taken = Integer.toString(nodePort);
    assertThat(
            fails(
                    "create",
                    "service",
                    "nodeport",
                    "m",
                    "-n",
                    ns,
                    "--tcp=81:81",
                    "--node-port=" + taken)
                .stderr())
        .contains(
            "error: failed to create NodePort service: Service \"m\" is invalid:"
                + " spec.ports[0].nodePort: Invalid value: "
                + taken
                + ": provided port is already allocated");
    ok("patch", "svc", "n", "-n", ns, "-p", "{\"spec\":{\"type\":\"ClusterIP\"}}");
    assertThat(jsonpath(ns, "svc/n", "{.spec.type}:{.spec.ports[0].nodePort}"))
        .isEqualTo("ClusterIP:");
    ok("create", "service", "nodeport", "m", "-n", ns, "--tcp=81:81", "--node-port=" + taken);
    assertThat(
            fails(
                    "create",
                    "service",
                    "clusterip",
                    "c",
                    "-n",
                    ns,
                    "--tcp=80:80",
                    "--clusterip=" + clusterIp)
                .stderr())
        .contains(
            "error: failed to create ClusterIP service: Service \"c\" is invalid:"
                + " spec.clusterIPs: Invalid value: []string{\""
                + clusterIp
                + "\"}: failed to allocate IP "
                + clusterIp
                + ": provided IP is already allocated");
  }

  // ---------------------------------------------------------------- 2: validation

  @Test
  void invalidObjectsArePrintedAsKubectlPrintsA422() {
    String ns = namespace("kw-invalid");
    String good = deployment("bad", 1, "nginx");

    String negative = good.replace("replicas: 1", "replicas: -1");
    String expected =
        "The Deployment \"bad\" is invalid: spec.replicas: Invalid value: -1: must be greater than"
            + " or equal to 0\n";
    // apply and create -f print the same line: kubectl rebuilds it from the Status details
    assertThat(failsWithInput(negative, "apply", "-n", ns, "-f", "-").stderr()).isEqualTo(expected);
    assertThat(failsWithInput(negative, "create", "-n", ns, "-f", "-").stderr())
        .isEqualTo(expected);

    String mismatch = good.replace("      app: bad\n  template", "      app: other\n  template");
    assertThat(mismatch).contains("app: other");
    assertThat(failsWithInput(mismatch, "apply", "-n", ns, "-f", "-").stderr())
        .isEqualTo(
            "The Deployment \"bad\" is invalid: spec.template.metadata.labels: Invalid value:"
                + " map[string]string{\"app\":\"bad\"}: `selector` does not match template"
                + " `labels`\n");

    String badName = good.replace("- name: nginx", "- name: Bad_Name");
    assertThat(failsWithInput(badName, "apply", "-n", ns, "-f", "-").stderr())
        .isEqualTo(
            "The Deployment \"bad\" is invalid: spec.template.spec.containers[0].name: Invalid"
                + " value: \"Bad_Name\": a lowercase RFC 1123 label must consist of lower case"
                + " alphanumeric characters or '-', and must start and end with an alphanumeric"
                + " character (e.g. 'my-name',  or '123-abc', regex used for validation is"
                + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?')\n");

    String badPort =
        good.replace(
            "image: nginx", "image: nginx\n        ports:\n        - containerPort: 70000");
    assertThat(failsWithInput(badPort, "apply", "-n", ns, "-f", "-").stderr())
        .isEqualTo(
            "The Deployment \"bad\" is invalid:"
                + " spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000:"
                + " must be between 1 and 65535, inclusive\n");
    assertThat(fails("get", "deploy", "bad", "-n", ns).stderr())
        .contains("Error from server (NotFound): deployments.apps \"bad\" not found");

    // the selector of a Deployment is immutable
    String web = deployment("web", 1, "nginx");
    okWithInput(web, "apply", "-n", ns, "-f", "-");
    String widened =
        web.replace("      app: web\n  template", "      app: web\n      tier: a\n  template")
            .replace("        app: web\n", "        app: web\n        tier: a\n");
    assertThat(widened).contains("      tier: a\n  template");
    assertThat(failsWithInput(widened, "apply", "-n", ns, "-f", "-").stderr())
        .isEqualTo(
            "The Deployment \"web\" is invalid: spec.selector: Invalid value:"
                + " v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web\", \"tier\":\"a\"},"
                + " MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable\n");
    assertThat(jsonpath(ns, "deploy/web", "{.spec.selector.matchLabels}"))
        .isEqualTo("{\"app\":\"web\"}");
  }

  // ---------------------------------------------------------------- 3-4: set and rollout restart

  @Test
  void setResourcesImageEnvAndRolloutRestart() {
    String ns = namespace("kw-set");
    ok("create", "deployment", "web", "-n", ns, "--image=nginx:1.27");

    assertThat(
            ok(
                    "set",
                    "resources",
                    "deploy/web",
                    "-n",
                    ns,
                    "-c=nginx",
                    "--limits=cpu=200m,memory=512Mi")
                .stdout())
        .isEqualTo("deployment.apps/web resource requirements updated\n");
    JsonNode container = json(ns, "deploy/web").at("/spec/template/spec/containers/0");
    assertThat(container.at("/resources/limits/cpu").asString()).isEqualTo("200m");
    assertThat(container.at("/resources/limits/memory").asString()).isEqualTo("512Mi");
    // limits are copied to requests only for pods, not for templates
    assertThat(container.at("/resources/requests").isMissingNode()).isTrue();

    assertThat(ok("set", "image", "deploy/web", "-n", ns, "nginx=nginx:1.28").stdout())
        .isEqualTo("deployment.apps/web image updated\n");
    assertThat(ok("set", "env", "deploy/web", "-n", ns, "FOO=bar").stdout())
        .isEqualTo("deployment.apps/web env updated\n");
    JsonNode web = json(ns, "deploy/web");
    container = web.at("/spec/template/spec/containers/0");
    assertThat(web.at("/spec/template/spec/containers").size()).isEqualTo(1);
    assertThat(container.at("/image").asString()).isEqualTo("nginx:1.28");
    assertThat(container.at("/name").asString()).isEqualTo("nginx");
    assertThat(container.at("/resources/limits/cpu").asString()).isEqualTo("200m");
    assertThat(container.at("/terminationMessagePath").asString())
        .isEqualTo("/dev/termination-log");
    assertThat(container.at("/imagePullPolicy").asString()).isEqualTo("IfNotPresent");
    assertThat(container.at("/env")).hasSize(1);
    assertThat(container.at("/env/0/name").asString()).isEqualTo("FOO");
    assertThat(container.at("/env/0/value").asString()).isEqualTo("bar");
    long generation = web.at("/metadata/generation").asLong();
    assertThat(generation).isEqualTo(4);

    assertThat(ok("rollout", "restart", "deploy/web", "-n", ns).stdout())
        .isEqualTo("deployment.apps/web restarted\n");
    web = json(ns, "deploy/web");
    assertThat(
            web.at("/spec/template/metadata/annotations/kubectl.kubernetes.io~1restartedAt")
                .asString())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(web.at("/metadata/generation").asLong()).isEqualTo(generation + 1);
    assertThat(web.at("/spec/template/spec/containers/0/env/0/value").asString()).isEqualTo("bar");
  }

  // ---------------------------------------------------------------- 5: rollout history and undo

  @Test
  void rolloutHistoryAndUndoReadTheOwnedReplicaSets() {
    String ns = namespace("kw-rollout");
    ok("create", "deployment", "web", "-n", ns, "--image=nginx:1.27");
    String uid = jsonpath(ns, "deploy/web", "{.metadata.uid}");
    assertThat(
            okWithInput(replicaSet(uid, "5d8f7b9c4", 1, "nginx:1.26"), "apply", "-n", ns, "-f", "-")
                .stdout())
        .isEqualTo("replicaset.apps/web-5d8f7b9c4 created\n");
    okWithInput(replicaSet(uid, "6c9a8d7f5", 2, "nginx:1.27"), "apply", "-n", ns, "-f", "-");

    String history = ok("rollout", "history", "deploy/web", "-n", ns).stdout();
    assertThat(lines(history))
        .containsExactly(
            "deployment.apps/web ",
            "REVISION  CHANGE-CAUSE",
            "1         <none>",
            "2         <none>");

    String one = ok("rollout", "history", "deploy/web", "-n", ns, "--revision=1").stdout();
    assertThat(one).startsWith("deployment.apps/web with revision #1\n");
    assertThat(one).containsPattern("Image:\\s+nginx:1.26");

    long generation = json(ns, "deploy/web").at("/metadata/generation").asLong();
    assertThat(ok("rollout", "undo", "deploy/web", "-n", ns, "--to-revision=1").stdout())
        .isEqualTo("deployment.apps/web rolled back\n");
    JsonNode web = json(ns, "deploy/web");
    assertThat(web.at("/spec/template/spec/containers/0/image").asString()).isEqualTo("nginx:1.26");
    // kubectl strips the pod-template-hash label before patching the template back
    assertThat(web.at("/spec/template/metadata/labels").propertyNames()).containsExactly("app");
    assertThat(web.at("/metadata/generation").asLong()).isEqualTo(generation + 1);
    // the json patch replaces /metadata/annotations with {}: omitempty, so it is not shown
    assertThat(web.at("/metadata/annotations").isMissingNode()).isTrue();

    // the template already is revision 1's: nothing to do
    Kubectl.Result again = ok("rollout", "undo", "deploy/web", "-n", ns, "--to-revision=1");
    assertThat(again.stdout())
        .isEqualTo(
            "deployment.apps/web skipped rollback (current template already matches revision 1)\n");
  }

  // ---------------------------------------------------------------- 6-7: edit and replace

  @Test
  void editRunsTheEditorAndReplaceChecksTheResourceVersion() throws IOException {
    String ns = namespace("kw-edit");
    ok("create", "deployment", "web", "-n", ns, "--image=nginx:1.27");

    Path editor = tmp.resolve("editor.sh");
    Files.writeString(editor, "#!/bin/sh\nsed -i 's/replicas: 1$/replicas: 7/' \"$1\"\n");
    Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
    Kubectl.Result edited =
        kubectl.runWithEnv(
            Map.of("KUBE_EDITOR", editor.toString()), null, "edit", "deploy/web", "-n", ns);
    assertThat(edited.exitCode()).as("%s", edited).isZero();
    assertThat(edited.stdout()).isEqualTo("deployment.apps/web edited\n");
    assertThat(jsonpath(ns, "deploy/web", "{.spec.replicas}")).isEqualTo("7");

    // an editor that changes nothing
    Path noop = tmp.resolve("noop.sh");
    Files.writeString(noop, "#!/bin/sh\ntrue\n");
    Files.setPosixFilePermissions(noop, PosixFilePermissions.fromString("rwx------"));
    Kubectl.Result unchanged =
        kubectl.runWithEnv(
            Map.of("KUBE_EDITOR", noop.toString()), null, "edit", "deploy/web", "-n", ns);
    assertThat(unchanged.exitCode()).as("%s", unchanged).isZero();
    assertThat(unchanged.stderr()).isEqualTo("Edit cancelled, no changes made.\n");

    String current = ok("get", "deploy", "web", "-n", ns, "-o", "yaml").stdout();
    String two = current.replace("  replicas: 7\n", "  replicas: 2\n");
    assertThat(two).isNotEqualTo(current);
    assertThat(okWithInput(two, "replace", "-n", ns, "-f", "-").stdout())
        .isEqualTo("deployment.apps/web replaced\n");
    assertThat(jsonpath(ns, "deploy/web", "{.spec.replicas}")).isEqualTo("2");
    // the same body again carries a resourceVersion that is no longer current
    assertThat(failsWithInput(two, "replace", "-n", ns, "-f", "-").stderr())
        .isEqualTo(
            "Error from server (Conflict): error when replacing \"STDIN\": Operation cannot be"
                + " fulfilled on deployments.apps \"web\": the object has been modified; please"
                + " apply your changes to the latest version and try again\n");

    String uid = jsonpath(ns, "deploy/web", "{.metadata.uid}");
    String three = two.replace("  replicas: 2\n", "  replicas: 3\n");
    assertThat(okWithInput(three, "replace", "--force", "-n", ns, "-f", "-").stdout())
        .isEqualTo("deployment.apps \"web\" deleted\ndeployment.apps/web replaced\n");
    assertThat(jsonpath(ns, "deploy/web", "{.spec.replicas}")).isEqualTo("3");
    assertThat(jsonpath(ns, "deploy/web", "{.metadata.uid}")).isNotEqualTo(uid);
  }

  // ---------------------------------------------------------------- 8: diff

  @Test
  void diffShowsTheServersDryRunMerge() {
    String ns = namespace("kw-diff");
    String one = deployment("web", 1, "nginx:1.27");
    okWithInput(one, "apply", "-n", ns, "-f", "-");
    Kubectl.Result same = kubectl.runWithInput(one, "diff", "-n", ns, "-f", "-");
    assertThat(same.exitCode()).as("%s", same).isZero();
    assertThat(same.stdout()).isEmpty();

    String three = deployment("web", 3, "nginx:1.27");
    Kubectl.Result diff = kubectl.runWithInput(three, "diff", "-n", ns, "-f", "-");
    assertThat(diff.exitCode()).as("%s", diff).isEqualTo(1);
    assertThat(diff.stdout())
        .startsWith("diff -u -N ")
        .contains("\n-  replicas: 1\n", "\n+  replicas: 3\n")
        // the dry-run update bumps the generation as a real one would
        .contains("\n-  generation: 1\n", "\n+  generation: 2\n");
    // diff is a dry run: nothing changed
    assertThat(jsonpath(ns, "deploy/web", "{.spec.replicas} {.metadata.generation}"))
        .isEqualTo("1 1");

    assertThat(okWithInput(three, "apply", "-n", ns, "-f", "-").stdout())
        .isEqualTo("deployment.apps/web configured\n");
    Kubectl.Result after = kubectl.runWithInput(three, "diff", "-n", ns, "-f", "-");
    assertThat(after.exitCode()).as("%s", after).isZero();
    assertThat(after.stdout()).isEmpty();
  }

  // ---------------------------------------------------------------- 9: server-side dry runs

  @Test
  void serverDryRunsReturnTheObjectAndStoreNothing() {
    String ns = namespace("kw-dry");
    JsonNode dry =
        Json.YAML.readTree(
            ok(
                    "create",
                    "deployment",
                    "dry",
                    "-n",
                    ns,
                    "--image=nginx",
                    "--dry-run=server",
                    "-o",
                    "yaml")
                .stdout());
    // defaulted, named and given a uid and creationTimestamp, but never stored: no resourceVersion
    assertThat(dry.at("/metadata/name").asString()).isEqualTo("dry");
    assertThat(dry.at("/metadata/uid").asString()).isNotBlank();
    assertThat(dry.at("/metadata/creationTimestamp").asString()).isNotBlank();
    assertThat(dry.at("/metadata/generation").asInt()).isEqualTo(1);
    assertThat(dry.at("/metadata/resourceVersion").isMissingNode()).isTrue();
    assertThat(dry.at("/spec/strategy/type").asString()).isEqualTo("RollingUpdate");
    assertThat(dry.at("/spec/template/spec/containers/0/imagePullPolicy").asString())
        .isEqualTo("Always");
    assertThat(fails("get", "deploy", "dry", "-n", ns).stderr())
        .isEqualTo("Error from server (NotFound): deployments.apps \"dry\" not found\n");
    assertThat(
            ok("create", "deployment", "dry", "-n", ns, "--image=nginx", "--dry-run=server")
                .stdout())
        .isEqualTo("deployment.apps/dry created (server dry run)\n");

    String applied = deployment("dry2", 2, "nginx");
    assertThat(okWithInput(applied, "apply", "--dry-run=server", "-n", ns, "-f", "-").stdout())
        .isEqualTo("deployment.apps/dry2 created (server dry run)\n");
    assertThat(fails("get", "deploy", "dry2", "-n", ns).stderr())
        .isEqualTo("Error from server (NotFound): deployments.apps \"dry2\" not found\n");

    okWithInput(applied, "apply", "-n", ns, "-f", "-");
    String four = deployment("dry2", 4, "nginx");
    assertThat(okWithInput(four, "apply", "--dry-run=server", "-n", ns, "-f", "-").stdout())
        .isEqualTo("deployment.apps/dry2 configured (server dry run)\n");
    assertThat(jsonpath(ns, "deploy/dry2", "{.spec.replicas}")).isEqualTo("2");

    assertThat(ok("delete", "deploy", "dry2", "-n", ns, "--dry-run=server").stdout())
        .isEqualTo("deployment.apps \"dry2\" deleted (server dry run)\n");
    assertThat(ok("get", "deploy", "dry2", "-n", ns, "-o", "name").stdout())
        .isEqualTo("deployment.apps/dry2\n");
  }

  // ---------------------------------------------------------------- 10: create generators

  @Test
  void createGeneratorsSendProtobufAndReadBackRight() {
    String ns = namespace("kw-gen");

    assertThat(ok("create", "configmap", "cm", "-n", ns, "--from-literal=a=1").stdout())
        .isEqualTo("configmap/cm created\n");
    assertThat(jsonpath(ns, "cm/cm", "{.data.a}")).isEqualTo("1");

    assertThat(
            ok("create", "secret", "generic", "sg", "-n", ns, "--from-literal=pw=s3cr3t").stdout())
        .isEqualTo("secret/sg created\n");
    JsonNode generic = json(ns, "secret/sg");
    assertThat(generic.at("/type").asString()).isEqualTo("Opaque");
    assertThat(decode(generic.at("/data/pw"))).isEqualTo("s3cr3t");

    exec(
        tmp,
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "tls.key",
        "-out",
        "tls.crt",
        "-days",
        "1",
        "-subj",
        "/CN=foo.com");
    assertThat(
            ok(
                    "create",
                    "secret",
                    "tls",
                    "st",
                    "-n",
                    ns,
                    "--cert=" + tmp.resolve("tls.crt"),
                    "--key=" + tmp.resolve("tls.key"))
                .stdout())
        .isEqualTo("secret/st created\n");
    JsonNode tls = json(ns, "secret/st");
    assertThat(tls.at("/type").asString()).isEqualTo("kubernetes.io/tls");
    try {
      assertThat(decode(tls.at("/data/tls.crt")))
          .isEqualTo(Files.readString(tmp.resolve("tls.crt")));
      assertThat(decode(tls.at("/data/tls.key")))
          .isEqualTo(Files.readString(tmp.resolve("tls.key")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }

    assertThat(
            ok(
                    "create",
                    "secret",
                    "docker-registry",
                    "sd",
                    "-n",
                    ns,
                    "--docker-server=r.io",
                    "--docker-username=u",
                    "--docker-password=p")
                .stdout())
        .isEqualTo("secret/sd created\n");
    JsonNode docker = json(ns, "secret/sd");
    assertThat(docker.at("/type").asString()).isEqualTo("kubernetes.io/dockerconfigjson");
    JsonNode config =
        Json.parse(decode(docker.at("/data/.dockerconfigjson")).getBytes(StandardCharsets.UTF_8));
    assertThat(config.at("/auths/r.io/username").asString()).isEqualTo("u");
    assertThat(config.at("/auths/r.io/password").asString()).isEqualTo("p");
    assertThat(decode(config.at("/auths/r.io/auth"))).isEqualTo("u:p");

    assertThat(ok("create", "serviceaccount", "sa", "-n", ns).stdout())
        .isEqualTo("serviceaccount/sa created\n");
    assertThat(ok("get", "sa", "sa", "-n", ns, "-o", "name").stdout())
        .isEqualTo("serviceaccount/sa\n");

    assertThat(ok("create", "job", "j", "-n", ns, "--image=busybox", "--", "echo", "hi").stdout())
        .isEqualTo("job.batch/j created\n");
    JsonNode job = json(ns, "job/j");
    String jobUid = job.at("/metadata/uid").asString();
    assertThat(job.at("/spec/template/spec/containers/0/command"))
        .isEqualTo(Json.parse("[\"echo\",\"hi\"]".getBytes(StandardCharsets.UTF_8)));
    assertThat(job.at("/spec/template/spec/restartPolicy").asString()).isEqualTo("Never");
    assertThat(job.at("/spec/backoffLimit").asInt()).isEqualTo(6);
    // the selector is generated from the job's uid, and the template gets the matching labels
    assertThat(job.at("/spec/selector/matchLabels/batch.kubernetes.io~1controller-uid").asString())
        .isEqualTo(jobUid);
    JsonNode podLabels = job.at("/spec/template/metadata/labels");
    assertThat(podLabels.at("/batch.kubernetes.io~1controller-uid").asString()).isEqualTo(jobUid);
    assertThat(podLabels.at("/controller-uid").asString()).isEqualTo(jobUid);
    assertThat(podLabels.at("/batch.kubernetes.io~1job-name").asString()).isEqualTo("j");
    assertThat(podLabels.at("/job-name").asString()).isEqualTo("j");
    assertThat(job.at("/metadata/labels")).isEqualTo(podLabels);

    assertThat(
            ok(
                    "create",
                    "cronjob",
                    "c",
                    "-n",
                    ns,
                    "--image=busybox",
                    "--schedule=*/1 * * * *",
                    "--",
                    "echo",
                    "hi")
                .stdout())
        .isEqualTo("cronjob.batch/c created\n");
    JsonNode cron = json(ns, "cronjob/c");
    assertThat(cron.at("/spec/schedule").asString()).isEqualTo("*/1 * * * *");
    assertThat(cron.at("/spec/concurrencyPolicy").asString()).isEqualTo("Allow");
    assertThat(cron.at("/spec/jobTemplate/spec/template/spec/containers/0/command/1").asString())
        .isEqualTo("hi");

    assertThat(ok("create", "ingress", "i", "-n", ns, "--rule=foo.com/bar=svc1:8080").stdout())
        .isEqualTo("ingress.networking.k8s.io/i created\n");
    JsonNode rule = json(ns, "ingress/i").at("/spec/rules/0");
    assertThat(rule.at("/host").asString()).isEqualTo("foo.com");
    assertThat(rule.at("/http/paths/0/path").asString()).isEqualTo("/bar");
    assertThat(rule.at("/http/paths/0/pathType").asString()).isEqualTo("Exact");
    assertThat(rule.at("/http/paths/0/backend/service/name").asString()).isEqualTo("svc1");
    assertThat(rule.at("/http/paths/0/backend/service/port/number").asInt()).isEqualTo(8080);

    assertThat(ok("create", "quota", "q", "-n", ns, "--hard=cpu=1,pods=2").stdout())
        .isEqualTo("resourcequota/q created\n");
    assertThat(jsonpath(ns, "quota/q", "{.spec.hard.cpu} {.spec.hard.pods}")).isEqualTo("1 2");

    assertThat(ok("create", "deployment", "d", "-n", ns, "--image=nginx", "--replicas=2").stdout())
        .isEqualTo("deployment.apps/d created\n");
    assertThat(jsonpath(ns, "deploy/d", "{.spec.replicas} {.spec.selector.matchLabels.app}"))
        .isEqualTo("2 d");

    assertThat(ok("create", "service", "clusterip", "ci", "-n", ns, "--tcp=80:8080").stdout())
        .isEqualTo("service/ci created\n");
    assertThat(jsonpath(ns, "svc/ci", "{.spec.type} {.spec.selector.app}"))
        .isEqualTo("ClusterIP ci");
    assertThat(ok("create", "service", "nodeport", "np", "-n", ns, "--tcp=80:8080").stdout())
        .isEqualTo("service/np created\n");
    assertThat(jsonpath(ns, "svc/np", "{.spec.type}")).isEqualTo("NodePort");
    assertThat(ok("create", "service", "loadbalancer", "lb", "-n", ns, "--tcp=80:8080").stdout())
        .isEqualTo("service/lb created\n");
    assertThat(jsonpath(ns, "svc/lb", "{.spec.type}")).isEqualTo("LoadBalancer");
    assertThat(Integer.parseInt(jsonpath(ns, "svc/lb", "{.spec.ports[0].nodePort}")))
        .isBetween(30000, 32767);
    assertThat(jsonpath(ns, "svc/lb", "{.spec.allocateLoadBalancerNodePorts}")).isEqualTo("true");
    assertThat(
            ok("create", "service", "externalname", "en", "-n", ns, "--external-name=example.com")
                .stdout())
        .isEqualTo("service/en created\n");
    JsonNode external = json(ns, "svc/en");
    assertThat(external.at("/spec/type").asString()).isEqualTo("ExternalName");
    assertThat(external.at("/spec/externalName").asString()).isEqualTo("example.com");
    // an ExternalName service gets no cluster IP
    assertThat(external.at("/spec/clusterIP").isMissingNode()).isTrue();

    String other = namespace("kw-gen-ns");
    assertThat(jsonpath("default", "ns/" + other, "{.status.phase}")).isEqualTo("Active");
    assertThat(
            jsonpath(
                "default", "ns/" + other, "{.metadata.labels.kubernetes\\.io/metadata\\.name}"))
        .isEqualTo(other);
  }

  @Test
  void createGeneratorsForRbacDisruptionBudgetsAndPriorityClasses() {
    String ns = namespace("kw-rbac");

    assertThat(
            ok(
                    "create",
                    "role",
                    "pod-reader",
                    "-n",
                    ns,
                    "--verb=get,list,watch",
                    "--resource=pods,deployments.apps")
                .stdout())
        .isEqualTo("role.rbac.authorization.k8s.io/pod-reader created\n");
    JsonNode role = json(ns, "role/pod-reader");
    assertThat(role.at("/rules/0/apiGroups/0").asString()).isEmpty();
    assertThat(role.at("/rules/0/resources/0").asString()).isEqualTo("pods");
    assertThat(role.at("/rules/0/verbs").toString()).isEqualTo("[\"get\",\"list\",\"watch\"]");
    assertThat(role.at("/rules/1/apiGroups/0").asString()).isEqualTo("apps");
    assertThat(lines(ok("get", "roles", "-n", ns).stdout()).get(0))
        .isEqualTo("NAME         CREATED AT");

    assertThat(
            ok("create", "clusterrole", "kw-node-viewer", "--verb=get", "--resource=nodes")
                .stdout())
        .isEqualTo("clusterrole.rbac.authorization.k8s.io/kw-node-viewer created\n");

    assertThat(
            ok(
                    "create",
                    "rolebinding",
                    "read-pods",
                    "-n",
                    ns,
                    "--role=pod-reader",
                    "--serviceaccount=" + ns + ":default",
                    "--user=jane")
                .stdout())
        .isEqualTo("rolebinding.rbac.authorization.k8s.io/read-pods created\n");
    List<String> wide =
        lines(ok("get", "rolebinding", "read-pods", "-n", ns, "-o", "wide").stdout());
    assertThat(cells(wide.get(0)))
        .containsExactly("NAME", "ROLE", "AGE", "USERS", "GROUPS", "SERVICEACCOUNTS");
    assertThat(cells(wide.get(1)).get(1)).isEqualTo("Role/pod-reader");
    assertThat(wide.get(1)).contains("jane").endsWith(ns + "/default");
    // the user subject gets the RBAC group by default; the service account none
    JsonNode binding = json(ns, "rolebinding/read-pods");
    assertThat(binding.at("/roleRef/apiGroup").asString()).isEqualTo("rbac.authorization.k8s.io");
    assertThat(binding.toString())
        .contains("\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"User\"");
    // a binding's roleRef cannot be changed
    assertThat(
            fails(
                    "patch",
                    "rolebinding",
                    "read-pods",
                    "-n",
                    ns,
                    "--type=merge",
                    "-p",
                    "{\"roleRef\":{\"name\":\"other\"}}")
                .stderr())
        .contains(
            "The RoleBinding \"read-pods\" is invalid: roleRef: Invalid value:"
                + " rbac.RoleRef{APIGroup:\"rbac.authorization.k8s.io\", Kind:\"Role\","
                + " Name:\"other\"}: cannot change roleRef");

    assertThat(
            ok("create", "clusterrolebinding", "kw-view", "--clusterrole=view", "--group=devs")
                .stdout())
        .isEqualTo("clusterrolebinding.rbac.authorization.k8s.io/kw-view created\n");
    String clusterBindings = ok("get", "clusterrolebindings").stdout();
    assertThat(row(clusterBindings, 0, "kw-view").get(1)).isEqualTo("ClusterRole/view");
    assertThat(row(clusterBindings, 0, "cluster-admin").get(1))
        .isEqualTo("ClusterRole/cluster-admin");

    assertThat(
            ok(
                    "create",
                    "poddisruptionbudget",
                    "web",
                    "-n",
                    ns,
                    "--selector=app=web",
                    "--min-available=2")
                .stdout())
        .isEqualTo("poddisruptionbudget.policy/web created\n");
    List<String> pdbs = lines(ok("get", "pdb", "-n", ns).stdout());
    assertThat(cells(pdbs.get(0)))
        .containsExactly("NAME", "MIN AVAILABLE", "MAX UNAVAILABLE", "ALLOWED DISRUPTIONS", "AGE");
    assertThat(cells(pdbs.get(1)).subList(0, 4)).containsExactly("web", "2", "N/A", "0");
    assertThat(
            fails("create", "pdb", "both", "-n", ns, "--selector=app=web", "--max-unavailable=150%")
                .stderr())
        .contains("spec.maxUnavailable: Invalid value: 150%: must not be greater than 100%");

    assertThat(
            ok("create", "priorityclass", "kw-high", "--value=1000", "--description=high").stdout())
        .isEqualTo("priorityclass.scheduling.k8s.io/kw-high created\n");
    assertThat(jsonpath("default", "pc/kw-high", "{.preemptionPolicy}"))
        .isEqualTo("PreemptLowerPriority");
    String classes = ok("get", "priorityclasses").stdout();
    assertThat(cells(lines(classes).get(0)))
        .containsExactly("NAME", "VALUE", "GLOBAL-DEFAULT", "AGE", "PREEMPTIONPOLICY");
    assertThat(row(classes, 0, "kw-high")).contains("1000", "false", "PreemptLowerPriority");
    assertThat(row(classes, 0, "system-node-critical").get(1)).isEqualTo("2000001000");
    assertThat(fails("create", "priorityclass", "system-mine", "--value=5").stderr())
        .contains(
            "error: failed to create priorityclass: PriorityClass \"system-mine\" is invalid:"
                + " metadata.name: Forbidden: priority"
                + " class names with 'system-' prefix are reserved for system use only. error:"
                + " system-mine is not a known system priority class");
    assertThat(fails("create", "priorityclass", "too-high", "--value=2000000000").stderr())
        .contains(
            "value: Forbidden: maximum allowed value of a user defined priority is 1000000000");
  }

  // ---------------------------------------------------------------- 11: explain

  @Test
  void explainPrintsTheSchemaDocumentation() {
    String strategy = ok("explain", "deployment.spec.strategy").stdout();
    assertThat(strategy)
        .startsWith("GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\n")
        .contains("FIELD: strategy <DeploymentStrategy>\n")
        .contains(
            "DESCRIPTION:\n"
                + "    The deployment strategy to use to replace existing pods with new ones.\n"
                + "    DeploymentStrategy describes how to replace existing pods with new ones.\n")
        .contains("FIELDS:\n")
        .contains(
            "  rollingUpdate\t<RollingUpdateDeployment>\n"
                + "    Rolling update config params. Present only if DeploymentStrategyType =\n"
                + "    RollingUpdate.\n")
        .contains(
            "  type\t<string>\n"
                + "  enum: Recreate, RollingUpdate\n"
                + "    Type of deployment. Can be \"Recreate\" or \"RollingUpdate\". Default is\n"
                + "    RollingUpdate.\n"
                + "    \n"
                + "    Possible enum values:\n"
                + "     - `\"Recreate\"` Kill all existing pods before creating new ones.\n");
    String type = ok("explain", "deployment.spec.strategy.type").stdout();
    assertThat(type)
        .contains("FIELD: type <string>\n" + "ENUM:\n" + "    Recreate\n" + "    RollingUpdate\n\n")
        .contains("    Possible enum values:\n");
    assertThat(ok("explain", "service.spec.type").stdout())
        .contains("ENUM:\n    ClusterIP\n    ExternalName\n    LoadBalancer\n    NodePort\n");

    String pods = ok("explain", "pods").stdout();
    assertThat(pods)
        .startsWith("KIND:       Pod\nVERSION:    v1\n\nDESCRIPTION:\n")
        .contains(
            "    Pod is a collection of containers that can run on a host. This resource is\n"
                + "    created by clients and scheduled onto hosts.\n")
        .contains("FIELDS:\n")
        .contains("  apiVersion\t<string>\n", "  kind\t<string>\n")
        .contains("  metadata\t<ObjectMeta>\n" + "    Standard object's metadata. More info:\n")
        .contains("  spec\t<PodSpec>\n", "  status\t<PodStatus>\n");
  }

  // ---------------------------------------------------------------- 12: label/annotate conflicts

  @Test
  void labelAndAnnotateRefuseToOverwriteWithoutOverwrite() {
    String ns = namespace("kw-label");
    ok("create", "deployment", "web", "-n", ns, "--image=nginx");

    assertThat(fails("label", "deploy", "web", "-n", ns, "app=x").stderr())
        .isEqualTo("error: 'app' already has a value (web), and --overwrite is false\n");
    assertThat(jsonpath(ns, "deploy/web", "{.metadata.labels.app}")).isEqualTo("web");
    assertThat(ok("label", "deploy", "web", "-n", ns, "app=x", "--overwrite").stdout())
        .isEqualTo("deployment.apps/web labeled\n");
    assertThat(jsonpath(ns, "deploy/web", "{.metadata.labels.app}")).isEqualTo("x");

    assertThat(ok("annotate", "deploy", "web", "-n", ns, "note=1").stdout())
        .isEqualTo("deployment.apps/web annotated\n");
    assertThat(fails("annotate", "deploy", "web", "-n", ns, "note=2").stderr())
        .isEqualTo(
            "error: --overwrite is false but found the following declared annotation(s): 'note'"
                + " already has a value (1)\n");
    assertThat(ok("annotate", "deploy", "web", "-n", ns, "note=2", "--overwrite").stdout())
        .isEqualTo("deployment.apps/web annotated\n");
    assertThat(jsonpath(ns, "deploy/web", "{.metadata.annotations.note}")).isEqualTo("2");

    // removing the last annotation leaves no empty annotations map behind
    assertThat(ok("annotate", "deploy", "web", "-n", ns, "note-").stdout())
        .isEqualTo("deployment.apps/web annotated\n");
    assertThat(json(ns, "deploy/web").at("/metadata/annotations").isMissingNode()).isTrue();
  }
}

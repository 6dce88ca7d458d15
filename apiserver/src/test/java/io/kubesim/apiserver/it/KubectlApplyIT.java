package io.kubesim.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Server-side apply and server-side field validation, driven by the real kubectl. */
class KubectlApplyIT {
  private static Kubectl kubectl;

  @BeforeAll
  static void start() {
    kubectl = new Kubectl();
  }

  @AfterAll
  static void stop() {
    kubectl.close();
  }

  private static String deployment(String ns, int replicas, String extraSpec) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: %s
        spec:
          replicas: %d
        %s  selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: nginx
                image: nginx:1.27
        """
        .formatted(ns, replicas, extraSpec);
  }

  private static void namespace(String ns) {
    Kubectl.Result created = kubectl.run("create", "namespace", ns);
    assertThat(created.exitCode()).as(created.toString()).isZero();
  }

  @Test
  void serverSideApplyIsIdempotentAndReportsConflictsBetweenManagers() {
    namespace("kc-ssa");
    Kubectl.Result first =
        kubectl.runWithInput(deployment("kc-ssa", 2, ""), "apply", "--server-side", "-f", "-");
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(first.stdout()).contains("deployment.apps/web serverside-applied");
    Kubectl.Result again =
        kubectl.runWithInput(deployment("kc-ssa", 2, ""), "apply", "--server-side", "-f", "-");
    assertThat(again.exitCode()).as(again.toString()).isZero();

    Kubectl.Result conflict =
        kubectl.runWithInput(
            deployment("kc-ssa", 5, ""),
            "apply",
            "--server-side",
            "--field-manager=other",
            "-f",
            "-");
    assertThat(conflict.exitCode()).isEqualTo(1);
    assertThat(conflict.stderr())
        .contains("Apply failed with 1 conflict: conflict with \"kubectl\": .spec.replicas");

    Kubectl.Result forced =
        kubectl.runWithInput(
            deployment("kc-ssa", 5, ""),
            "apply",
            "--server-side",
            "--field-manager=other",
            "--force-conflicts",
            "-f",
            "-");
    assertThat(forced.exitCode()).as(forced.toString()).isZero();
    Kubectl.Result replicas =
        kubectl.run("get", "deploy", "web", "-n", "kc-ssa", "-o", "jsonpath={.spec.replicas}");
    assertThat(replicas.stdout()).isEqualTo("5");
    Kubectl.Result managers =
        kubectl.run(
            "get",
            "deploy",
            "web",
            "-n",
            "kc-ssa",
            "--show-managed-fields",
            "-o",
            "jsonpath={.metadata.managedFields[*].manager}");
    assertThat(managers.stdout().split(" ")).contains("kubectl", "other");
  }

  @Test
  void strictValidationRejectsAMisspeltFieldAndWarnLetsItThrough() {
    namespace("kc-strict");
    String misspelt = deployment("kc-strict", 1, "  replica: 3\n");
    Kubectl.Result strict = kubectl.runWithInput(misspelt, "apply", "-f", "-");
    assertThat(strict.exitCode()).isEqualTo(1);
    assertThat(strict.stderr())
        .contains(
            "Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding"
                + " error: unknown field \"spec.replica\"");
    assertThat(kubectl.run("get", "deploy", "web", "-n", "kc-strict").exitCode()).isEqualTo(1);

    Kubectl.Result warn = kubectl.runWithInput(misspelt, "apply", "--validate=warn", "-f", "-");
    assertThat(warn.exitCode()).as(warn.toString()).isZero();
    assertThat(warn.stderr()).contains("Warning: unknown field \"spec.replica\"");
    Kubectl.Result stored =
        kubectl.run("get", "deploy", "web", "-n", "kc-strict", "-o", "jsonpath={.spec}");
    assertThat(stored.stdout()).doesNotContain("replica\":3").contains("\"replicas\":1");
  }

  @Test
  void aWrongTypeIsTheDecodersBadRequest() {
    namespace("kc-types");
    Kubectl.Result result =
        kubectl.runWithInput(
            """
            apiVersion: v1
            kind: Service
            metadata: {name: s, namespace: kc-types}
            spec:
              ports: [{port: "eighty"}]
            """,
            "apply",
            "-f",
            "-");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr())
        .contains(
            "json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of"
                + " type int32");
  }
}

package io.kubesim.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the apiserver itself answers to exec and port-forward before any kubelet is involved: the
 * checks of the real apiserver's stream location, and a node without a kubelet. No kubelet runs.
 */
class PodStreamErrorsIT {
  private static Kubectl kubectl;

  @BeforeAll
  static void setUp() {
    TestCluster.server();
    kubectl = new Kubectl();
    Kubectl.Result r =
        kubectl.runWithInput(
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: unscheduled}
            spec:
              containers: [{name: app, image: busybox}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: orphan}
            spec:
              nodeName: no-such-node
              containers: [{name: app, image: busybox}, {name: side, image: busybox}]
            """,
            "apply",
            "-f",
            "-");
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  @AfterAll
  static void tearDown() {
    kubectl.run("delete", "pod", "unscheduled", "orphan", "--wait=false");
    kubectl.close();
  }

  @Test
  void theContainerIsCheckedBeforeTheNodeAsStreamLocationDoes() {
    Kubectl.Result wrong = kubectl.run("exec", "unscheduled", "-c", "nosuch", "--", "ls");
    assertThat(wrong.stderr())
        .isEqualTo(
            "Error from server (BadRequest): container nosuch is not valid for pod unscheduled\n");
    Kubectl.Result right = kubectl.run("exec", "unscheduled", "--", "ls");
    assertThat(right.exitCode()).isEqualTo(1);
    assertThat(right.stderr())
        .isEqualTo(
            "Error from server (BadRequest): pod unscheduled does not have a host assigned\n");
  }

  @Test
  void execOnANodeWithoutAKubeletCannotDialIt() {
    Kubectl.Result r = kubectl.run("exec", "orphan", "-c", "side", "--", "ls");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr())
        .isEqualTo(
            "error: Internal error occurred: error dialing backend: dial tcp: lookup no-such-node:"
                + " no kubelet is running there\n");
  }

  @Test
  void aStreamRequestThatIsNotAnUpgradeIsRefused() throws Exception {
    HttpResponse<String> r =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            TestCluster.url()
                                + "/api/v1/namespaces/default/pods/orphan/portforward"))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body())
        .contains("\"message\":\"Upgrade request required\"")
        .contains("\"reason\":\"BadRequest\"");
  }
}

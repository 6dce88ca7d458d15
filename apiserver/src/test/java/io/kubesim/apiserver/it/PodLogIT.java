package io.kubesim.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.core.Addresses;
import io.kubesim.core.client.ApiCall;
import io.kubesim.core.client.ApiReply;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl logs} through the apiserver to a kubelet on the event bus: a fake kubelet for node
 * "fake-node" answers with what it was asked, and streams two lines for follow.
 */
class PodLogIT {
  private static Kubectl kubectl;
  private static MessageConsumer<JsonObject> kubelet;
  private static final List<ApiCall> calls = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void setUp() throws Exception {
    Vertx vertx = TestCluster.server().cluster().vertx();
    kubelet =
        vertx
            .eventBus()
            .consumer(
                Addresses.KUBELET_PREFIX + "fake-node",
                m -> {
                  if (m.body().containsKey("cancel")) {
                    return;
                  }
                  ApiCall call = ApiCall.fromJson(m.body());
                  calls.add(call);
                  String stream = call.headers().get(ApiCall.STREAM_ADDRESS);
                  String text =
                      "log of "
                          + call.path()
                          + " container="
                          + call.query().get("container")
                          + " tail="
                          + call.query().get("tailLines")
                          + "\n";
                  m.reply(
                      new ApiReply(200, "text/plain", text.getBytes(StandardCharsets.UTF_8))
                          .toJson());
                  if (stream != null) {
                    vertx.eventBus().send(stream, Buffer.buffer("first\n"));
                    vertx.setTimer(
                        300,
                        t -> {
                          vertx.eventBus().send(stream, Buffer.buffer("second\n"));
                          vertx
                              .eventBus()
                              .send(
                                  stream,
                                  Buffer.buffer(),
                                  new DeliveryOptions().addHeader("end", "true"));
                        });
                  }
                });
    kubelet.completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    kubectl = new Kubectl();
    String pods =
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: logged}
        spec:
          nodeName: fake-node
          containers: [{name: app, image: nginx}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: logged-two}
        spec:
          nodeName: fake-node
          initContainers: [{name: init, image: busybox}]
          containers: [{name: a, image: nginx}, {name: b, image: nginx}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: logged-nowhere}
        spec:
          containers: [{name: app, image: nginx}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: logged-ghost}
        spec:
          nodeName: ghost-node
          containers: [{name: app, image: nginx}]
        """;
    Kubectl.Result created = kubectl.runWithInput(pods, "apply", "-f", "-");
    assertThat(created.exitCode()).as(created.toString()).isZero();
  }

  @AfterAll
  static void tearDown() {
    kubectl.run(
        "delete",
        "pod",
        "logged",
        "logged-two",
        "logged-nowhere",
        "logged-ghost",
        "--grace-period=0",
        "--force");
    kubectl.close();
    kubelet.unregister();
  }

  @Test
  void theKubeletOfThePodsNodeAnswers() {
    Kubectl.Result r = kubectl.run("logs", "logged", "--tail=3");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout())
        .isEqualTo("log of /api/v1/namespaces/default/pods/logged/log container=[app] tail=[3]\n");
  }

  @Test
  void followStreamsUntilTheKubeletEndsIt() {
    Kubectl.Result r = kubectl.run("logs", "-f", "logged");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).endsWith("first\nsecond\n");
  }

  @Test
  void severalContainersNeedAName() {
    Kubectl.Result r =
        kubectl.run("get", "--raw", "/api/v1/namespaces/default/pods/logged-two/log");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr())
        .contains(
            "a container name must be specified for pod logged-two, choose one of: [a b] or one"
                + " of the init containers: [init]");
    Kubectl.Result wrong = kubectl.run("logs", "logged-two", "-c", "c");
    assertThat(wrong.stderr()).contains("container c is not valid for pod logged-two");
    Kubectl.Result init = kubectl.run("logs", "logged-two", "-c", "init");
    assertThat(init.exitCode()).as(init.toString()).isZero();
  }

  @Test
  void aPodWithoutANodeHasNoLogs() {
    Kubectl.Result r = kubectl.run("logs", "logged-nowhere");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).contains("pod logged-nowhere does not have a host assigned");
  }

  @Test
  void aNodeWithoutAKubeletIsAnError() {
    Kubectl.Result r = kubectl.run("logs", "logged-ghost");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).contains("ghost-node");
  }
}

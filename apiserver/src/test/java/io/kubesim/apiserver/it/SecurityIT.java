package io.kubesim.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.kubesim.apiserver.ApiServer;
import io.kubesim.apiserver.ApiServerConfig;
import io.kubesim.core.MapNames;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The secure port, driven by the real kubectl with the kubeconfig the apiserver writes: HTTPS
 * verified against the cluster CA, the admin token accepted, anything else 401.
 */
class SecurityIT {
  private static ApiServer server;
  private static Path data;
  private static Kubectl kubectl;

  @BeforeAll
  static void start() throws Exception {
    TestCluster.Own own = TestCluster.startOwn("secure", ApiServerConfig::secure);
    server = own.server();
    data = own.dataDir();
    kubectl = new Kubectl(data.resolve("admin.kubeconfig"));
  }

  @AfterAll
  static void stop() throws Exception {
    kubectl.close();
    server.stop();
  }

  @Test
  void theWrittenKubeconfigReachesTheClusterOverVerifiedTls() throws Exception {
    String kubeconfig = Files.readString(data.resolve("admin.kubeconfig"));
    assertThat(kubeconfig)
        .contains("server: https://127.0.0.1:" + server.port())
        .contains("certificate-authority-data: ")
        .contains("token: ")
        .doesNotContain("insecure-skip-tls-verify");
    Kubectl.Result result = kubectl.run("get", "ns", "kube-system");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stdout()).contains("kube-system   Active");
    assertThat(Files.exists(data.resolve("pki/ca.crt"))).isTrue();
    assertThat(Files.exists(data.resolve("pki/apiserver.key"))).isTrue();
  }

  @Test
  void aWrongTokenIsUnauthorized() {
    Kubectl.Result result = kubectl.run("--token=not-the-token", "get", "ns");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr())
        .contains("error: You must be logged in to the server (Unauthorized)");
  }

  @Test
  void healthAndVersionNeedNoToken() {
    Kubectl.Result health = kubectl.run("--token=not-the-token", "get", "--raw", "/healthz");
    assertThat(health.exitCode()).as(health.toString()).isZero();
    assertThat(health.stdout()).isEqualTo("ok");
  }

  @Test
  void theAdminMayDoAnything() {
    Kubectl.Result canI = kubectl.run("auth", "can-i", "create", "pods");
    assertThat(canI.exitCode()).as(canI.toString()).isZero();
    assertThat(canI.stdout().trim()).isEqualTo("yes");
    Kubectl.Result anonymous =
        kubectl.run("--token=not-the-token", "auth", "can-i", "create", "pods");
    assertThat(anonymous.exitCode()).isNotZero();
  }

  @Test
  void aServiceAccountTokenAuthenticatesAndRbacDecidesWhatItMayDo() {
    ok("create", "namespace", "sa-demo");
    ok("create", "serviceaccount", "bot", "-n", "sa-demo");
    String token = ok("create", "token", "bot", "-n", "sa-demo").stdout().trim();
    assertThat(token.split("\\.")).hasSize(3);
    String as = "--token=" + token;

    // authenticated, but nothing is bound to it yet
    Kubectl.Result refused = kubectl.run(as, "get", "pods", "-n", "sa-demo");
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
    assertThat(refused.stderr())
        .contains(
            "Error from server (Forbidden): pods is forbidden: User"
                + " \"system:serviceaccount:sa-demo:bot\" cannot list resource \"pods\" in API group"
                + " \"\" in the namespace \"sa-demo\"");
    assertThat(kubectl.run(as, "auth", "can-i", "list", "pods", "-n", "sa-demo").stdout().trim())
        .isEqualTo("no");

    ok(
        "create",
        "rolebinding",
        "bot-view",
        "--clusterrole=view",
        "--serviceaccount=sa-demo:bot",
        "-n",
        "sa-demo");
    Kubectl.Result allowed = kubectl.run(as, "get", "pods", "-n", "sa-demo");
    assertThat(allowed.exitCode()).as(allowed.toString()).isZero();
    assertThat(allowed.stderr()).contains("No resources found in sa-demo namespace.");
    assertThat(kubectl.run(as, "auth", "can-i", "list", "pods", "-n", "sa-demo").stdout().trim())
        .isEqualTo("yes");
    assertThat(
            kubectl
                .run(as, "auth", "can-i", "create", "deployments", "-n", "sa-demo")
                .stdout()
                .trim())
        .isEqualTo("no");
    Kubectl.Result elsewhere = kubectl.run(as, "get", "deployments", "-n", "default");
    assertThat(elsewhere.stderr())
        .contains(
            "deployments.apps is forbidden: User \"system:serviceaccount:sa-demo:bot\" cannot list"
                + " resource \"deployments\" in API group \"apps\" in the namespace \"default\"");
    Kubectl.Result nodes = kubectl.run(as, "get", "nodes");
    assertThat(nodes.stderr()).contains("at the cluster scope");

    Kubectl.Result tooShort =
        kubectl.run("create", "token", "bot", "-n", "sa-demo", "--duration=1m");
    assertThat(tooShort.exitCode()).isEqualTo(1);
    assertThat(tooShort.stderr())
        .contains(
            "spec.expirationSeconds: Invalid value: 60: may not specify a duration less than"
                + " 10 minutes");

    // the token dies with its service account
    ok("delete", "serviceaccount", "bot", "-n", "sa-demo");
    Kubectl.Result gone = kubectl.run(as, "get", "pods", "-n", "sa-demo");
    assertThat(gone.stderr()).contains("error: You must be logged in to the server (Unauthorized)");
  }

  private static Kubectl.Result ok(String... args) {
    Kubectl.Result result = kubectl.run(args);
    assertThat(result.exitCode()).as("kubectl %s\n%s", String.join(" ", args), result).isZero();
    return result;
  }

  @ParameterizedTest(name = "port-forward over TLS through {0}")
  @ValueSource(strings = {"a websocket", "SPDY"})
  void portForwardWorksOverTheSecurePort(String transport) throws Exception {
    HttpServer app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    app.createContext(
        "/",
        exchange -> {
          byte[] body = "hello from the pod\n".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    app.start();
    String pod = transport.equals("SPDY") ? "tls-spdy" : "tls-ws";
    try {
      Kubectl.Result created =
          kubectl.run("run", pod, "--image=nginx", "--overrides={\"spec\":{\"nodeName\":\"n1\"}}");
      assertThat(created.exitCode()).as(created.toString()).isZero();
      Kubectl.Result running =
          kubectl.run(
              "patch",
              "pod",
              pod,
              "--subresource=status",
              "--type=merge",
              "-p",
              "{\"status\":{\"phase\":\"Running\",\"podIP\":\"10.99.7.7\"}}");
      assertThat(running.exitCode()).as(running.toString()).isZero();
      server
          .cluster()
          .hazelcast()
          .<String, String>getMap(MapNames.POD_NETWORK)
          .put("10.99.7.7:80", "127.0.0.1:" + app.getAddress().getPort());
      Map<String, String> env =
          transport.equals("SPDY") ? Map.of("KUBECTL_PORT_FORWARD_WEBSOCKETS", "false") : Map.of();
      try (Kubectl.Background forward =
          kubectl.background(env, "port-forward", "pod/" + pod, "0:80")) {
        int[] port = {0};
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> {
                  Matcher m =
                      Pattern.compile("127\\.0\\.0\\.1:(\\d+) -> 80").matcher(forward.stdout());
                  assertThat(m.find()).as(forward.toString()).isTrue();
                  port[0] = Integer.parseInt(m.group(1));
                });
        HttpResponse<String> response =
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port[0] + "/"))
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(response.body()).isEqualTo("hello from the pod\n");
      }
    } finally {
      app.stop(0);
      kubectl.run("delete", "pod", pod, "--wait=false");
    }
  }
}

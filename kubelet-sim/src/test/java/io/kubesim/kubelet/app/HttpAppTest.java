package io.kubesim.kubelet.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.AbstractMap.SimpleEntry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HttpAppTest {
  static final Instant T0 = Instant.parse("2026-01-01T10:20:30Z");

  static HttpApp.Identity id(String image) {
    return new HttpApp.Identity("web-1", "shop", "kubesim-worker", "10.244.1.5", "app", image);
  }

  static HttpApp.Request get(String uri) {
    List<Map.Entry<String, String>> headers =
        List.of(
            new SimpleEntry<>("Host", "10.244.1.5"),
            new SimpleEntry<>("User-Agent", "curl/8.5.0"),
            new SimpleEntry<>("Accept", "*/*"));
    return new HttpApp.Request("GET", uri, "HTTP/1.1", headers, "10.244.0.1:53422");
  }

  @Test
  void nginxServesItsWelcomePageOnTheRoot() {
    HttpApp.Response r = HttpApp.respond(id("nginx:1.27"), HttpApp.Health.OK, get("/"), T0);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).hasSize(615);
    String body = new String(r.body(), StandardCharsets.UTF_8);
    assertThat(body).contains("<title>Welcome to nginx!</title>");
    assertThat(r.headers())
        .containsEntry("Server", "nginx/1.27.5")
        .containsEntry("Content-Type", "text/html");
    assertThat(r.logLines())
        .containsExactly(
            "10.244.0.1 - - [01/Jan/2026:10:20:30 +0000] \"GET / HTTP/1.1\" 200 615 \"-\""
                + " \"curl/8.5.0\" \"-\"");
  }

  @Test
  void nginxAnswersOtherPathsWithItsNotFoundPage() {
    HttpApp.Response r =
        HttpApp.respond(id("nginx:1.25.3"), HttpApp.Health.OK, get("/healthz"), T0);
    assertThat(r.status()).isEqualTo(404);
    assertThat(new String(r.body(), StandardCharsets.UTF_8))
        .isEqualTo(
            "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n"
                + "<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n"
                + "</body>\r\n</html>\r\n");
    assertThat(r.logLines().get(0)).contains("\"GET /healthz HTTP/1.1\" 404 ");
    assertThat(r.logLines().get(1))
        .startsWith("2026/01/01 10:20:30 [error]")
        .contains("open() \"/usr/share/nginx/html/healthz\" failed (2: No such file or directory)");
  }

  @Test
  void otherImagesAnswerWhoAmI() {
    HttpApp.Response r =
        HttpApp.respond(id("traefik/whoami"), HttpApp.Health.OK, get("/hello?x=1"), T0);
    assertThat(r.status()).isEqualTo(200);
    assertThat(new String(r.body(), StandardCharsets.UTF_8))
        .startsWith("Hostname: web-1\nNamespace: shop\nNode: kubesim-worker\n")
        .contains("IP: 10.244.1.5\n")
        .contains("RemoteAddr: 10.244.0.1:53422\n")
        .contains("GET /hello?x=1 HTTP/1.1\nHost: 10.244.1.5\nUser-Agent: curl/8.5.0\n");
    assertThat(r.logLines()).singleElement().asString().doesNotEndWith("\"-\" \"-\"");
  }

  record HealthCase(String name, HttpApp.Health health, int status) {}

  static List<HealthCase> health() {
    return List.of(
        new HealthCase("an app still warming up answers 503", HttpApp.Health.WARMING_UP, 503),
        new HealthCase("a sick app answers 500", HttpApp.Health.FAILING, 500),
        new HealthCase("a healthy app answers 200", HttpApp.Health.OK, 200));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("health")
  void theScriptedHealthShowsInTheAnswer(HealthCase c) {
    assertThat(HttpApp.respond(id("nginx"), c.health(), get("/"), T0).status())
        .isEqualTo(c.status());
  }

  @Test
  void imagesAreToldApartByTheirRepositoryName() {
    assertThat(HttpApp.kind("nginx")).isEqualTo(HttpApp.Kind.NGINX);
    assertThat(HttpApp.kind("docker.io/library/nginx:1.27-alpine")).isEqualTo(HttpApp.Kind.NGINX);
    assertThat(HttpApp.kind("registry.k8s.io/e2e-test-images/agnhost:2.53"))
        .isEqualTo(HttpApp.Kind.WHOAMI);
    assertThat(HttpApp.kind("registry.k8s.io/pause:3.10")).isEqualTo(HttpApp.Kind.PAUSE);
    assertThat(HttpApp.nginxVersion("nginx:1.27.3-alpine")).isEqualTo("nginx/1.27.3");
    assertThat(HttpApp.nginxVersion("nginx:latest")).isEqualTo("nginx/1.27.5");
  }

  @Test
  void nginxStartsWithItsEntrypointsLines() {
    List<String> lines = HttpApp.startLines("nginx", List.of(80), T0);
    assertThat(lines.get(0)).startsWith("/docker-entrypoint.sh:");
    assertThat(lines).contains("2026/01/01 10:20:30 [notice] 1#1: start worker processes");
    assertThat(HttpApp.startLines("myapp:1", List.of(8080), T0))
        .singleElement()
        .asString()
        .contains("docker.io/library/myapp:1")
        .contains(":8080");
  }
}

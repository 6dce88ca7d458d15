package io.kubesim.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.core.json.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Query parameters spelled as other clients spell them (the Python client's {@code watch=True}),
 * and bad ones answered at once with kube-apiserver's 400 or 422, never a hang.
 */
class QueryParametersIT {
  private static final String NS = "query-params";
  private static final String CMS = "/api/v1/namespaces/" + NS + "/configmaps";
  private static Http http;

  @BeforeAll
  static void seed() {
    http = new Http(TestCluster.url());
    ObjectNode ns = Json.object().put("apiVersion", "v1").put("kind", "Namespace");
    ns.putObject("metadata").put("name", NS);
    http.create("/api/v1/namespaces", ns);
    ObjectNode cm = Json.object().put("apiVersion", "v1").put("kind", "ConfigMap");
    cm.putObject("metadata").put("name", "seen");
    http.create(CMS, cm);
  }

  @ParameterizedTest(name = "watch={0} watches")
  @ValueSource(strings = {"True", "true", "1", "t", "yes", ""})
  void everyTrueSpellingWatches(String value) throws Exception {
    Http.WatchResult watch =
        http.watch(CMS + "?watch=" + value + "&timeoutSeconds=1", Duration.ofSeconds(20));
    assertThat(watch.status()).isEqualTo(200);
    assertThat(watch.lines()).isNotEmpty();
    JsonNode first =
        Json.parse(watch.lines().get(0).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(first.path("type").asString()).isEqualTo("ADDED");
    assertThat(first.path("object").path("metadata").path("name").asString()).isEqualTo("seen");
  }

  @ParameterizedTest(name = "watch={0} lists")
  @ValueSource(strings = {"false", "False", "FALSE", "0"})
  void onlyFalseAndZeroList(String value) {
    ObjectNode list = http.getObject(CMS + "?watch=" + value);
    assertThat(list.path("kind").asString()).isEqualTo("ConfigMapList");
    assertThat(list.path("items").get(0).path("metadata").path("name").asString())
        .isEqualTo("seen");
  }

  private record Bad(String path, int code, String message) {}

  @Test
  void badIntegersAndDurationsAreAnsweredWithTheApiserversTexts() {
    List<Bad> cases =
        List.of(
            new Bad(CMS + "?limit=abc", 400, "strconv.ParseInt: parsing \"abc\": invalid syntax"),
            new Bad(CMS + "?limit=", 400, "strconv.ParseInt: parsing \"\": invalid syntax"),
            new Bad(
                CMS + "?watch=1&timeoutSeconds=soon",
                400,
                "strconv.ParseInt: parsing \"soon\": invalid syntax"),
            new Bad(
                CMS + "?watch=1&limit=1&timeoutSeconds=99999999999999999999",
                400,
                "strconv.ParseInt: parsing \"99999999999999999999\": value out of range"),
            new Bad(
                CMS + "/seen?timeout=soon",
                400,
                "invalid timeout specified in the request URL - time: invalid duration \"soon\""),
            new Bad(
                CMS + "/seen?gracePeriodSeconds=x",
                400,
                "strconv.ParseInt: parsing \"x\": invalid syntax"),
            new Bad(
                "/api/v1/namespaces/" + NS + "/pods/none/log?tailLines=many",
                400,
                "strconv.ParseInt: parsing \"many\": invalid syntax"),
            new Bad(
                "/api/v1/namespaces/" + NS + "/pods/none/log?tailLines=-1&limitBytes=0",
                422,
                "PodLogOptions \"none\" is invalid: [tailLines: Invalid value: -1: must be greater"
                    + " than or equal to 0, limitBytes: Invalid value: 0: must be greater than"
                    + " 0]"));
    for (Bad bad : cases) {
      String method = bad.path().contains("gracePeriodSeconds") ? "DELETE" : "GET";
      HttpResponse<byte[]> response = http.send(method, bad.path(), null, null);
      assertThat(response.statusCode())
          .as(bad.path() + ": " + Http.text(response))
          .isEqualTo(bad.code());
      JsonNode status = Json.parse(response.body());
      assertThat(status.path("kind").asString()).isEqualTo("Status");
      assertThat(status.path("message").asString()).as(bad.path()).isEqualTo(bad.message());
    }
    // The delete with the bad grace period deleted nothing.
    assertThat(http.get(CMS + "/seen").statusCode()).isEqualTo(200);
  }

  @Test
  void aPostWithWatchInItsQueryCreatesInsteadOfWatching() {
    ObjectNode cm = Json.object().put("apiVersion", "v1").put("kind", "ConfigMap");
    cm.putObject("metadata").put("name", "posted-with-watch");
    HttpResponse<byte[]> response =
        http.send(
            "POST",
            "/api/v1/namespaces/default/configmaps?watch=1",
            "application/json",
            Json.bytes(cm));
    assertThat(response.statusCode()).as(Http.text(response)).isEqualTo(201);
  }
}

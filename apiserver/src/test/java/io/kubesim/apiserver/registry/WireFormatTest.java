package io.kubesim.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.apiserver.ApiService;
import io.kubesim.apiserver.metrics.ApiMetrics;
import io.kubesim.apiserver.request.ApiRequest;
import io.kubesim.apiserver.request.ApiResponse;
import io.kubesim.apiserver.storage.Mirror;
import io.kubesim.apiserver.storage.Store;
import io.kubesim.core.api.Status;
import io.kubesim.core.json.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bodies byte for byte as kube-apiserver writes them: Go's encoding/json of metav1.Status (struct
 * field order, omitempty, HTML escaping) and the newline json.Encoder ends every value with.
 */
class WireFormatTest {
  private static final String CONFIGMAPS = "/api/v1/namespaces/default/configmaps";

  private Store store;
  private ApiService api;

  @BeforeEach
  void setUp() {
    store = Store.open(null, Mirror.NONE, 100);
    api =
        new ApiService(
            store,
            Clock.systemUTC(),
            "127.0.0.1",
            new ApiMetrics(new SimpleMeterRegistry(), store));
    send("POST", "/api/v1/namespaces", Map.of(), Map.of(), "{\"metadata\":{\"name\":\"default\"}}");
    send(
        "POST",
        CONFIGMAPS,
        Map.of(),
        Map.of(),
        "{\"metadata\":{\"name\":\"wire\",\"annotations\":{\"u\":\"a<b>&c\"}},\"data\":{\"k\":\"v\"}}");
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void aNotFoundInTheCoreGroupNamesNoGroup() {
    assertThat(body(send("GET", CONFIGMAPS + "/nope", Map.of(), Map.of(), null)))
        .isEqualTo(
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"configmaps \\\"nope\\\" not found\",\"reason\":\"NotFound\","
                + "\"details\":{\"name\":\"nope\",\"kind\":\"configmaps\"},\"code\":404}\n");
  }

  @Test
  void aNotFoundInAGroupNamesIt() {
    String path = "/apis/apps/v1/namespaces/default/deployments/nope";
    assertThat(body(send("GET", path, Map.of(), Map.of(), null)))
        .isEqualTo(
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"deployments.apps \\\"nope\\\" not found\",\"reason\":\"NotFound\","
                + "\"details\":{\"name\":\"nope\",\"group\":\"apps\",\"kind\":\"deployments\"},"
                + "\"code\":404}\n");
  }

  @Test
  void anUnknownPathHasEmptyDetails() {
    assertThat(body(send("GET", "/api/v1/nope", Map.of(), Map.of(), null)))
        .isEqualTo(
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"the server could not find the requested resource\","
                + "\"reason\":\"NotFound\",\"details\":{},\"code\":404}\n");
  }

  @Test
  void aSecondCreateIsAlreadyExists() {
    String again = "{\"metadata\":{\"name\":\"wire\"}}";
    assertThat(body(send("POST", CONFIGMAPS, Map.of(), Map.of(), again)))
        .isEqualTo(
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"configmaps \\\"wire\\\" already exists\","
                + "\"reason\":\"AlreadyExists\","
                + "\"details\":{\"name\":\"wire\",\"kind\":\"configmaps\"},\"code\":409}\n");
  }

  @Test
  void anInvalidObjectListsItsCausesInGoOrder() {
    String message =
        "Invalid value: \\\"Bad_Name\\\": a lowercase RFC 1123 subdomain must consist of lower"
            + " case alphanumeric characters, '-' or '.', and must start and end with an"
            + " alphanumeric character (e.g. 'example.com', regex used for validation is"
            + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    assertThat(
            body(
                send(
                    "POST",
                    CONFIGMAPS,
                    Map.of(),
                    Map.of(),
                    "{\"metadata\":{\"name\":\"Bad_Name\"}}")))
        .isEqualTo(
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"ConfigMap \\\"Bad_Name\\\" is invalid: metadata.name: "
                + message
                + "\",\"reason\":\"Invalid\",\"details\":{\"name\":\"Bad_Name\","
                + "\"kind\":\"ConfigMap\",\"causes\":[{\"reason\":\"FieldValueInvalid\","
                + "\"message\":\""
                + message
                + "\",\"field\":\"metadata.name\"}]},\"code\":422}\n");
  }

  @Test
  void anExpiredWatchIsAStatusWithoutDetails() {
    assertThat(body(ApiResponse.error(Status.gone("too old resource version: 1 (17)"))))
        .isEqualTo(
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"too old resource version: 1 (17)\",\"reason\":\"Expired\","
                + "\"code\":410}\n");
  }

  @Test
  void causesAddedAfterTheStatusWasBuiltStillComeBeforeTheCode() {
    var error = Status.failure(422, "Invalid", "x", "n", "deployments.apps");
    error.status().withObject("details").putArray("causes").addObject().put("message", "m");
    assertThat(body(ApiResponse.error(error)))
        .isEqualTo(
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"x\",\"reason\":\"Invalid\",\"details\":{\"name\":\"n\","
                + "\"group\":\"apps\",\"kind\":\"deployments\",\"causes\":[{\"message\":\"m\"}]},"
                + "\"code\":422}\n");
  }

  @Test
  void aDeleteAnswersWithTheSuccessStatusOfTheGenericStore() {
    String uid =
        Json.parse(send("GET", CONFIGMAPS + "/wire", Map.of(), Map.of(), null).body())
            .at("/metadata/uid")
            .asString();
    assertThat(body(send("DELETE", CONFIGMAPS + "/wire", Map.of(), Map.of(), null)))
        .isEqualTo(
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Success\","
                + "\"details\":{\"name\":\"wire\",\"kind\":\"configmaps\",\"uid\":\""
                + uid
                + "\"}}\n");
  }

  @Test
  void objectsAreEscapedAsGoEscapesThem() {
    String object = body(send("GET", CONFIGMAPS + "/wire", Map.of(), Map.of(), null));
    assertThat(object).contains("\"u\":\"a\\u003cb\\u003e\\u0026c\"").endsWith("}\n");
  }

  @Test
  void aListIsKindApiVersionMetadataItemsAndANewline() {
    String list = body(send("GET", CONFIGMAPS, Map.of("limit", List.of("1")), Map.of(), null));
    assertThat(list)
        .startsWith(
            "{\"kind\":\"ConfigMapList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\""
                + store.resourceVersion()
                + "\"},\"items\":[{")
        .endsWith("}]}\n");
  }

  @Test
  void aTableIsKindApiVersionMetadataColumnsRowsAndANewline() {
    String table =
        body(
            send(
                "GET",
                CONFIGMAPS,
                Map.of("includeObject", List.of("None")),
                Map.of("accept", "application/json;as=Table;v=v1;g=meta.k8s.io"),
                null));
    assertThat(table)
        .startsWith(
            "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":"
                + "{\"resourceVersion\":\""
                + store.resourceVersion()
                + "\"},\"columnDefinitions\":[{\"name\":\"Name\",\"type\":\"string\","
                + "\"format\":\"name\",\"description\":\"")
        .contains("\"rows\":[{\"cells\":[\"wire\",")
        .endsWith(",\"object\":null}]}\n");
  }

  private static String body(ApiResponse response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  private ApiResponse send(
      String method,
      String path,
      Map<String, List<String>> query,
      Map<String, String> headers,
      String body) {
    return api.handle(
        new ApiRequest(
            method,
            path,
            query,
            headers,
            body == null ? null : body.getBytes(StandardCharsets.UTF_8),
            "admin"));
  }
}

package io.kubesim.apiserver.fieldvalidation;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.apiserver.ApiService;
import io.kubesim.apiserver.metrics.ApiMetrics;
import io.kubesim.apiserver.request.ApiRequest;
import io.kubesim.apiserver.request.ApiResponse;
import io.kubesim.apiserver.storage.Mirror;
import io.kubesim.apiserver.storage.Store;
import io.kubesim.core.json.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class FieldValidationTest {
  private static final String DEPLOYMENT =
      """
      {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
       "spec":{%s"selector":{"matchLabels":{"app":"web"}},
        "template":{"metadata":{"labels":{"app":"web"}},
         "spec":{"containers":[{"name":"web","image":"nginx"%s}]}}}}""";

  static String deployment(String spec, String container) {
    return DEPLOYMENT.formatted(spec, container);
  }

  // ---- the field tree -------------------------------------------------------------------------

  static Stream<Arguments> trees() {
    return Stream.of(
        Arguments.of(
            "An unknown field at the top level is found",
            "",
            "v1",
            "ConfigMap",
            "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\"},\"dta\":{}}",
            List.of("dta")),
        Arguments.of(
            "An unknown field under spec is found with its path",
            "apps",
            "v1",
            "Deployment",
            deployment("\"replica\":3,", ""),
            List.of("spec.replica")),
        Arguments.of(
            "An unknown field in a list item is named by its index",
            "apps",
            "v1",
            "Deployment",
            deployment("", "},{\"name\":\"b\",\"imagePullPolcy\":\"Never\""),
            List.of("spec.template.spec.containers[1].imagePullPolcy")),
        Arguments.of(
            "Map values are checked while any map key is allowed",
            "apiextensions.k8s.io",
            "v1",
            "CustomResourceDefinition",
            "{\"spec\":{\"versions\":[{\"name\":\"v1\",\"schema\":{\"openAPIV3Schema\":"
                + "{\"type\":\"object\",\"properties\":{\"anyKey\":{\"type\":\"string\","
                + "\"typo\":true}}}}}]}}",
            List.of("spec.versions[0].schema.openAPIV3Schema.properties.anyKey.typo")),
        Arguments.of(
            "Labels and annotations take any key",
            "",
            "v1",
            "ConfigMap",
            "{\"metadata\":{\"labels\":{\"x.io/a\":\"b\"},\"annotations\":{\"c\":\"d\"}}}",
            List.of()),
        Arguments.of(
            "Free-form fields are not descended: FieldsV1, JSON, IntOrString, Quantity",
            "",
            "v1",
            "Pod",
            "{\"metadata\":{\"managedFields\":[{\"fieldsV1\":{\"f:spec\":{\"f:x\":{}}}}]},"
                + "\"spec\":{\"containers\":[{\"name\":\"a\",\"resources\":{\"limits\":"
                + "{\"cpu\":\"1\"}},\"livenessProbe\":{\"httpGet\":{\"port\":\"http\"}}}]}}",
            List.of()),
        Arguments.of(
            "An embedded JSON value of a CRD schema is free-form",
            "apiextensions.k8s.io",
            "v1",
            "CustomResourceDefinition",
            "{\"spec\":{\"versions\":[{\"schema\":{\"openAPIV3Schema\":"
                + "{\"default\":{\"whatever\":1},\"example\":{\"a\":{\"b\":2}}}}}]}}",
            List.of()),
        Arguments.of(
            "A kind without a model class knows every field",
            "example.com",
            "v1",
            "Widget",
            "{\"spec\":{\"anything\":1}}",
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("trees")
  void findsUnknownFields(
      String name, String group, String version, String kind, String json, List<String> paths) {
    assertThat(UnknownFields.find(group, version, kind, Json.parse(bytes(json))))
        .containsExactlyElementsOf(paths);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("trees")
  void removesWhatItFinds(
      String name, String group, String version, String kind, String json, List<String> paths) {
    JsonNode object = Json.parse(bytes(json));
    assertThat(UnknownFields.remove(group, version, kind, object)).isEqualTo(paths);
    assertThat(UnknownFields.find(group, version, kind, object)).isEmpty();
  }

  // ---- the body scan: Kubernetes' own integration-test body and expected problems --------------

  private static final String INVALID_BODY =
      """
      {"apiVersion":"apps/v1","kind":"Deployment",
       "metadata":{"name":"dupename","name":"web","labels":{"app":"nginx"},"unknownMeta":"metaVal"},
       "spec":{"unknown1":"val1","unknownDupe":"valDupe","unknownDupe":"valDupe2",
        "paused":true,"paused":false,"selector":{"matchLabels":{"app":"nginx"}},
        "template":{"metadata":{"labels":{"app":"nginx"}},
         "spec":{"containers":[{"name":"nginx","image":"nginx:latest","unknownNested":"val1",
          "imagePullPolicy":"Always","imagePullPolicy":"Never"}]}}}}""";

  private static final List<String> INVALID_BODY_PROBLEMS =
      List.of(
          "duplicate field \"metadata.name\"",
          "unknown field \"metadata.unknownMeta\"",
          "unknown field \"spec.unknown1\"",
          "unknown field \"spec.unknownDupe\"",
          "duplicate field \"spec.paused\"",
          "unknown field \"spec.template.spec.containers[0].unknownNested\"",
          "duplicate field \"spec.template.spec.containers[0].imagePullPolicy\"");

  // ---- requests -------------------------------------------------------------------------------

  private ApiService api;

  @BeforeEach
  void setUp() {
    Store store = Store.open(null, Mirror.NONE, 5);
    api =
        new ApiService(
            store,
            Clock.systemUTC(),
            "127.0.0.1",
            new ApiMetrics(new SimpleMeterRegistry(), store));
    send("POST", "/api/v1/namespaces", "", "{\"metadata\":{\"name\":\"default\"}}");
  }

  private static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/default/deployments";
  private static final String STRICT_PREFIX =
      "Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: ";

  record Case(
      String method,
      String query,
      String contentType,
      String body,
      int code,
      String message,
      List<String> warnings,
      Map<String, Object> stored) {}

  static Stream<Arguments> requests() {
    String replica = deployment("\"replica\":3,", "");
    String twoUnknown = deployment("\"replica\":3,\"foo\":1,", "");
    String duplicate = deployment("\"replicas\":1,\"replicas\":2,", "");
    return Stream.of(
        Arguments.of(
            "Strict fails a create with an unknown field with the decoder's 400",
            new Case(
                "POST",
                "Strict",
                null,
                replica,
                400,
                STRICT_PREFIX + "unknown field \"spec.replica\"",
                List.of(),
                null)),
        Arguments.of(
            "Strict joins several unknown fields with commas in document order",
            new Case(
                "POST",
                "Strict",
                null,
                twoUnknown,
                400,
                STRICT_PREFIX + "unknown field \"spec.replica\", unknown field \"spec.foo\"",
                List.of(),
                null)),
        Arguments.of(
            "Strict fails a duplicate field",
            new Case(
                "POST",
                "Strict",
                null,
                duplicate,
                400,
                STRICT_PREFIX + "duplicate field \"spec.replicas\"",
                List.of(),
                null)),
        Arguments.of(
            "Strict reports unknown and duplicate fields as the Kubernetes integration test does",
            new Case(
                "POST",
                "Strict",
                null,
                INVALID_BODY,
                400,
                STRICT_PREFIX + String.join(", ", INVALID_BODY_PROBLEMS),
                List.of(),
                null)),
        Arguments.of(
            "Warn creates the object, warns, and drops the unknown field",
            new Case(
                "POST",
                "Warn",
                null,
                replica,
                201,
                null,
                List.of("unknown field \"spec.replica\""),
                Map.of("spec.replicas", 1))),
        Arguments.of(
            "Without the parameter the apiserver warns",
            new Case(
                "POST",
                null,
                null,
                replica,
                201,
                null,
                List.of("unknown field \"spec.replica\""),
                Map.of("spec.replicas", 1))),
        Arguments.of(
            "Warn sends one warning per problem in document order",
            new Case(
                "POST",
                "Warn",
                null,
                INVALID_BODY,
                201,
                null,
                INVALID_BODY_PROBLEMS,
                Map.of("metadata.name", "web", "spec.paused", false))),
        Arguments.of(
            "Ignore creates the object silently without the unknown field",
            new Case(
                "POST", "Ignore", null, replica, 201, null, List.of(), Map.of("spec.replicas", 1))),
        Arguments.of(
            "Ignore lets the last of duplicate fields win",
            new Case(
                "POST",
                "Ignore",
                null,
                duplicate,
                201,
                null,
                List.of(),
                Map.of("spec.replicas", 2))),
        Arguments.of(
            "An unsupported value is the options' 422",
            new Case(
                "POST",
                "strict",
                null,
                replica,
                422,
                "CreateOptions.meta.k8s.io \"\" is invalid: fieldValidation: Unsupported value:"
                    + " \"strict\": supported values: \"\", \"Ignore\", \"Strict\", \"Warn\"",
                List.of(),
                null)),
        Arguments.of(
            "Strict YAML reports duplicate keys by line, then unknown fields in key order",
            new Case(
                "POST",
                "Strict",
                "application/yaml",
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  name: web\n"
                    + "spec:\n  zeta: 1\n  alpha: 2\n  selector:\n    matchLabels: {app: web}\n"
                    + "  template:\n    metadata:\n      labels: {app: web}\n    spec:\n"
                    + "      containers:\n      - {name: web, image: nginx}\n",
                400,
                STRICT_PREFIX
                    + "yaml: unmarshal errors:\n  line 5: key \"name\" already set in"
                    + " map, unknown field \"spec.alpha\", unknown field \"spec.zeta\"",
                List.of(),
                null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requests")
  void createsByDirective(String name, Case c) {
    ApiResponse response =
        send(c.method(), DEPLOYMENTS, query(c.query()), c.contentType(), c.body());
    check(response, c);
  }

  static Stream<Arguments> updates() {
    String merge = "{\"spec\":{\"replica\":3,\"paused\":true,\"paused\":false}}";
    return Stream.of(
        Arguments.of(
            "Strict fails a PUT with an unknown field",
            new Case(
                "PUT",
                "Strict",
                null,
                deployment("\"replica\":3,", ""),
                400,
                STRICT_PREFIX + "unknown field \"spec.replica\"",
                List.of(),
                null)),
        Arguments.of(
            "Warn updates with a PUT and warns",
            new Case(
                "PUT",
                "Warn",
                null,
                deployment("\"replica\":3,", ""),
                200,
                null,
                List.of("unknown field \"spec.replica\""),
                Map.of("spec.replicas", 1))),
        Arguments.of(
            "Strict fails a merge patch: the patch's duplicates, then the result's unknown fields",
            new Case(
                "PATCH",
                "Strict",
                "application/merge-patch+json",
                merge,
                422,
                "strict decoding error: duplicate field \"spec.paused\", unknown field"
                    + " \"spec.replica\"",
                List.of(),
                null)),
        Arguments.of(
            "Warn applies a merge patch, warns, and drops the unknown field",
            new Case(
                "PATCH",
                null,
                "application/merge-patch+json",
                merge,
                200,
                null,
                List.of("duplicate field \"spec.paused\"", "unknown field \"spec.replica\""),
                Map.of("spec.paused", false))),
        Arguments.of(
            "Ignore applies a strategic merge patch silently",
            new Case(
                "PATCH",
                "Ignore",
                "application/strategic-merge-patch+json",
                merge,
                200,
                null,
                List.of(),
                Map.of("spec.paused", false))),
        Arguments.of(
            "An unsupported value on a patch is the PatchOptions 422",
            new Case(
                "PATCH",
                "Yes",
                "application/merge-patch+json",
                merge,
                422,
                "PatchOptions.meta.k8s.io \"\" is invalid: fieldValidation: Unsupported value:"
                    + " \"Yes\": supported values: \"\", \"Ignore\", \"Strict\", \"Warn\"",
                List.of(),
                null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("updates")
  void updatesByDirective(String name, Case c) {
    assertThat(send("POST", DEPLOYMENTS, "", deployment("", "")).code()).isEqualTo(201);
    ApiResponse response =
        send(c.method(), DEPLOYMENTS + "/web", query(c.query()), c.contentType(), c.body());
    check(response, c);
  }

  private void check(ApiResponse response, Case c) {
    JsonNode body = Json.parse(response.body());
    assertThat(response.code()).as(body.toString()).isEqualTo(c.code());
    if (c.message() != null) {
      assertThat(body.path("message").asString()).endsWith(c.message());
    }
    assertThat(response.warnings()).containsExactlyElementsOf(c.warnings());
    if (c.stored() != null) {
      JsonNode stored = Json.parse(send("GET", DEPLOYMENTS + "/web", "", null, null).body());
      assertThat(stored.path("spec").has("replica")).isFalse();
      assertThat(stored.path("spec").has("foo")).isFalse();
      assertThat(stored.path("metadata").has("unknownMeta")).isFalse();
      c.stored()
          .forEach(
              (path, value) -> {
                JsonNode node = stored;
                for (String part : path.split("\\.")) {
                  node = node.path(part);
                }
                assertThat(node.toString())
                    .as(path)
                    .isEqualTo(Json.string(Json.MAPPER.valueToTree(value)));
              });
    }
  }

  private static String query(String directive) {
    return directive == null ? "" : directive;
  }

  private ApiResponse send(String method, String path, String directive, String body) {
    return send(method, path, directive, null, body);
  }

  private ApiResponse send(
      String method, String path, String directive, String contentType, String body) {
    Map<String, List<String>> query =
        directive.isEmpty() ? Map.of() : Map.of("fieldValidation", List.of(directive));
    Map<String, String> headers =
        contentType == null ? Map.of() : Map.of("content-type", contentType);
    return api.handle(
        new ApiRequest(method, path, query, headers, body == null ? null : bytes(body), "admin"));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

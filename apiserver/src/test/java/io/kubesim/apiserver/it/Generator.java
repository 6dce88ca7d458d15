package io.kubesim.apiserver.it;

import io.kubesim.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The random requests of {@link RequestFuzzIT}. Writes (POST, PUT, PATCH, DELETE) only ever name
 * the {@code fuzz} namespace or paths that are no resource, so objects elsewhere must survive;
 * reads go anywhere.
 */
final class Generator {
  private Generator() {}

  private static final List<String> METHODS =
      List.of("GET", "GET", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

  private static final List<String> WRITE_PATHS =
      List.of(
          "/api/v1/namespaces/fuzz/configmaps",
          "/api/v1/namespaces/fuzz/configmaps/target",
          "/api/v1/namespaces/fuzz/configmaps/other",
          "/api/v1/namespaces/fuzz/secrets",
          "/api/v1/namespaces/fuzz/pods",
          "/api/v1/namespaces/fuzz/pods/p",
          "/api/v1/namespaces/fuzz/pods/p/status",
          "/api/v1/namespaces/fuzz/pods/p/binding",
          "/api/v1/namespaces/fuzz/pods/p/eviction",
          "/api/v1/namespaces/fuzz/services",
          "/api/v1/namespaces/fuzz/serviceaccounts/default/token",
          "/apis/apps/v1/namespaces/fuzz/deployments",
          "/apis/apps/v1/namespaces/fuzz/deployments/target",
          "/apis/apps/v1/namespaces/fuzz/deployments/target/scale",
          "/apis/apps/v1/namespaces/fuzz/deployments/target/status",
          "/api/v1/namespaces/fuzz/configmaps/%zz",
          "/api/v1/namespaces/fuzz/configmaps/a%00b",
          "/api/v1/namespaces/fuzz/configmaps/UPPER_case",
          "/api/v1/namespaces/fuzz/configmaps/" + "x".repeat(300),
          "/api/v1/namespaces/fuzz/nothings",
          "/api/v1/namespaces/fuzz/configmaps/target/nope",
          "/api/v1/namespaces/fuzz/configmaps/a/b/c/d",
          "/api/v9/namespaces/fuzz/configmaps",
          "/apis/nope.example/v1/namespaces/fuzz/things",
          "/api/v1/watch/namespaces/fuzz/configmaps",
          "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
          "/nope",
          "//",
          "/api/v1/namespaces/fuzz/configmaps/%",
          "/api/v1/namespaces/fuzz/configmaps/\u00fc");

  private static final List<String> READ_PATHS =
      List.of(
          "/api",
          "/apis",
          "/api/v1",
          "/apis/apps/v1",
          "/apis/apps",
          "/version",
          "/healthz",
          "/readyz",
          "/metrics",
          "/openapi/v2",
          "/openapi/v3",
          "/openapi/v3/api/v1",
          "/api/v1/namespaces",
          "/api/v1/nodes",
          "/api/v1/configmaps",
          "/api/v1/pods",
          "/apis/apps/v1/deployments",
          "/api/v1/namespaces/fuzz-sentinel/configmaps",
          "/api/v1/namespaces/fuzz-sentinel/configmaps/keep",
          "/api/v1/namespaces/fuzz/pods/p/log",
          "/api/v1/namespaces/fuzz/pods/p/exec",
          "/apis/apps/v1/namespaces/fuzz-sentinel/deployments/keep/scale",
          "/api/v1/namespaces/fuzz/../fuzz-sentinel/configmaps",
          "/api/v1/%zz",
          "/" + "a/".repeat(500));

  private static final List<String> CONTENT_TYPES =
      List.of(
          "application/json",
          "application/json",
          "application/yaml",
          "application/vnd.kubernetes.protobuf",
          "application/merge-patch+json",
          "application/strategic-merge-patch+json",
          "application/json-patch+json",
          "application/apply-patch+yaml",
          "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=xyz",
          "multipart/form-data",
          "text/plain",
          "garbage;;;=",
          "application/json; charset=utf-8");

  private static final List<String> ACCEPTS =
      List.of(
          "application/json",
          "application/json;as=Table;v=v1;g=meta.k8s.io",
          "application/vnd.kubernetes.protobuf",
          "application/yaml",
          "text/html",
          "*/*",
          "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io");

  /** Query pairs, raw (already percent-encoded or deliberately not). */
  private static final List<String> PARAMS =
      List.of(
          "watch=true",
          "watch=True",
          "watch=1",
          "watch=t",
          "watch=0",
          "watch=false",
          "watch=yes",
          "watch",
          "watch=%zz",
          "allowWatchBookmarks=True",
          "timeoutSeconds=1",
          "timeoutSeconds=abc",
          "timeoutSeconds=-1",
          "timeoutSeconds=99999999999999999999",
          "limit=1",
          "limit=-5",
          "limit=",
          "limit=1.5",
          "limit=9223372036854775807",
          "continue=abc",
          "continue=eyJydiI6MSwic3RhcnQiOiJ4In0",
          "labelSelector=app%3Dweb",
          "labelSelector=%%%",
          "labelSelector=a+in+(",
          "labelSelector=!!",
          "fieldSelector=metadata.name%3Dtarget",
          "fieldSelector=spec.nope%3D1",
          "fieldSelector=%",
          "resourceVersion=0",
          "resourceVersion=1",
          "resourceVersion=abc",
          "resourceVersionMatch=Exact",
          "dryRun=All",
          "dryRun=bogus",
          "fieldManager=fuzz",
          "fieldManager=" + "m".repeat(200),
          "fieldValidation=Strict",
          "fieldValidation=bogus",
          "force=true",
          "force=maybe",
          "gracePeriodSeconds=0",
          "gracePeriodSeconds=x",
          "propagationPolicy=Foreground",
          "propagationPolicy=bogus",
          "orphanDependents=true",
          "tailLines=-1",
          "tailLines=x",
          "limitBytes=0",
          "sinceSeconds=5",
          "sinceTime=yesterday",
          "follow=True",
          "previous=1",
          "container=%00",
          "includeObject=None",
          "includeObject=bogus",
          "pretty=true",
          "timeout=32s",
          "timeout=soon",
          "timeout=0",
          "timeout=-1s",
          "a;b=c",
          "%zz=%zz",
          "=",
          "&&&",
          "x=" + "y".repeat(10_000),
          "watch=1;timeoutSeconds=1");

  static RequestFuzzIT.Raw request(Random random) {
    String method = pick(random, METHODS);
    boolean write = List.of("POST", "PUT", "PATCH", "DELETE").contains(method);
    String path =
        write || random.nextInt(3) == 0 ? pick(random, WRITE_PATHS) : pick(random, READ_PATHS);
    StringBuilder target = new StringBuilder(path);
    int params = random.nextInt(4);
    for (int i = 0; i < params; i++) {
      target.append(i == 0 ? '?' : '&').append(pick(random, PARAMS));
    }
    if (params > 0 && target.indexOf("watch") >= 0 && random.nextBoolean()) {
      target.append("&timeoutSeconds=1");
    }
    String contentType = random.nextInt(8) == 0 ? null : pick(random, CONTENT_TYPES);
    String accept = random.nextInt(3) == 0 ? pick(random, ACCEPTS) : null;
    byte[] body = method.equals("GET") && random.nextInt(3) > 0 ? null : body(random);
    return new RequestFuzzIT.Raw(method, target.toString(), contentType, accept, body);
  }

  private static byte[] body(Random random) {
    String seed = Json.string(random.nextBoolean() ? configMap("target") : deployment("target"));
    return switch (random.nextInt(16)) {
      case 0 -> utf8(seed);
      case 1 -> utf8(seed.substring(0, 1 + random.nextInt(seed.length() - 1)));
      case 2 -> utf8("[".repeat(2000) + "]".repeat(2000));
      case 3 -> utf8("{\"a\":".repeat(2000) + "1" + "}".repeat(2000));
      case 4 ->
          utf8(
              "{\"metadata\":{\"name\":\"big\"},\"data\":{\"k\":\"" + "z".repeat(200_000) + "\"}}");
      case 5 -> utf8("{\"metadata\":5,\"spec\":\"x\",\"data\":[1]}");
      case 6 -> randomBytes(random);
      case 7 -> new byte[0];
      case 8 -> utf8("a=%zz&b&c=" + "d".repeat(100) + "&%=%");
      case 9 ->
          utf8(
              "--xyz\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a\"\r\n\r\n"
                  + "data\r\n--xyz");
      case 10 -> utf8("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y\ndata: [\n");
      case 11 -> new byte[] {'k', '8', 's', 0, 0x0a, (byte) 0xff, (byte) 0xff, 0x0f, 1, 2};
      case 12 -> new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xc3, 0x28, '"', '}'};
      case 13 -> utf8("{\"metadata\":{\"name\":\"s\\ud800\"},\"data\":{\"k\":\"\\u0000<&>\"}}");
      case 14 -> utf8("[{\"op\":\"replace\",\"path\":\"/metadata/name\",\"value\":\"x\"}]");
      default -> utf8("{\"metadata\":{\"labels\":{\"a\":[]}},\"spec\":{\"replicas\":\"x\"}}");
    };
  }

  private static byte[] randomBytes(Random random) {
    byte[] bytes = new byte[random.nextInt(512)];
    random.nextBytes(bytes);
    return bytes;
  }

  private static <T> T pick(Random random, List<T> from) {
    return from.get(random.nextInt(from.size()));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static ObjectNode configMap(String name) {
    ObjectNode cm = Json.object().put("apiVersion", "v1").put("kind", "ConfigMap");
    cm.putObject("metadata").put("name", name).putObject("labels").put("app", "fuzz");
    cm.putObject("data").put("a", "1").put("b", "<two & three>");
    return cm;
  }

  static ObjectNode secret(String name) {
    ObjectNode secret = Json.object().put("apiVersion", "v1").put("kind", "Secret");
    secret.putObject("metadata").put("name", name);
    secret.putObject("data").put("password", "c2VjcmV0");
    return secret;
  }

  static ObjectNode deployment(String name) {
    ObjectNode d = Json.object().put("apiVersion", "apps/v1").put("kind", "Deployment");
    d.putObject("metadata").put("name", name);
    ObjectNode spec = d.putObject("spec").put("replicas", 1);
    spec.putObject("selector").putObject("matchLabels").put("app", name);
    ObjectNode template = spec.putObject("template");
    template.putObject("metadata").putObject("labels").put("app", name);
    ArrayNode containers = template.putObject("spec").putArray("containers");
    containers.addObject().put("name", "web").put("image", "nginx:1.27");
    return d;
  }
}

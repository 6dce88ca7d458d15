package io.kubesim.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.core.json.Json;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The apiserver under stress and abuse: many writers racing on one object, thousands of malformed
 * bodies, and watches resumed from an older resourceVersion. Plain HTTP, JSON by hand.
 */
class ReliabilityIT {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static Http http;

  @BeforeAll
  static void connect() {
    http = new Http(TestCluster.url());
  }

  @AfterAll
  static void done() {
    http = null;
  }

  private static String namespace(String name) {
    ObjectNode ns = Json.object().put("apiVersion", "v1").put("kind", "Namespace");
    ns.putObject("metadata").put("name", name);
    http.create("/api/v1/namespaces", ns);
    return name;
  }

  private static ObjectNode configMap(String name, Map<String, String> data) {
    ObjectNode cm = Json.object().put("apiVersion", "v1").put("kind", "ConfigMap");
    cm.putObject("metadata").put("name", name).putObject("labels").put("app", "reliability");
    ObjectNode d = cm.putObject("data");
    data.forEach(d::put);
    return cm;
  }

  private static ObjectNode secret(String name) {
    ObjectNode secret = Json.object().put("apiVersion", "v1").put("kind", "Secret");
    secret.putObject("metadata").put("name", name);
    secret.put("type", "Opaque");
    secret.putObject("data").put("password", "c2VjcmV0");
    return secret;
  }

  private static ObjectNode deployment(String name) {
    ObjectNode d = Json.object().put("apiVersion", "apps/v1").put("kind", "Deployment");
    d.putObject("metadata").put("name", name).putObject("labels").put("app", name);
    ObjectNode spec = d.putObject("spec").put("replicas", 2);
    spec.putObject("selector").putObject("matchLabels").put("app", name);
    ObjectNode template = spec.putObject("template");
    template.putObject("metadata").putObject("labels").put("app", name);
    ArrayNode containers = template.putObject("spec").putArray("containers");
    ObjectNode c = containers.addObject().put("name", "web").put("image", "nginx:1.27");
    c.putArray("ports").addObject().put("containerPort", 80).put("protocol", "TCP");
    c.putArray("env").addObject().put("name", "MODE").put("value", "prod");
    return d;
  }

  private static ObjectNode service(String name) {
    ObjectNode s = Json.object().put("apiVersion", "v1").put("kind", "Service");
    s.putObject("metadata").put("name", name);
    ObjectNode spec = s.putObject("spec");
    spec.putObject("selector").put("app", name);
    spec.putArray("ports")
        .addObject()
        .put("name", "http")
        .put("port", 80)
        .put("targetPort", 8080)
        .put("protocol", "TCP");
    return s;
  }

  private static ObjectNode pod(String name) {
    ObjectNode p = Json.object().put("apiVersion", "v1").put("kind", "Pod");
    p.putObject("metadata").put("name", name).putObject("labels").put("app", name);
    ObjectNode c =
        p.putObject("spec")
            .putArray("containers")
            .addObject()
            .put("name", "main")
            .put("image", "busybox:1.36");
    c.putArray("command").add("sleep").add("3600");
    return p;
  }

  private static ObjectNode namespaceObject(String name) {
    ObjectNode ns = Json.object().put("apiVersion", "v1").put("kind", "Namespace");
    ns.putObject("metadata").put("name", name).putObject("labels").put("team", "fuzz");
    return ns;
  }

  // ---------------------------------------------------------------- a. optimistic concurrency

  @Test
  void fiftyWritersIncrementOneCounterExactly() throws Exception {
    String ns = namespace("reliab-counter");
    String path = "/api/v1/namespaces/" + ns + "/configmaps/counter";
    http.create("/api/v1/namespaces/" + ns + "/configmaps", configMap("counter", Map.of("n", "0")));

    int writers = 50;
    int increments = 20;
    AtomicInteger conflicts = new AtomicInteger();
    AtomicInteger successes = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        done.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int i = 0; i < increments; i++) {
                    increment(path, conflicts);
                    successes.incrementAndGet();
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(5, TimeUnit.MINUTES); // rethrows a writer's failure
      }
    } finally {
      pool.shutdownNow();
    }

    ObjectNode counter = http.getObject(path);
    System.out.printf(
        "counter: %d increments, %d conflicts (409) retried%n", successes.get(), conflicts.get());
    assertThat(counter.path("data").path("n").asString()).isEqualTo("1000");
    assertThat(successes.get()).isEqualTo(writers * increments);
    assertThat(conflicts.get()).as("409 Conflicts seen by 50 racing writers").isPositive();
  }

  /** GET, +1, PUT with the resourceVersion read; again on 409. Bounded. */
  private static void increment(String path, AtomicInteger conflicts) {
    for (int attempt = 0; attempt < 10_000; attempt++) {
      ObjectNode cm = http.getObject(path);
      long n = Long.parseLong(cm.path("data").path("n").asString());
      ((ObjectNode) cm.get("data")).put("n", Long.toString(n + 1));
      HttpResponse<byte[]> put = http.send("PUT", path, "application/json", Json.bytes(cm));
      if (put.statusCode() == 200) {
        return;
      }
      if (put.statusCode() != 409) {
        throw new AssertionError("PUT answered " + put.statusCode() + ": " + Http.text(put));
      }
      JsonNode status = Json.parse(put.body());
      assertThat(status.path("kind").asString()).isEqualTo("Status");
      assertThat(status.path("reason").asString()).isEqualTo("Conflict");
      conflicts.incrementAndGet();
    }
    throw new AssertionError("no increment got through in 10000 attempts");
  }

  // ---------------------------------------------------------------- b. malformed bodies

  /** A kind the fuzzer aims at: where to POST, the object to PUT and PATCH, a valid seed. */
  private record Target(String kind, String collection, String object, ObjectNode seed) {}

  private record Case(String method, String path, String contentType, byte[] body, String what) {}

  @Test
  void malformedBodiesNeverBreakTheServerOrTheStore() throws Exception {
    // Sentinels: known objects no request below names; they must come through untouched.
    String sentinelNs = namespace("reliab-sentinel");
    String sns = "/api/v1/namespaces/" + sentinelNs;
    List<String> sentinels =
        List.of(
            "/api/v1/namespaces/" + sentinelNs,
            sns + "/configmaps/keep",
            sns + "/secrets/keep",
            sns + "/services/keep",
            sns + "/pods/keep",
            "/apis/apps/v1/namespaces/" + sentinelNs + "/deployments/keep");
    http.create(sns + "/configmaps", configMap("keep", Map.of("a", "1", "b", "two")));
    http.create(sns + "/secrets", secret("keep"));
    http.create(sns + "/services", service("keep"));
    http.create(sns + "/pods", pod("keep"));
    http.create("/apis/apps/v1/namespaces/" + sentinelNs + "/deployments", deployment("keep"));
    Map<String, byte[]> before = new LinkedHashMap<>();
    for (String path : sentinels) {
      before.put(path, http.get(path).body());
    }

    String fuzzNs = namespace("reliab-fuzz");
    String fns = "/api/v1/namespaces/" + fuzzNs;
    String fapps = "/apis/apps/v1/namespaces/" + fuzzNs;
    namespace("reliab-fuzz-target");
    List<Target> targets =
        List.of(
            new Target(
                "ConfigMap",
                fns + "/configmaps",
                fns + "/configmaps/target",
                configMap("target", Map.of("k", "v"))),
            new Target(
                "Deployment",
                fapps + "/deployments",
                fapps + "/deployments/target",
                deployment("target")),
            new Target(
                "Namespace",
                "/api/v1/namespaces",
                "/api/v1/namespaces/reliab-fuzz-target",
                namespaceObject("reliab-fuzz-target")),
            new Target("Service", fns + "/services", fns + "/services/target", service("target")),
            new Target("Pod", fns + "/pods", fns + "/pods/target", pod("target")));
    for (Target t : targets) {
      if (!t.kind().equals("Namespace")) {
        http.create(t.collection(), t.seed());
      }
    }
    List<Target> seeded = targets;

    List<Case> cases = new ArrayList<>(special(seeded));
    Random random = new Random(20240611L);
    while (cases.size() < 10_000) {
      cases.add(mutated(random, seeded.get(random.nextInt(seeded.size()))));
    }

    // 413 for a body over the 3 MiB limit, as a Status.
    byte[] huge = new byte[3 * 1024 * 1024 + 1024];
    java.util.Arrays.fill(huge, (byte) 'a');
    HttpResponse<byte[]> tooLarge =
        http.send("POST", fns + "/configmaps", "application/json", huge);
    assertThat(tooLarge.statusCode()).as(Http.text(tooLarge)).isEqualTo(413);
    assertStatus(tooLarge);

    List<String> problems = Collections.synchronizedList(new ArrayList<>());
    Map<Integer, AtomicInteger> codes = new java.util.concurrent.ConcurrentSkipListMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (Case c : cases) {
        done.add(
            pool.submit(
                () -> {
                  HttpResponse<byte[]> response;
                  try {
                    response = http.send(c.method(), c.path(), c.contentType(), c.body());
                  } catch (RuntimeException e) {
                    problems.add(describe(c) + " -> no answer: " + e);
                    return;
                  }
                  codes
                      .computeIfAbsent(response.statusCode(), k -> new AtomicInteger())
                      .incrementAndGet();
                  String wrong = checkReply(response);
                  if (wrong != null) {
                    problems.add(describe(c) + " -> " + wrong);
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get(10, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    System.out.println("fuzz: " + cases.size() + " requests, answers by code: " + codes);
    assertThat(problems).as("bad answers (first 20)").isEmpty();

    // The server still answers, the store is intact.
    assertThat(new String(http.get("/readyz").body(), StandardCharsets.UTF_8)).contains("ok");
    for (Map.Entry<String, byte[]> e : before.entrySet()) {
      byte[] after = http.get(e.getKey()).body();
      assertThat(Json.parse(after)).as(e.getKey()).isEqualTo(Json.parse(e.getValue()));
      assertThat(new String(after, StandardCharsets.UTF_8))
          .as(e.getKey())
          .isEqualTo(new String(e.getValue(), StandardCharsets.UTF_8));
    }
    List<String> names = new ArrayList<>();
    http.getObject("/api/v1/namespaces")
        .path("items")
        .forEach(n -> names.add(n.path("metadata").path("name").asString()));
    assertThat(names)
        .contains(
            "default",
            "kube-system",
            "kube-public",
            "kube-node-lease",
            sentinelNs,
            fuzzNs,
            "reliab-fuzz-target");
  }

  @Test
  void labelsThatAreNotStringMapsAreRejectedAndNotStored() {
    String ns = namespace("reliab-labels");
    String cms = "/api/v1/namespaces/" + ns + "/configmaps";
    int i = 0;
    for (String labels : List.of("5", "\"x\"", "[]", "{\"a\":1}", "{\"a\":{}}")) {
      i++;
      for (String[] target :
          new String[][] {
            {"/api/v1/namespaces", "{\"metadata\":{\"name\":\"reliab-bad-labels-" + i + "\""},
            {cms, "{\"metadata\":{\"name\":\"bad-labels-" + i + "\""},
          }) {
        String body = target[1] + ",\"labels\":" + labels + "}}";
        HttpResponse<byte[]> response =
            http.send("POST", target[0], "application/json", utf8(body));
        // A typed decoder refuses them: 400 with encoding/json's text, as the real apiserver.
        assertThat(response.statusCode()).as(body + " -> " + Http.text(response)).isEqualTo(400);
        assertThat(Http.text(response)).contains("json: cannot unmarshal");
        assertStatus(response);
      }
      assertThat(http.get("/api/v1/namespaces/reliab-bad-labels-" + i).statusCode()).isEqualTo(404);
      assertThat(http.get(cms + "/bad-labels-" + i).statusCode()).isEqualTo(404);
    }
    // null labels are as absent: a namespace still gets its name label.
    HttpResponse<byte[]> created =
        http.send(
            "POST",
            "/api/v1/namespaces",
            "application/json",
            utf8("{\"metadata\":{\"name\":\"reliab-null-labels\",\"labels\":null}}"));
    assertThat(created.statusCode()).as(Http.text(created)).isEqualTo(201);
    assertThat(
            Json.parse(created.body())
                .path("metadata")
                .path("labels")
                .path("kubernetes.io/metadata.name")
                .asString())
        .isEqualTo("reliab-null-labels");
  }

  private static String describe(Case c) {
    String body = c.body() == null ? "" : new String(c.body(), StandardCharsets.UTF_8);
    body =
        body.length() > 160 ? body.substring(0, 160) + "...(" + c.body().length + " bytes)" : body;
    return c.method() + " " + c.path() + " [" + c.contentType() + "] " + c.what() + ": " + body;
  }

  /** Null when the answer is acceptable: not 5xx, and every error a proper Status. */
  private static String checkReply(HttpResponse<byte[]> response) {
    int code = response.statusCode();
    if (code >= 500) {
      return code + " " + Http.text(response);
    }
    if (code < 400) {
      return null;
    }
    try {
      assertStatus(response);
      return null;
    } catch (AssertionError | RuntimeException e) {
      return code + " not a Status: " + Http.text(response) + " (" + e.getMessage() + ")";
    }
  }

  private static void assertStatus(HttpResponse<byte[]> response) {
    JsonNode status = Json.parse(response.body());
    assertThat(status.path("kind").asString()).isEqualTo("Status");
    assertThat(status.path("apiVersion").asString()).isEqualTo("v1");
    assertThat(status.path("status").asString()).isEqualTo("Failure");
    assertThat(status.path("reason").asString()).isNotBlank();
    assertThat(status.path("code").asInt()).isEqualTo(response.statusCode());
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The hand-made nasties, each once, for every target. */
  private static List<Case> special(List<Target> targets) {
    List<Case> cases = new ArrayList<>();
    String deepArrays = "[".repeat(10_000) + "]".repeat(10_000);
    String deepObjects = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
    String laughs =
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: lol
        a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
        d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
        e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
        f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
        g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
        h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
        i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
        data:
          x: *i
        """;
    for (Target t : targets) {
      String seed = Json.string(t.seed());
      String withDeep = seed.substring(0, seed.length() - 1) + ",\"extra\":" + deepArrays + "}";
      for (String[] pair :
          new String[][] {
            {"deep arrays", deepArrays},
            {"deep objects", deepObjects},
            {"deep field", withDeep},
            {"null", "null"},
            {"empty object", "{}"},
            {"array", "[]"},
            {"string", "\"x\""},
            {"number", "5"},
            {"duplicate kind", "{\"kind\":\"" + t.kind() + "\"," + seed.substring(1)},
            {"duplicate metadata", seed.substring(0, seed.length() - 1) + ",\"metadata\":{}}"},
            {"BOM", "\uFEFF" + seed},
            {"trailing garbage", seed + "}}}"},
            {"two documents", seed + seed},
            {"NaN", seed.substring(0, seed.length() - 1) + ",\"x\":NaN}"},
            {"comment", "/* c */" + seed},
            {"bad utf8", seed.substring(0, seed.length() - 1) + ",\"x\":\"\u0000\"}"},
          }) {
        cases.add(new Case("POST", t.collection(), "application/json", utf8(pair[1]), pair[0]));
        cases.add(new Case("PUT", t.object(), "application/json", utf8(pair[1]), pair[0]));
        for (String patchType : PATCH_TYPES) {
          cases.add(new Case("PATCH", t.object(), patchType, utf8(pair[1]), pair[0]));
        }
      }
      byte[] invalidUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
      cases.add(new Case("POST", t.collection(), "application/json", invalidUtf8, "invalid utf8"));
      for (String yamlType : List.of("application/yaml", "application/apply-patch+yaml")) {
        cases.add(new Case("POST", t.collection(), yamlType, utf8(laughs), "billion laughs"));
        cases.add(new Case("PUT", t.object(), yamlType, utf8(laughs), "billion laughs"));
        cases.add(new Case("PATCH", t.object(), yamlType, utf8(laughs), "billion laughs"));
        cases.add(
            new Case(
                "POST",
                t.collection(),
                yamlType,
                utf8("a: !!java.lang.Runtime {}\nb: !!binary AAAA\n"),
                "yaml tags"));
        cases.add(new Case("POST", t.collection(), yamlType, utf8("a: [\n- b: {"), "broken yaml"));
        cases.add(
            new Case(
                "POST",
                t.collection(),
                yamlType,
                utf8("---\n" + seed + "\n---\n{}\n"),
                "two yaml"));
        cases.add(
            new Case(
                "POST",
                t.collection(),
                yamlType,
                utf8("a: " + "[".repeat(5000) + "]".repeat(5000)),
                "deep yaml"));
        cases.add(
            new Case(
                "POST", t.collection(), yamlType, utf8("a: &a [*a]\n"), "recursive yaml alias"));
      }
      for (String bad :
          new String[] {
            "text/plain",
            "application/xml",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=xyz",
            "application/octet-stream",
            "garbage;;;=",
            "application/json-patch+json",
            "application/vnd.kubernetes.protobuf",
          }) {
        cases.add(new Case("POST", t.collection(), bad, utf8(seed), "content type " + bad));
        cases.add(new Case("PUT", t.object(), bad, utf8(seed), "content type " + bad));
        cases.add(new Case("PATCH", t.object(), bad, utf8("{}"), "content type " + bad));
      }
      cases.add(new Case("PATCH", t.object(), null, utf8("{}"), "patch without content type"));
      cases.add(new Case("POST", t.collection(), "application/json", new byte[0], "empty body"));
      cases.add(new Case("PUT", t.object(), "application/json", null, "no body"));
      cases.add(
          new Case(
              "PATCH",
              t.object(),
              "application/vnd.kubernetes.protobuf",
              new byte[] {'k', '8', 's', 0, 1, 2, 3, (byte) 0xff},
              "bad protobuf"));
      cases.add(
          new Case(
              "POST",
              t.collection(),
              "application/vnd.kubernetes.protobuf",
              new byte[] {'k', '8', 's', 0, 0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f},
              "bad protobuf"));
    }
    return cases;
  }

  private static final List<String> PATCH_TYPES =
      List.of(
          "application/json-patch+json",
          "application/merge-patch+json",
          "application/strategic-merge-patch+json");

  private static final List<String> BAD_NAMES =
      List.of(
          "",
          "UPPER",
          "a_b",
          "-a",
          "a-",
          "a".repeat(300),
          "../x",
          "a/b",
          "%2e%2e",
          "ü",
          ".",
          "..",
          " a",
          "a\nb");

  private static final List<String> BAD_PATCHES =
      List.of(
          "{\"op\":\"add\",\"path\":\"/a\",\"value\":1}",
          "[{\"op\":\"bogus\",\"path\":\"/metadata\"}]",
          "[{\"op\":\"add\"}]",
          "[{\"path\":\"/a\"}]",
          "[{\"op\":\"remove\",\"path\":\"/metadata\"}]",
          "[{\"op\":\"remove\",\"path\":\"/nope/deeper\"}]",
          "[{\"op\":\"replace\",\"path\":\"/metadata/name\",\"value\":\"other\"}]",
          "[{\"op\":\"replace\",\"path\":\"/metadata/namespace\",\"value\":\"reliab-sentinel\"}]",
          "[{\"op\":\"replace\",\"path\":\"\",\"value\":[]}]",
          "[{\"op\":\"replace\",\"path\":\"\",\"value\":5}]",
          "[{\"op\":\"test\",\"path\":\"/kind\",\"value\":\"Nope\"}]",
          "[{\"op\":\"move\",\"from\":\"/nope\",\"path\":\"/a\"}]",
          "[{\"op\":\"copy\",\"from\":\"/metadata\",\"path\":\"/metadata/x\"}]",
          "[{\"op\":\"add\",\"path\":\"/metadata/labels/a~2b\",\"value\":\"x\"}]",
          "[{\"op\":\"add\",\"path\":\"/spec/x/-\",\"value\":1}]",
          "[{\"op\":\"add\",\"path\":\"/metadata/finalizers/99\",\"value\":\"x\"}]",
          "[{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":[1,2]}]",
          "[{\"op\":\"add\",\"path\":\"/metadata/uid\",\"value\":\"changed\"}]",
          "[{\"op\":\"add\",\"path\":\"/kind\",\"value\":\"Secret\"}]",
          "[{\"op\":\"add\",\"path\":\"/apiVersion\",\"value\":5}]",
          "[null]",
          "[[]]",
          "{\"metadata\":null}",
          "{\"metadata\":[]}",
          "{\"metadata\":{\"name\":\"renamed\"}}",
          "{\"metadata\":{\"labels\":5}}",
          "{\"metadata\":{\"labels\":{\"a\":[]}}}",
          "{\"metadata\":{\"resourceVersion\":\"abc\"}}",
          "{\"metadata\":{\"resourceVersion\":\"1\"}}",
          "{\"spec\":5}",
          "{\"spec\":null}",
          "{\"spec\":{\"replicas\":\"x\"}}",
          "{\"spec\":{\"replicas\":-5}}",
          "{\"spec\":{\"ports\":5}}",
          "{\"spec\":{\"ports\":[{\"port\":\"x\"}]}}",
          "{\"spec\":{\"containers\":{\"name\":\"x\"}}}",
          "{\"spec\":{\"containers\":[5]}}",
          "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"$patch\":\"delete\"}]}}}}",
          "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"$patch\":\"replace\"}]}}}}",
          "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"$patch\":\"bogus\"}]}}}}",
          "{\"spec\":{\"template\":{\"spec\":{\"$setElementOrder/containers\":5}}}}",
          "{\"spec\":{\"template\":{\"spec\":{\"$setElementOrder/containers\":[{\"x\":1}]}}}}",
          "{\"$patch\":\"delete\"}",
          "{\"$patch\":\"replace\"}",
          "{\"$patch\":5}",
          "{\"$retainKeys\":5}",
          "{\"spec\":{\"$retainKeys\":[\"nope\"]}}",
          "{\"metadata\":{\"$deleteFromPrimitiveList/finalizers\":\"x\"}}",
          "{\"metadata\":{\"$deleteFromPrimitiveList/finalizers\":[{}]}}",
          "{\"spec\":{\"containers\":[{\"name\":null}]}}",
          "{\"spec\":{\"containers\":[{\"image\":\"x\"}]}}",
          "{\"data\":{\"a\":{\"b\":1}}}",
          "{\"data\":[1]}",
          "{\"kind\":\"Secret\"}",
          "{\"apiVersion\":\"v9\"}",
          "[]",
          "5",
          "\"x\"",
          "null");

  /** One request built from a valid seed by a random mutation. */
  private static Case mutated(Random random, Target t) {
    int roll = random.nextInt(100);
    String method;
    String path;
    if (roll < 35) {
      method = "POST";
      path = t.collection();
    } else if (roll < 60) {
      method = "PUT";
      path = t.object();
    } else {
      method = "PATCH";
      path = t.object();
    }
    if (method.equals("PATCH")) {
      String type = PATCH_TYPES.get(random.nextInt(PATCH_TYPES.size()));
      int kind = random.nextInt(4);
      byte[] body;
      String what;
      if (kind == 0) {
        body = utf8(BAD_PATCHES.get(random.nextInt(BAD_PATCHES.size())));
        what = "bad patch";
      } else if (kind == 1) {
        ObjectNode partial = t.seed().deepCopy();
        partial.remove("apiVersion");
        partial.remove("kind");
        Mutation m = mutate(random, partial);
        body = m.body();
        what = "merge-style " + m.what();
      } else if (kind == 2) {
        ArrayNode ops = NODES.arrayNode();
        int count = 1 + random.nextInt(3);
        List<String> paths = paths(t.seed(), "");
        for (int i = 0; i < count; i++) {
          ObjectNode op = ops.addObject();
          op.put(
              "op",
              List.of("add", "remove", "replace", "move", "copy", "test", "x")
                  .get(random.nextInt(7)));
          op.put(
              "path",
              paths.get(random.nextInt(paths.size())) + (random.nextBoolean() ? "" : "/zz"));
          if (random.nextBoolean()) {
            op.set("value", wrongValue(random));
          }
          if (random.nextInt(4) == 0) {
            op.put("from", paths.get(random.nextInt(paths.size())));
          }
        }
        body = Json.bytes(ops);
        what = "random json patch";
      } else {
        body = randomBytes(random);
        what = "random bytes";
      }
      return new Case(method, path, type, body, what);
    }
    ObjectNode seed = t.seed().deepCopy();
    Mutation m = mutate(random, seed);
    String contentType =
        switch (random.nextInt(20)) {
          case 0 -> "application/yaml";
          case 1 -> "text/plain";
          case 2 -> null;
          default -> "application/json";
        };
    return new Case(method, path, contentType, m.body(), m.what());
  }

  private record Mutation(byte[] body, String what) {}

  private static Mutation mutate(Random random, ObjectNode object) {
    String json = Json.string(object);
    int kind = random.nextInt(14);
    switch (kind) {
      case 0 -> {
        int cut = 1 + random.nextInt(Math.max(1, json.length() - 1));
        return new Mutation(utf8(json.substring(0, cut)), "truncated");
      }
      case 1 -> {
        return new Mutation(randomBytes(random), "random bytes");
      }
      case 2, 3, 4 -> {
        List<String> paths = paths(object, "");
        String at = paths.get(random.nextInt(paths.size()));
        setAt(object, at, wrongValue(random));
        return new Mutation(Json.bytes(object), "wrong type at " + at);
      }
      case 5 -> {
        String which =
            List.of("replicas", "metadata", "spec", "data", "kind").get(random.nextInt(5));
        JsonNode value =
            switch (which) {
              case "replicas" -> NODES.stringNode("x");
              case "metadata" -> NODES.arrayNode();
              case "spec" -> NODES.numberNode(5);
              case "data" -> NODES.stringNode("x");
              default -> NODES.numberNode(7);
            };
        if (which.equals("replicas")) {
          JsonNode spec = object.get("spec");
          if (spec instanceof ObjectNode s) {
            s.set("replicas", value);
          } else {
            object.set("replicas", value);
          }
        } else {
          object.set(which, value);
        }
        return new Mutation(Json.bytes(object), "classic wrong type " + which);
      }
      case 6 -> {
        List<String> paths = paths(object, "");
        String at = paths.get(random.nextInt(paths.size()));
        int size =
            random.nextInt(10) == 0
                ? 1_000_000 + random.nextInt(1_000_000)
                : 10_000 + random.nextInt(100_000);
        setAt(object, at, NODES.stringNode("x".repeat(size)));
        return new Mutation(Json.bytes(object), "huge string at " + at);
      }
      case 7 -> {
        String deep = "[".repeat(1000 + random.nextInt(10_000));
        String deepJson = deep + "]".repeat(deep.length());
        String body = json.substring(0, json.length() - 1) + ",\"deep\":" + deepJson + "}";
        return new Mutation(utf8(body), "deep nesting");
      }
      case 8 -> {
        if (!(object.get("metadata") instanceof ObjectNode meta)) {
          return new Mutation(utf8(json), "unchanged");
        }
        String name = BAD_NAMES.get(random.nextInt(BAD_NAMES.size()));
        meta.put(random.nextInt(4) == 0 ? "namespace" : "name", name);
        return new Mutation(Json.bytes(object), "invalid name " + name);
      }
      case 9 -> {
        String apiVersion =
            List.of("v2", "apps/v1", "v1", "", "bogus/v1/x", "/", "batch/v1")
                .get(random.nextInt(7));
        String kindName =
            List.of("Foo", "ConfigMap", "Deployment", "", "configmap", "Status", "List")
                .get(random.nextInt(7));
        if (random.nextBoolean()) {
          object.put("apiVersion", apiVersion);
        } else {
          object.remove("apiVersion");
        }
        if (random.nextBoolean()) {
          object.put("kind", kindName);
        } else {
          object.remove("kind");
        }
        return new Mutation(Json.bytes(object), "apiVersion/kind " + apiVersion + "/" + kindName);
      }
      case 10 -> {
        List<String> paths = paths(object, "");
        int nulls = 1 + random.nextInt(paths.size());
        for (int i = 0; i < nulls; i++) {
          setAt(object, paths.get(random.nextInt(paths.size())), NODES.nullNode());
        }
        return new Mutation(Json.bytes(object), "nulls");
      }
      case 11 -> {
        List<String> keys = new ArrayList<>();
        object.propertyNames().forEach(keys::add);
        String key = keys.get(random.nextInt(keys.size()));
        String body =
            json.substring(0, json.length() - 1)
                + ",\""
                + key
                + "\":"
                + Json.string(wrongValue(random))
                + "}";
        return new Mutation(utf8(body), "duplicate key " + key);
      }
      case 12 -> {
        byte[] bytes = utf8(json);
        int flips = 1 + random.nextInt(5);
        for (int i = 0; i < flips; i++) {
          bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
        return new Mutation(bytes, "flipped bytes");
      }
      default -> {
        List<String> paths = paths(object, "");
        String at = paths.get(random.nextInt(paths.size()));
        removeAt(object, at);
        return new Mutation(Json.bytes(object), "removed " + at);
      }
    }
  }

  private static byte[] randomBytes(Random random) {
    byte[] bytes = new byte[1 + random.nextInt(2000)];
    random.nextBytes(bytes);
    return bytes;
  }

  private static JsonNode wrongValue(Random random) {
    return switch (random.nextInt(12)) {
      case 0 -> NODES.stringNode("x");
      case 1 -> NODES.numberNode(5);
      case 2 -> NODES.arrayNode();
      case 3 -> NODES.objectNode();
      case 4 -> NODES.nullNode();
      case 5 -> NODES.booleanNode(true);
      case 6 -> NODES.numberNode(-1);
      case 7 -> NODES.numberNode(1e308);
      case 8 -> NODES.numberNode(new java.math.BigInteger("99999999999999999999999999999"));
      case 9 -> NODES.numberNode(1.5);
      case 10 -> NODES.arrayNode().add(NODES.objectNode()).add(3).add("s");
      default -> NODES.stringNode("\u0000\uD800");
    };
  }

  /** JSON pointers to every field and array element under a node. */
  private static List<String> paths(JsonNode node, String prefix) {
    List<String> out = new ArrayList<>();
    if (node instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> e : object.properties()) {
        String p = prefix + "/" + e.getKey().replace("~", "~0").replace("/", "~1");
        out.add(p);
        out.addAll(paths(e.getValue(), p));
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        String p = prefix + "/" + i;
        out.add(p);
        out.addAll(paths(array.get(i), p));
      }
    }
    if (out.isEmpty() && prefix.isEmpty()) {
      out.add("/x");
    }
    return out;
  }

  private static JsonNode parentOf(ObjectNode root, String pointer) {
    int slash = pointer.lastIndexOf('/');
    return slash <= 0 ? root : root.at(pointer.substring(0, slash));
  }

  private static String lastStep(String pointer) {
    return pointer.substring(pointer.lastIndexOf('/') + 1).replace("~1", "/").replace("~0", "~");
  }

  private static void setAt(ObjectNode root, String pointer, JsonNode value) {
    JsonNode parent = parentOf(root, pointer);
    String step = lastStep(pointer);
    if (parent instanceof ObjectNode o) {
      o.set(step, value);
    } else if (parent instanceof ArrayNode a) {
      a.set(Integer.parseInt(step), value);
    }
  }

  private static void removeAt(ObjectNode root, String pointer) {
    JsonNode parent = parentOf(root, pointer);
    String step = lastStep(pointer);
    if (parent instanceof ObjectNode o) {
      o.remove(step);
    } else if (parent instanceof ArrayNode a) {
      a.remove(Integer.parseInt(step));
    }
  }

  // ---------------------------------------------------------------- c. watches

  @Test
  void watchResumedFromAnOlderVersionGetsEveryLaterEventInOrder() throws Exception {
    String ns = namespace("reliab-watch");
    String cms = "/api/v1/namespaces/" + ns + "/configmaps";
    ObjectNode created = http.create(cms, configMap("w", Map.of("i", "0")));
    long rv0 = rv(created);
    ObjectNode current = created;
    List<Long> written = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      ((ObjectNode) current.get("data")).put("i", Integer.toString(i));
      current = http.put(cms + "/w", current);
      written.add(rv(current));
    }

    Http.WatchResult watch =
        http.watch(
            cms + "?watch=true&resourceVersion=" + rv0 + "&timeoutSeconds=3",
            Duration.ofSeconds(30));
    assertThat(watch.status()).isEqualTo(200);
    List<JsonNode> events = new ArrayList<>();
    watch.lines().forEach(line -> events.add(Json.parse(line.getBytes(StandardCharsets.UTF_8))));
    assertThat(events).as("one event per update, nothing else").hasSize(20);
    List<Long> seen = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      JsonNode event = events.get(i);
      assertThat(event.path("type").asString()).isEqualTo("MODIFIED");
      assertThat(event.path("object").path("metadata").path("name").asString()).isEqualTo("w");
      assertThat(event.path("object").path("data").path("i").asString())
          .isEqualTo(Integer.toString(i + 1));
      seen.add(rv(event.path("object")));
    }
    assertThat(seen).isSorted().doesNotHaveDuplicates().isEqualTo(written);
    assertThat(seen.get(0)).isGreaterThan(rv0);
  }

  @Test
  void watchWithTimeoutSecondsEndsByItselfAndBookmarksAreAccepted() throws Exception {
    String ns = namespace("reliab-watch-timeout");
    String cms = "/api/v1/namespaces/" + ns + "/configmaps";
    long rv = rv(http.create(cms, configMap("t", Map.of("a", "b"))));
    long start = System.nanoTime();
    Http.WatchResult watch =
        http.watch(
            cms + "?watch=true&allowWatchBookmarks=true&timeoutSeconds=2&resourceVersion=" + rv,
            Duration.ofSeconds(30));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(watch.status()).isEqualTo(200);
    assertThat(millis).as("ended by its 2 s timeout").isBetween(1_500L, 20_000L);
    for (String line : watch.lines()) {
      assertThat(Json.parse(line.getBytes(StandardCharsets.UTF_8)).path("type").asString())
          .as(line)
          .isEqualTo("BOOKMARK");
    }

    // From no resourceVersion: the current object as ADDED, then the stream still ends.
    Http.WatchResult listed =
        http.watch(
            cms + "?watch=true&allowWatchBookmarks=true&timeoutSeconds=2", Duration.ofSeconds(30));
    assertThat(listed.status()).isEqualTo(200);
    assertThat(listed.lines()).isNotEmpty();
    assertThat(
            Json.parse(listed.lines().get(0).getBytes(StandardCharsets.UTF_8))
                .path("type")
                .asString())
        .isEqualTo("ADDED");
  }

  static long rv(JsonNode object) {
    return Long.parseLong(object.path("metadata").path("resourceVersion").asString());
  }
}

package io.kubesim.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Seeded random requests over raw sockets (so that bad escapes, odd methods and any header reach
 * the server as sent): every verb, content type, malformed path, query and body. Every answer must
 * come within {@link #ANSWER_MILLIS}, none may be a 5xx, every error body must be a Status (but for
 * the plain-text 400 Go's net/http gives a request line it cannot parse), and objects no request
 * names must be byte-identical afterwards. Replay a failure with {@code -Dfuzz.seed=N}.
 */
class RequestFuzzIT {
  private static final int REQUESTS = 3000;
  private static final int ANSWER_MILLIS = 5000;
  private static final String NS = "fuzz";
  private static final String SENTINEL_NS = "fuzz-sentinel";

  @Test
  void randomRequestsGetAStatusAtOnceAndHarmNothingElse() throws Exception {
    long seed = Long.getLong("fuzz.seed", System.nanoTime());
    System.out.println("RequestFuzzIT seed=" + seed + " (replay: -Dfuzz.seed=" + seed + ")");
    URI base = URI.create(TestCluster.url());
    Http http = new Http(TestCluster.url());
    Map<String, byte[]> sentinels = seedObjects(http);

    Random random = new Random(seed);
    List<Raw> requests = new ArrayList<>(REQUESTS);
    for (int i = 0; i < REQUESTS; i++) {
      requests.add(Generator.request(random));
    }
    List<String> problems = Collections.synchronizedList(new ArrayList<>());
    Map<Integer, AtomicInteger> codes = new ConcurrentSkipListMap<>();
    AtomicLong slowest = new AtomicLong();
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (Raw request : requests) {
        done.add(
            pool.submit(
                () -> {
                  long sent = System.nanoTime();
                  String problem = check(request, send(base, request));
                  slowest.accumulateAndGet((System.nanoTime() - sent) / 1_000_000, Math::max);
                  if (problem.startsWith("code ")) {
                    codes
                        .computeIfAbsent(
                            Integer.parseInt(problem.substring(5)), c -> new AtomicInteger())
                        .incrementAndGet();
                  } else {
                    problems.add(request.describe() + " -> " + problem);
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    System.out.printf(
        "RequestFuzzIT: %d requests in %d ms, slowest %d ms, answers by code %s%n",
        REQUESTS, (System.nanoTime() - start) / 1_000_000, slowest.get(), codes);
    assertThat(problems).as("seed %d: bad answers", seed).isEmpty();

    assertThat(new String(http.get("/readyz").body(), StandardCharsets.UTF_8)).contains("ok");
    for (Map.Entry<String, byte[]> sentinel : sentinels.entrySet()) {
      assertThat(new String(http.get(sentinel.getKey()).body(), StandardCharsets.UTF_8))
          .as("seed %d: %s", seed, sentinel.getKey())
          .isEqualTo(new String(sentinel.getValue(), StandardCharsets.UTF_8));
    }
  }

  /** Found by seed 2917909004218: a JSON array PUT to a scale subresource was a 500. */
  @Test
  void aScaleUpdateThatIsNoObjectIsABadRequest() {
    Http http = new Http(TestCluster.url());
    ObjectNode ns = Json.object().put("apiVersion", "v1").put("kind", "Namespace");
    ns.putObject("metadata").put("name", "fuzz-scale");
    http.create("/api/v1/namespaces", ns);
    String deployments = "/apis/apps/v1/namespaces/fuzz-scale/deployments";
    http.create(deployments, Generator.deployment("web"));
    var response =
        http.send(
            "PUT",
            deployments + "/web/scale",
            "application/json",
            "[{\"op\":\"replace\"}]".getBytes(StandardCharsets.UTF_8));
    assertThat(response.statusCode()).as(Http.text(response)).isEqualTo(400);
  }

  /** Objects in a namespace no fuzzed request names; their bytes as served before the fuzzing. */
  private static Map<String, byte[]> seedObjects(Http http) {
    for (String ns : List.of(NS, SENTINEL_NS)) {
      ObjectNode namespace = Json.object().put("apiVersion", "v1").put("kind", "Namespace");
      namespace.putObject("metadata").put("name", ns);
      http.create("/api/v1/namespaces", namespace);
    }
    String core = "/api/v1/namespaces/" + SENTINEL_NS;
    http.create(core + "/configmaps", Generator.configMap("keep"));
    http.create(core + "/secrets", Generator.secret("keep"));
    http.create(
        "/apis/apps/v1/namespaces/" + SENTINEL_NS + "/deployments", Generator.deployment("keep"));
    http.create("/api/v1/namespaces/" + NS + "/configmaps", Generator.configMap("target"));
    http.create("/apis/apps/v1/namespaces/" + NS + "/deployments", Generator.deployment("target"));
    Map<String, byte[]> before = new LinkedHashMap<>();
    for (String path :
        List.of(
            "/api/v1/namespaces/" + SENTINEL_NS,
            core + "/configmaps/keep",
            core + "/secrets/keep",
            "/apis/apps/v1/namespaces/" + SENTINEL_NS + "/deployments/keep")) {
      before.put(path, http.get(path).body());
    }
    return before;
  }

  /** One request as bytes on the wire. */
  record Raw(String method, String target, String contentType, String accept, byte[] body) {
    byte[] bytes() {
      StringBuilder head = new StringBuilder();
      head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
      head.append("Host: 127.0.0.1\r\nConnection: close\r\n");
      if (contentType != null) {
        head.append("Content-Type: ").append(contentType).append("\r\n");
      }
      if (accept != null) {
        head.append("Accept: ").append(accept).append("\r\n");
      }
      if (body != null) {
        head.append("Content-Length: ").append(body.length).append("\r\n");
      }
      head.append("\r\n");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
      if (body != null) {
        out.writeBytes(body);
      }
      return out.toByteArray();
    }

    String describe() {
      String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
      text = text.length() > 120 ? text.substring(0, 120) + "...(" + body.length + " bytes)" : text;
      String shown = target.length() > 200 ? target.substring(0, 200) + "..." : target;
      return method + " " + shown + " [" + contentType + "] " + text;
    }
  }

  /**
   * What came back: status, headers (lower-case names) and body; a stream is cut after its head.
   */
  record Answer(int code, Map<String, String> headers, byte[] body, boolean stream) {}

  private static Answer send(URI base, Raw request) {
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(ANSWER_MILLIS);
      OutputStream out = socket.getOutputStream();
      out.write(request.bytes());
      out.flush();
      return read(socket.getInputStream(), request.method().equals("HEAD"));
    } catch (SocketTimeoutException e) {
      return null;
    } catch (IOException e) {
      throw new IllegalStateException(request.describe() + ": " + e, e);
    }
  }

  private static Answer read(InputStream in, boolean head) throws IOException {
    String statusLine = line(in);
    if (statusLine == null) {
      return new Answer(-1, Map.of(), new byte[0], false);
    }
    int code = Integer.parseInt(statusLine.split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
      int colon = line.indexOf(':');
      headers.put(
          line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim());
    }
    if (head) {
      return new Answer(code, headers, new byte[0], false);
    }
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      // A watch: its head came in time; it would run until its timeout.
      return new Answer(code, headers, new byte[0], true);
    }
    String length = headers.get("content-length");
    byte[] body = length == null ? in.readAllBytes() : in.readNBytes(Integer.parseInt(length));
    return new Answer(code, headers, body, false);
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != -1; b = in.read()) {
      if (b == '\n') {
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      line.write(b);
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
  }

  /** "code N" when the answer is acceptable, else what is wrong with it. */
  private static String check(Raw request, Answer answer) {
    if (answer == null) {
      return "no answer within " + ANSWER_MILLIS + " ms";
    }
    if (answer.code() < 100) {
      return "connection closed without an answer";
    }
    if (answer.code() >= 500) {
      return answer.code() + " " + new String(answer.body(), StandardCharsets.UTF_8);
    }
    if (answer.code() >= 400 && !request.method().equals("HEAD") && !answer.stream()) {
      String body = new String(answer.body(), StandardCharsets.UTF_8);
      if (answer.code() == 400 && body.equals("400 Bad Request")) {
        return "code 400"; // Go's net/http for a request line it cannot parse
      }
      try {
        JsonNode status = Json.parse(answer.body());
        if (!status.path("kind").asString("").equals("Status")
            || !status.path("status").asString("").equals("Failure")
            || status.path("code").asInt() != answer.code()
            || status.path("reason").asString("").isEmpty()) {
          return answer.code() + " not a Status: " + body;
        }
      } catch (RuntimeException e) {
        return answer.code() + " not JSON: " + body;
      }
    }
    return "code " + answer.code();
  }
}

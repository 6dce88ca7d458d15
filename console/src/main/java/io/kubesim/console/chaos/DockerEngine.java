package io.kubesim.console.chaos;

import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient.Request;
import com.github.dockerjava.transport.DockerHttpClient.Response;
import io.kubesim.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The few Docker Engine API calls the compose cluster's chaos needs, over docker-java's transport
 * (the socket and HTTP); the calls themselves are written here, since docker-java's full client
 * brings far more than four requests need.
 */
final class DockerEngine {
  static final String PROJECT_LABEL = "com.docker.compose.project";
  static final String SERVICE_LABEL = "com.docker.compose.service";

  private final DockerHttpClient http;

  DockerEngine(DockerHttpClient http) {
    this.http = http;
  }

  /** A container of the compose project: its id, service and whether it runs. */
  record Container(String id, String service, boolean running) {}

  /** The outcome of a command run in a container. */
  record Exec(int exitCode, String output) {}

  /** The compose project a container belongs to, from its labels. */
  String project(String containerId) throws IOException {
    JsonNode inspect = json(call("GET", "/containers/" + containerId + "/json", null), 200);
    String project = inspect.path("Config").path("Labels").path(PROJECT_LABEL).asString("");
    if (project.isEmpty()) {
      throw new IOException("container " + containerId + " is not part of a compose project");
    }
    return project;
  }

  /** Every container of the project, running or not. */
  List<Container> containers(String project) throws IOException {
    ObjectNode filters = Json.object();
    filters.putArray("label").add(PROJECT_LABEL + "=" + project);
    String query =
        "?all=1&filters=" + URLEncoder.encode(Json.string(filters), StandardCharsets.UTF_8);
    JsonNode list = json(call("GET", "/containers/json" + query, null), 200);
    List<Container> containers = new ArrayList<>();
    for (JsonNode c : list) {
      containers.add(
          new Container(
              c.path("Id").asString(),
              c.path("Labels").path(SERVICE_LABEL).asString(""),
              "running".equals(c.path("State").asString())));
    }
    return containers;
  }

  void kill(String id) throws IOException {
    expect(call("POST", "/containers/" + id + "/kill", null), "kill", 204);
  }

  /** Starts a stopped container (one already running is left as it is). */
  void start(String id) throws IOException {
    expect(call("POST", "/containers/" + id + "/start", null), "start", 204, 304);
  }

  /** Runs {@code command} in the container and waits for it to end. */
  Exec exec(String id, List<String> command) throws IOException {
    ObjectNode create = Json.object();
    ArrayNode cmd = create.putArray("Cmd");
    command.forEach(cmd::add);
    create.put("AttachStdout", true).put("AttachStderr", true);
    String execId =
        json(call("POST", "/containers/" + id + "/exec", create), 201).path("Id").asString();
    ObjectNode start = Json.object().put("Detach", false).put("Tty", false);
    String output;
    try (Response r = call("POST", "/exec/" + execId + "/start", start)) {
      if (r.getStatusCode() != 200) {
        throw new IOException("exec start: HTTP " + r.getStatusCode() + ": " + text(r));
      }
      output = demultiplex(r.getBody().readAllBytes());
    }
    int exit = json(call("GET", "/exec/" + execId + "/json", null), 200).path("ExitCode").asInt(-1);
    return new Exec(exit, output);
  }

  /**
   * Stdout and stderr of a non-TTY exec arrive framed: a byte naming the stream, three zero bytes
   * and a big-endian length, then that many bytes.
   */
  static String demultiplex(byte[] framed) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i + 8 <= framed.length) {
      int length =
          ((framed[i + 4] & 0xff) << 24)
              | ((framed[i + 5] & 0xff) << 16)
              | ((framed[i + 6] & 0xff) << 8)
              | (framed[i + 7] & 0xff);
      int from = i + 8;
      int to = Math.min(framed.length, from + length);
      out.write(framed, from, to - from);
      i = to;
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private Response call(String method, String path, ObjectNode body) {
    Request.Builder request = Request.builder().method(method).path(path);
    if (body != null) {
      request.putHeader("Content-Type", "application/json").bodyBytes(Json.bytes(body));
    }
    return http.execute(request.build());
  }

  private static JsonNode json(Response response, int want) throws IOException {
    try (response) {
      byte[] body = readAll(response.getBody());
      if (response.getStatusCode() != want) {
        throw new IOException("HTTP " + response.getStatusCode() + ": " + message(body));
      }
      return Json.parse(body);
    }
  }

  private static void expect(Response response, String what, int... ok) throws IOException {
    try (response) {
      for (int code : ok) {
        if (response.getStatusCode() == code) {
          return;
        }
      }
      throw new IOException(what + ": HTTP " + response.getStatusCode() + ": " + text(response));
    }
  }

  private static String text(Response response) throws IOException {
    return message(readAll(response.getBody()));
  }

  /** The engine's error body is {"message": "..."}. */
  private static String message(byte[] body) {
    try {
      JsonNode node = Json.parse(body);
      if (node.has("message")) {
        return node.path("message").asString();
      }
    } catch (RuntimeException e) {
      // not JSON: the text as it came
    }
    return new String(body, StandardCharsets.UTF_8).trim();
  }

  private static byte[] readAll(InputStream in) throws IOException {
    return in == null ? new byte[0] : in.readAllBytes();
  }
}

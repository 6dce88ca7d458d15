package io.kubesim.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.core.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Plain HTTP against an apiserver with java.net.http, JSON by hand: no client library between. */
final class Http {
  private final String base;
  private final HttpClient client;

  Http(String base) {
    this.base = base;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  HttpResponse<byte[]> send(String method, String path, String contentType, byte[] body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<byte[]> get(String path) {
    return send("GET", path, null, null);
  }

  /** GET that must succeed; the object as a tree. */
  ObjectNode getObject(String path) {
    HttpResponse<byte[]> response = get(path);
    assertThat(response.statusCode()).as("GET %s: %s", path, text(response)).isEqualTo(200);
    return (ObjectNode) Json.parse(response.body());
  }

  /** POST of a JSON object that must be created (201). */
  ObjectNode create(String collection, JsonNode object) {
    HttpResponse<byte[]> response =
        send("POST", collection, "application/json", Json.bytes(object));
    assertThat(response.statusCode()).as("POST %s: %s", collection, text(response)).isEqualTo(201);
    return (ObjectNode) Json.parse(response.body());
  }

  ObjectNode put(String path, JsonNode object) {
    HttpResponse<byte[]> response = send("PUT", path, "application/json", Json.bytes(object));
    assertThat(response.statusCode()).as("PUT %s: %s", path, text(response)).isEqualTo(200);
    return (ObjectNode) Json.parse(response.body());
  }

  static String text(HttpResponse<byte[]> response) {
    byte[] body = response.body();
    String text = new String(body, StandardCharsets.UTF_8);
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }

  /** A watch's response: status, and every line until the server ends the stream. */
  record WatchResult(int status, List<String> lines) {}

  /**
   * Opens a chunked watch and reads its lines until the server ends the stream; fails when the
   * stream has not ended within {@code limit} (bounded: a watch that never ends is a failure).
   */
  WatchResult watch(String path, Duration limit) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).GET().build();
    HttpResponse<InputStream> response =
        client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    CompletableFuture<List<String>> lines =
        CompletableFuture.supplyAsync(
            () -> {
              List<String> read = new ArrayList<>();
              try (BufferedReader reader =
                  new BufferedReader(
                      new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                  if (!line.isBlank()) {
                    read.add(line);
                  }
                }
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
              return read;
            });
    try {
      return new WatchResult(
          response.statusCode(), lines.get(limit.toMillis(), TimeUnit.MILLISECONDS));
    } finally {
      response.body().close();
    }
  }
}

package io.kubesim.console.it;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Headless Debian Firefox ESR, driven over Marionette, the remote protocol built into Firefox
 * (geckodriver, which Selenium needs, is only a proxy to it and Debian does not package it). The
 * protocol is length-prefixed JSON: {@code [0, id, command, params]} out, {@code [1, id, error,
 * result]} back. Written by hand because no library on Maven Central speaks it.
 */
final class Firefox implements AutoCloseable {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Process process;
  private final Path profile;
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private int nextId = 1;

  private Firefox(Process process, Path profile, Socket socket) throws IOException {
    this.process = process;
    this.profile = profile;
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  static Firefox start(int width, int height) throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Path profile = Files.createTempDirectory("kubesim-firefox");
    Files.writeString(
        profile.resolve("user.js"), "user_pref(\"marionette.port\", " + port + ");\n");
    Process process =
        new ProcessBuilder(
                "/usr/bin/firefox-esr",
                "--headless",
                "--marionette",
                "--no-remote",
                "--profile",
                profile.toString())
            .redirectErrorStream(true)
            .redirectOutput(profile.resolve("firefox.log").toFile())
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      try {
        Firefox firefox = new Firefox(process, profile, new Socket("127.0.0.1", port));
        firefox.read(); // the greeting: {"applicationType":"gecko","marionetteProtocol":3}
        firefox.call("WebDriver:NewSession", Map.of());
        firefox.call("WebDriver:SetWindowRect", Map.of("width", width, "height", height));
        return firefox;
      } catch (IOException e) {
        if (System.nanoTime() > deadline || !process.isAlive()) {
          process.destroyForcibly();
          throw new IllegalStateException("Firefox's Marionette did not answer on " + port, e);
        }
        Thread.sleep(200);
      }
    }
  }

  void navigate(String url) throws IOException {
    call("WebDriver:Navigate", Map.of("url", url));
  }

  /** Runs {@code script} (a function body that returns a value) in the page. */
  JsonNode script(String script) throws IOException {
    return call("WebDriver:ExecuteScript", Map.of("script", script, "args", List.of()))
        .path("value");
  }

  byte[] screenshot() throws IOException {
    return Base64.getDecoder()
        .decode(call("WebDriver:TakeScreenshot", Map.of("full", false)).path("value").asString());
  }

  private JsonNode call(String command, Map<String, Object> params) throws IOException {
    int id = nextId++;
    byte[] body =
        JSON.writeValueAsBytes(List.of(0, id, command, params == null ? Map.of() : params));
    out.write((body.length + ":").getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
    JsonNode reply = read();
    if (!reply.path(2).isNull()) {
      throw new IOException(command + ": " + reply.path(2).path("message").asString());
    }
    return reply.path(3);
  }

  private JsonNode read() throws IOException {
    int length = 0;
    for (int b = in.read(); b != ':'; b = in.read()) {
      if (b < '0' || b > '9') {
        throw new IOException("not a Marionette message");
      }
      length = length * 10 + (b - '0');
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream(length);
    body.write(in.readNBytes(length));
    return JSON.readTree(body.toByteArray());
  }

  @Override
  public void close() throws IOException {
    try {
      call("Marionette:Quit", Map.of("flags", List.of("eForceQuit")));
    } catch (IOException e) {
      // already gone
    }
    socket.close();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  Path log() {
    return profile.resolve("firefox.log");
  }
}

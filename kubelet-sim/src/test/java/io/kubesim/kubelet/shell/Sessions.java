package io.kubesim.kubelet.shell;

import io.kubesim.kubelet.image.ImageFiles;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Exec sessions for tests: a fixed clock, a fake pod network, a scripted terminal. */
final class Sessions {
  static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

  /** What a session printed and how it ended. */
  record Outcome(String out, String err, int code) {}

  private Sessions() {}

  static Machine machine(String image) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    env.put("HOSTNAME", "web");
    env.put("GREETING", "hello");
    env.put("HOME", "/root");
    return new Machine(
        ImageFiles.flavor(image),
        "web",
        "10.244.1.5",
        List.of("sleep", "3600"),
        Map.of(7, List.of("sh")),
        env,
        0,
        0,
        8L << 30);
  }

  /**
   * The pod network: 10.244.1.5:80 (this pod) and 10.244.1.6:8080 answer, other addresses refuse,
   * names do not resolve.
   */
  static final Network NETWORK =
      (method, host, port, path, agent) -> {
        String ip = host.equals("localhost") ? "10.244.1.5" : host;
        if ((ip.equals("10.244.1.5") && port == 80) || (ip.equals("10.244.1.6") && port == 8080)) {
          return path.equals("/")
              ? new Network.Response(200, "OK", List.of("Server: nginx/1.27.5"), "welcome\n", null)
              : new Network.Response(404, "Not Found", List.of(), "missing\n", null);
        }
        return ip.matches("[0-9.]+")
            ? Network.Response.failed(Network.Failure.REFUSED)
            : Network.Response.failed(Network.Failure.UNKNOWN_HOST);
      };

  /** A world whose sleeps only move its clock, on {@link #NETWORK} or the one given. */
  static final class FakeWorld implements World {
    Duration elapsed = Duration.ZERO;
    private final Network network;

    FakeWorld() {
      this(NETWORK);
    }

    FakeWorld(Network network) {
      this.network = network;
    }

    @Override
    public Instant now() {
      return NOW.plus(elapsed);
    }

    @Override
    public Duration elapsed() {
      return elapsed;
    }

    @Override
    public void sleep(Duration d) {
      elapsed = elapsed.plus(d);
    }

    @Override
    public void sleepForever() {
      throw new Stop();
    }

    @Override
    public boolean loopMayGo(int round) {
      return round < 100;
    }

    @Override
    public Network network() {
      return network;
    }
  }

  /** A terminal that types {@code input} line by line and records what is shown. */
  static final class Screen implements Shell.Terminal {
    final StringBuilder out = new StringBuilder();
    final StringBuilder err = new StringBuilder();
    final Deque<String> input;
    final boolean tty;

    Screen(List<String> input, boolean tty) {
      this.input = new ArrayDeque<>(input);
      this.tty = tty;
    }

    @Override
    public void out(String text) {
      out.append(text);
    }

    @Override
    public void err(String text) {
      err.append(text);
    }

    @Override
    public String readLine() {
      return input.poll();
    }

    @Override
    public boolean tty() {
      return tty;
    }

    @Override
    public int columns() {
      return 40;
    }

    @Override
    public void busy(boolean busy) {}
  }

  static Outcome exec(
      String image, Files files, List<String> argv, List<String> input, boolean tty) {
    Screen screen = new Screen(input, tty);
    int code = Shell.exec(argv, machine(image), files, new FakeWorld(), 13, screen);
    return new Outcome(screen.out.toString(), screen.err.toString(), code);
  }

  static Outcome script(String image, String script) {
    return exec(
        image, new Overlay(ImageFiles.layer(image)), List.of("sh", "-c", script), List.of(), false);
  }
}

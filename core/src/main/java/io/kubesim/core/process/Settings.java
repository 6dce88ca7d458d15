package io.kubesim.core.process;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** Reading the settings every process takes from its environment, the same way everywhere. */
public final class Settings {
  private Settings() {}

  /**
   * A duration setting: a Go duration of one unit ({@code 500ms}, {@code 15s}, {@code 5m}, {@code
   * 1h}, as the real components' flags take them) or plain seconds ({@code 15}); the fallback when
   * unset or blank.
   */
  public static Duration duration(Map<String, String> env, String name, Duration fallback) {
    String text = env.get(name);
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      return parseDuration(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(name + ": not a duration: " + text, e);
    }
  }

  public static Duration parseDuration(String text) {
    String t = text.trim();
    if (t.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
    } else if (t.endsWith("s")) {
      return Duration.ofMillis(
          Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
    } else if (t.endsWith("m")) {
      return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60);
    } else if (t.endsWith("h")) {
      return Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
    }
    return Duration.ofSeconds(Long.parseLong(t));
  }

  /**
   * client-go's leader-election identity of a control-plane component: host name, "_", a random
   * UUID (in compose the host name is the service's, so the Lease shows which replica leads).
   */
  public static String identity() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "localhost";
    }
    return host + "_" + UUID.randomUUID();
  }
}

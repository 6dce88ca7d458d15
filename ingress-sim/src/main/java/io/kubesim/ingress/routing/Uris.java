package io.kubesim.ingress.routing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * nginx's $uri from the request target: the path without its arguments, percent-escapes decoded,
 * repeated slashes merged and {@code .}/{@code ..} segments resolved (merge_slashes on). A target
 * that climbs above the root or carries a bad escape is a 400, as nginx answers it.
 */
public final class Uris {
  private Uris() {}

  /** Thrown for a request target nginx rejects with 400 Bad Request. */
  public static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
      super(message, null, false, false);
    }
  }

  /** The normalized path of {@code rawPath} (the target before {@code ?}). */
  public static String normalize(String rawPath) {
    if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
      throw new BadRequest("not an absolute path: " + rawPath);
    }
    if (rawPath.indexOf('%') < 0 && !rawPath.contains("//") && !rawPath.contains("/.")) {
      return rawPath;
    }
    String decoded = decode(rawPath);
    Deque<String> segments = new ArrayDeque<>();
    String[] parts = decoded.split("/", -1);
    for (int i = 1; i < parts.length; i++) {
      String part = parts[i];
      boolean last = i == parts.length - 1;
      if (part.equals(".")) {
        if (last) {
          segments.addLast("");
        }
      } else if (part.equals("..")) {
        if (segments.isEmpty()) {
          throw new BadRequest("the path climbs above the root: " + rawPath);
        }
        segments.removeLast();
        if (last) {
          segments.addLast("");
        }
      } else if (!part.isEmpty() || last) {
        segments.addLast(part);
      }
    }
    return "/" + String.join("/", segments);
  }

  private static String decode(String raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          throw new BadRequest("bad escape in " + raw);
        }
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new BadRequest("bad escape in " + raw);
        }
        out.write(hi * 16 + lo);
        i += 2;
      } else {
        byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * ngx_escape_uri for a rewritten URI sent upstream: spaces, {@code %}, {@code ?}, {@code #},
   * control characters and non-ASCII bytes as %XX.
   */
  public static String escape(String uri) {
    StringBuilder out = new StringBuilder(uri.length() + 8);
    for (byte b : uri.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c <= 0x20 || c >= 0x7f || c == '%' || c == '?' || c == '#' || c == '"') {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      } else {
        out.append((char) c);
      }
    }
    return out.toString();
  }
}

package io.kubesim.apiserver.request;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A raw query string decoded as Go's {@code url.ParseQuery} does and as kube-apiserver reads it
 * ({@code req.URL.Query()}, which drops the error): pairs are split on {@code &}; a pair with a
 * {@code ;}, a bad percent escape ({@code %zz}, {@code %%%}) in its key or value is skipped, the
 * rest of the query still counts; {@code +} is a space; a key without {@code =} has the value "".
 * So {@code ?labelSelector=%%%} lists everything, as on a real cluster.
 */
public final class QueryString {
  private QueryString() {}

  public static Map<String, List<String>> parse(String raw) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    if (raw == null) {
      return values;
    }
    for (String pair : raw.split("&", -1)) {
      if (pair.isEmpty() || pair.indexOf(';') >= 0) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = unescape(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : unescape(pair.substring(eq + 1));
      if (key != null && value != null) {
        values.computeIfAbsent(key, k -> new ArrayList<>(1)).add(value);
      }
    }
    return values;
  }

  /** Go's QueryUnescape; null where Go reports an invalid escape. */
  static String unescape(String text) {
    if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
      return text;
    }
    byte[] raw = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
    for (int i = 0; i < raw.length; i++) {
      byte b = raw[i];
      if (b == '+') {
        out.write(' ');
      } else if (b == '%') {
        if (i + 2 >= raw.length) {
          return null;
        }
        int high = Character.digit(raw[i + 1], 16);
        int low = Character.digit(raw[i + 2], 16);
        if (high < 0 || low < 0) {
          return null;
        }
        out.write(high << 4 | low);
        i += 2;
      } else {
        out.write(b);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}

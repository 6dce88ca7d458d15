package io.kubesim.apiserver.table;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Shared cell formatting for the server-side printers: ages as the apimachinery HumanDuration
 * renders them, label maps and label selectors as apimachinery prints them, and the usual
 * "&lt;none&gt;"/"&lt;unknown&gt;" placeholders.
 */
final class Printing {
  static final String NONE = "<none>";
  static final String UNKNOWN = "<unknown>";
  static final String UNSET = "<unset>";

  private Printing() {}

  /** A short human form of a duration: 45s, 2m10s, 15m, 3h20m, 12h, 3d4h, 30d, 2y5d, 9y. */
  static String humanDuration(Duration d) {
    // Go truncates toward zero where Duration.getSeconds floors.
    long seconds = d.isNegative() ? -d.negated().getSeconds() : d.getSeconds();
    if (seconds < -1) {
      return "<invalid>";
    } else if (seconds < 0) {
      return "0s";
    } else if (seconds < 60 * 2) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 10) {
      long s = seconds % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    } else if (minutes < 60 * 3) {
      return minutes + "m";
    }
    long hours = seconds / 3600;
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    } else if (hours < 48) {
      return hours + "h";
    } else if (hours < 24 * 8) {
      long h = hours % 24;
      return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
    } else if (hours < 24 * 365 * 2) {
      return hours / 24 + "d";
    } else if (hours < 24 * 365 * 8) {
      long days = (hours / 24) % 365;
      return days == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + days + "d";
    }
    return hours / 24 / 365 + "y";
  }

  /** The time a timestamp field holds, or null when it is absent, empty or unparsable. */
  static Instant instant(JsonNode timestamp) {
    String text = str(timestamp);
    if (text.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** The time elapsed since a timestamp field, "&lt;unknown&gt;" when it is not set. */
  static String since(JsonNode timestamp, Instant now) {
    Instant at = instant(timestamp);
    return at == null ? UNKNOWN : humanDuration(Duration.between(at, now));
  }

  /** The AGE cell: the time elapsed since metadata.creationTimestamp. */
  static String age(JsonNode object, Instant now) {
    return since(object.path("metadata").path("creationTimestamp"), now);
  }

  static String name(JsonNode object) {
    return str(object.path("metadata").path("name"));
  }

  /** The text of a scalar node, "" for an absent, null or structured node. */
  static String str(JsonNode node) {
    return node != null && node.isValueNode() && !node.isNull() ? node.asString() : "";
  }

  /** The integer of a numeric node, 0 when absent. */
  static long num(JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return 0;
    }
    if (node.isNumber()) {
      return node.asLong();
    }
    try {
      return Long.parseLong(str(node));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static boolean bool(JsonNode node) {
    return node != null && node.isBoolean() && node.asBoolean();
  }

  static String orNone(String value) {
    return value.isEmpty() ? NONE : value;
  }

  /** The number of entries of an object or array node, 0 when absent. */
  static long count(JsonNode node) {
    return node != null && (node.isObject() || node.isArray()) ? node.size() : 0;
  }

  /** The entries of an object node in key order. */
  static Map<String, String> sortedMap(JsonNode node) {
    Map<String, String> map = new TreeMap<>();
    if (node != null && node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        map.put(e.getKey(), str(e.getValue()));
      }
    }
    return map;
  }

  /** A label map as apimachinery's labels.FormatLabels prints it: k=v,k2=v2 or "&lt;none&gt;". */
  static String formatLabels(JsonNode labels) {
    List<String> pairs = new ArrayList<>();
    sortedMap(labels).forEach((k, v) -> pairs.add(k + "=" + v));
    return orNone(String.join(",", pairs));
  }

  /**
   * A LabelSelector as metav1.LabelSelectorAsSelector(...).String() renders it, "" for a nil or
   * empty selector, null when the selector is invalid.
   */
  static String selectorString(JsonNode selector) {
    if (selector == null || !selector.isObject()) {
      return "";
    }
    List<String[]> requirements = new ArrayList<>();
    sortedMap(selector.path("matchLabels"))
        .forEach((k, v) -> requirements.add(new String[] {k, k + "=" + v}));
    for (JsonNode expression : selector.path("matchExpressions")) {
      String key = str(expression.path("key"));
      TreeSet<String> values = new TreeSet<>();
      for (JsonNode value : expression.path("values")) {
        values.add(str(value));
      }
      String operator = str(expression.path("operator"));
      String text =
          switch (operator) {
            case "In" -> values.isEmpty() ? null : key + " in (" + String.join(",", values) + ")";
            case "NotIn" ->
                values.isEmpty() ? null : key + " notin (" + String.join(",", values) + ")";
            case "Exists" -> values.isEmpty() ? key : null;
            case "DoesNotExist" -> values.isEmpty() ? "!" + key : null;
            default -> null;
          };
      if (text == null) {
        return null;
      }
      requirements.add(new String[] {key, text});
    }
    requirements.sort((a, b) -> a[0].compareTo(b[0]));
    List<String> parts = new ArrayList<>();
    for (String[] r : requirements) {
      parts.add(r[1]);
    }
    return String.join(",", parts);
  }

  /** A LabelSelector as metav1.FormatLabelSelector prints it: "&lt;none&gt;" when empty. */
  static String formatLabelSelector(JsonNode selector) {
    String s = selectorString(selector);
    if (s == null) {
      return "<error>";
    }
    return orNone(s);
  }

  /** The comma-joined container names of a pod spec. */
  static String containerNames(JsonNode podSpec) {
    List<String> names = new ArrayList<>();
    for (JsonNode c : podSpec.path("containers")) {
      names.add(str(c.path("name")));
    }
    return String.join(",", names);
  }

  /** The comma-joined container images of a pod spec. */
  static String containerImages(JsonNode podSpec) {
    List<String> images = new ArrayList<>();
    for (JsonNode c : podSpec.path("containers")) {
      images.add(str(c.path("image")));
    }
    return String.join(",", images);
  }

  /** A list of at most max items, then " + N more..." as the Kubernetes printers shorten lists. */
  static String listWithMore(List<String> list, boolean more, int count, int max) {
    String joined = String.join(",", list);
    if (more) {
      return joined + " + " + (count - max) + " more...";
    }
    return joined.isEmpty() ? UNSET : joined;
  }
}

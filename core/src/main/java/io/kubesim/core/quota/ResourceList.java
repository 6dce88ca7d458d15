package io.kubesim.core.quota;

import io.kubesim.core.json.Json;
import io.kubesim.core.quantity.Quantity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A corev1.ResourceList ({@code {"pods": "2", "requests.cpu": "500m"}}) as a sorted map, with the
 * arithmetic of apiserver/pkg/quota/v1/resources.go. Every method returns a new map.
 *
 * <p>A sum keeps the format of its first non-zero term, as Go's Quantity.Add does: {@code 0 + 600Mi
 * = 600Mi} (binary), {@code 600Mi + 100Mi = 700Mi}, {@code 400m + 1 = 1400m}.
 */
public final class ResourceList {
  private ResourceList() {}

  /** The list in a JSON object; values that are not quantities are skipped. */
  public static Map<String, Quantity> of(JsonNode node) {
    Map<String, Quantity> out = new TreeMap<>();
    if (node == null) {
      return out;
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      try {
        out.put(e.getKey(), Quantity.parse(e.getValue().asString()));
      } catch (RuntimeException bad) {
        // validation refuses such lists; a stored one is read as if the entry were absent
      }
    }
    return out;
  }

  public static ObjectNode toJson(Map<String, Quantity> list) {
    ObjectNode out = Json.object();
    new TreeMap<>(list).forEach((name, q) -> out.put(name, q.canonical()));
    return out;
  }

  public static Quantity sum(Quantity a, Quantity b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    Quantity.Format format = a.isZero() ? b.format() : a.format();
    return Quantity.of(a.value().add(b.value()), format);
  }

  /** a + b, over the union of their names. */
  public static Map<String, Quantity> add(Map<String, Quantity> a, Map<String, Quantity> b) {
    Map<String, Quantity> out = new TreeMap<>(a);
    b.forEach((name, q) -> out.merge(name, q, ResourceList::sum));
    return out;
  }

  /** a - b for the names of a, never below zero (SubtractWithNonNegativeResult). */
  public static Map<String, Quantity> subtractNonNegative(
      Map<String, Quantity> a, Map<String, Quantity> b) {
    Map<String, Quantity> out = new TreeMap<>();
    a.forEach(
        (name, q) -> {
          Quantity other = b.get(name);
          if (other == null) {
            out.put(name, q);
          } else {
            java.math.BigDecimal diff = q.value().subtract(other.value());
            out.put(
                name,
                diff.signum() < 0
                    ? Quantity.of(java.math.BigDecimal.ZERO, q.format())
                    : Quantity.of(diff, q.format()));
          }
        });
    return out;
  }

  /** Only the entries named in {@code names}. */
  public static Map<String, Quantity> mask(Map<String, Quantity> list, Collection<String> names) {
    Map<String, Quantity> out = new TreeMap<>();
    for (String name : names) {
      Quantity q = list.get(name);
      if (q != null) {
        out.put(name, q);
      }
    }
    return out;
  }

  /** The names of {@code a} above their value in {@code b} (names b lacks are not compared). */
  public static List<String> exceeding(Map<String, Quantity> a, Map<String, Quantity> b) {
    List<String> out = new ArrayList<>();
    a.forEach(
        (name, q) -> {
          Quantity limit = b.get(name);
          if (limit != null && q.compareTo(limit) > 0) {
            out.add(name);
          }
        });
    return out;
  }

  public static Map<String, Quantity> removeZeros(Map<String, Quantity> list) {
    Map<String, Quantity> out = new TreeMap<>();
    list.forEach(
        (name, q) -> {
          if (!q.isZero()) {
            out.put(name, q);
          }
        });
    return out;
  }

  public static List<String> negative(Map<String, Quantity> list) {
    List<String> out = new ArrayList<>();
    list.forEach(
        (name, q) -> {
          if (q.signum() < 0) {
            out.add(name);
          }
        });
    return out;
  }

  /** Same names and equal amounts (quota.Equals). */
  public static boolean same(Map<String, Quantity> a, Map<String, Quantity> b) {
    return a.keySet().equals(b.keySet())
        && a.entrySet().stream().allMatch(e -> e.getValue().equals(b.get(e.getKey())));
  }

  /** {@code limits.cpu=1,requests.cpu=500m}: sorted by name, as the quota errors print it. */
  public static String pretty(Map<String, Quantity> list) {
    List<String> parts = new ArrayList<>();
    new TreeMap<>(list).forEach((name, q) -> parts.add(name + "=" + q.canonical()));
    return String.join(",", parts);
  }

  /** Names sorted and joined by commas. */
  public static String names(Collection<String> names) {
    return String.join(",", new java.util.TreeSet<>(names));
  }
}

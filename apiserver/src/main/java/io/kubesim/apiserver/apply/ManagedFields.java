package io.kubesim.apiserver.apply;

import io.kubesim.core.json.Json;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code metadata.managedFields}: reading and writing the entries, and the ownership bookkeeping of
 * writes that are not applies (operation {@code Update}).
 */
public final class ManagedFields {
  public static final String APPLY = "Apply";
  public static final String UPDATE = "Update";

  /** FieldManagerMaxLength of k8s.io/apimachinery validation. */
  private static final int MAX_LENGTH = 128;

  private ManagedFields() {}

  /** One entry; {@code subresource} is null for the main resource. */
  public record Entry(
      String manager,
      String operation,
      String apiVersion,
      String time,
      String subresource,
      FieldSet fields) {

    /** Same as BuildManagerIdentifier: appliers own their fields whatever the version. */
    String id() {
      return manager
          + '\0'
          + operation
          + '\0'
          + (APPLY.equals(operation) ? "" : apiVersion)
          + '\0'
          + (subresource == null ? "" : subresource);
    }

    Entry withFields(FieldSet set) {
      return new Entry(manager, operation, apiVersion, time, subresource, set);
    }

    /** As conflicts name a manager: {@code "kubectl"}, {@code "x" using apps/v1}. */
    String printed() {
      String out = Json.string(tools.jackson.databind.node.StringNode.valueOf(manager));
      if (subresource != null) {
        out += " with subresource \"" + subresource + "\"";
      }
      return UPDATE.equals(operation) ? out + " using " + apiVersion : out;
    }

    ObjectNode toJson() {
      ObjectNode out = Json.object();
      out.put("manager", manager);
      out.put("operation", operation);
      out.put("apiVersion", apiVersion);
      if (time != null) {
        out.put("time", time);
      }
      out.put("fieldsType", "FieldsV1");
      out.set("fieldsV1", fields.toFieldsV1());
      if (subresource != null) {
        out.put("subresource", subresource);
      }
      return out;
    }
  }

  /** The manager of a write that names none: the User-Agent up to its first {@code /}. */
  public static String managerFromUserAgent(String userAgent) {
    if (userAgent == null) {
      return "";
    }
    String first = userAgent.split("/", -1)[0];
    StringBuilder out = new StringBuilder();
    first
        .codePoints()
        .filter(c -> !Character.isISOControl(c))
        .takeWhile(c -> out.length() + Character.charCount(c) <= MAX_LENGTH)
        .forEach(out::appendCodePoint);
    return out.toString();
  }

  static String timestamp(Instant now) {
    return DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
  }

  /** The entries stored in an object; malformed entries are dropped. */
  public static List<Entry> read(JsonNode object) {
    List<Entry> entries = new ArrayList<>();
    if (object == null) {
      return entries;
    }
    for (JsonNode entry : object.path("metadata").path("managedFields")) {
      try {
        String manager = entry.path("manager").asString("");
        String operation = entry.path("operation").asString("");
        if (!entry.path("fieldsType").asString("FieldsV1").equals("FieldsV1")
            || (!operation.equals(APPLY) && !operation.equals(UPDATE))) {
          continue;
        }
        String subresource = entry.path("subresource").asString("");
        entries.add(
            new Entry(
                manager,
                operation,
                entry.path("apiVersion").asString(""),
                entry.path("time").isString() ? entry.get("time").asString() : null,
                subresource.isEmpty() ? null : subresource,
                FieldSet.fromFieldsV1(entry.get("fieldsV1"))));
      } catch (RuntimeException e) {
        // not an entry we can use: the apiserver also drops what it cannot decode
      }
    }
    return entries;
  }

  /**
   * Stores entries sorted as the apiserver sorts them (operation, then time, then manager); none
   * removes the field.
   */
  public static void write(ObjectNode object, List<Entry> entries) {
    ObjectNode metadata =
        object.get("metadata") instanceof ObjectNode m ? m : object.putObject("metadata");
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.removeIf(e -> e.fields().isEmpty());
    if (sorted.isEmpty()) {
      metadata.remove("managedFields");
      return;
    }
    sorted.sort(
        Comparator.comparing(Entry::operation)
            .thenComparing(e -> e.time() == null ? "" : e.time())
            .thenComparing(Entry::manager));
    ArrayNode out = metadata.putArray("managedFields");
    sorted.forEach(e -> out.add(e.toJson()));
  }

  /**
   * The entries a write starts from: those of the written object when it carries any (a client may
   * set them; a single empty entry clears them all), else the live object's.
   */
  static List<Entry> live(ObjectNode current, ObjectNode written) {
    JsonNode given = written.path("metadata").get("managedFields");
    if (given == null || given.isNull()) {
      return read(current);
    }
    boolean reset = true;
    for (JsonNode entry : given) {
      reset &= entry.isEmpty();
    }
    return reset ? new ArrayList<>() : read(written);
  }

  /**
   * Records a write that is not an apply into {@code updated}'s managedFields: the manager's Update
   * entry gains every field the write added or changed, other managers lose them, and fields the
   * write removed belong to nobody any more. {@code current} is null on create.
   */
  public static void recordUpdate(
      ObjectNode current,
      ObjectNode updated,
      String manager,
      String subresource,
      Instant now,
      String group,
      String kind) {
    ApplySchema schema = ApplySchema.forKind(group, kind);
    List<Entry> entries = live(current, updated);
    FieldSet before = current == null ? FieldSet.empty() : Fields.of(current, schema, subresource);
    FieldSet after = Fields.of(updated, schema, subresource);
    FieldSet changed =
        current == null ? after : Fields.changedFields(current, updated, schema, subresource);
    FieldSet removed = before.minus(after);
    FieldSet gone = changed.union(removed);
    String apiVersion = updated.path("apiVersion").asString("");
    Entry mine = new Entry(manager, UPDATE, apiVersion, null, subresource, FieldSet.empty());
    List<Entry> result = new ArrayList<>();
    Entry previous = null;
    for (Entry entry : entries) {
      if (entry.id().equals(mine.id())) {
        previous = entry;
      } else {
        result.add(entry.withFields(entry.fields().minus(gone)));
      }
    }
    FieldSet kept = previous == null ? FieldSet.empty() : previous.fields().minus(removed);
    if (!changed.isEmpty()) {
      result.add(
          new Entry(manager, UPDATE, apiVersion, timestamp(now), subresource, kept.union(changed)));
    } else if (previous != null) {
      result.add(previous.withFields(kept));
    }
    write(updated, result);
  }

  /**
   * Equal objects but for the times of their managedFields entries. Compared in place: every update
   * asks, and copying both objects to drop the times cost more than the comparison.
   */
  public static boolean sameIgnoringTimes(JsonNode a, JsonNode b) {
    return sameExcept(a, b, "metadata", 0);
  }

  /**
   * Equal, where the field {@code special} of these objects is compared one level deeper: metadata
   * (depth 0) but for managedFields, managedFields (depth 1) entry by entry, an entry (depth 2) but
   * for its time.
   */
  private static boolean sameExcept(JsonNode a, JsonNode b, String special, int depth) {
    if (depth == 2 && a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!sameExcept(a.get(i), b.get(i), "time", 3)) {
          return false;
        }
      }
      return true;
    }
    if (!(a instanceof ObjectNode x) || !(b instanceof ObjectNode y)) {
      return a.equals(Fields.SAME, b);
    }
    int skipped = 0;
    for (Map.Entry<String, JsonNode> field : x.properties()) {
      String name = field.getKey();
      JsonNode other = y.get(name);
      if (depth == 3 && name.equals(special)) {
        skipped++;
        continue;
      }
      if (other == null) {
        return false;
      }
      boolean same =
          name.equals(special)
              ? sameExcept(field.getValue(), other, depth == 0 ? "managedFields" : null, depth + 1)
              : field.getValue().equals(Fields.SAME, other);
      if (!same) {
        return false;
      }
    }
    int otherSkipped = depth == 3 && y.has(special) ? 1 : 0;
    return x.size() - skipped == y.size() - otherSkipped;
  }

  static Map<String, Entry> byId(List<Entry> entries) {
    Map<String, Entry> out = new java.util.LinkedHashMap<>();
    entries.forEach(e -> out.put(e.id(), e));
    return out;
  }
}

package io.kubesim.apiserver.apply;

import io.kubesim.apiserver.apply.ManagedFields.Entry;
import io.kubesim.core.api.ApiException;
import io.kubesim.core.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Server-side apply ({@code PATCH} with {@code application/apply-patch+yaml}).
 *
 * <p>Hand-written: there is no Java implementation of structured merge, so this follows the
 * behaviour of kubernetes-sigs/structured-merge-diff as k8s.io/apiserver's fieldmanager drives it,
 * with the list and map types of {@link ApplySchema} in place of the OpenAPI schema:
 *
 * <ol>
 *   <li>The applied configuration's field set ({@link FieldSet}) is computed; {@code status} (or,
 *       on the status subresource, everything but it) and server-owned metadata are not part of it.
 *   <li>The configuration is merged into the live object: its values win; maps and associative
 *       lists merge, sets unite, atomic lists and scalars are replaced.
 *   <li>Every field the merge changes that another manager owns is a conflict: 409 unless {@code
 *       force}, in which case that manager loses it.
 *   <li>The applier's entry becomes exactly the applied set; fields it owned before and no longer
 *       applies are removed from the object unless another manager owns them (or something below
 *       them).
 * </ol>
 *
 * <p>Simplified: no version conversion of field sets (each kind is served at one version), no
 * OpenAPI validation of the configuration beyond what the write pipeline validates, merged list
 * order is the live order with new items appended, and maps emptied by removal are dropped.
 */
public final class ServerSideApply {
  private static final String KUBECTL = "kubectl";
  private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private ServerSideApply() {}

  public record Result(ObjectNode merged) {}

  /** Applies to the main resource. */
  public static Result apply(
      ObjectNode current,
      ObjectNode applied,
      String manager,
      boolean force,
      Instant now,
      String group,
      String kind) {
    return apply(current, applied, manager, force, now, group, kind, null);
  }

  /**
   * Merges {@code applied} into {@code current} (null on create) for {@code manager}, recording
   * ownership in the result's managedFields; neither input is modified.
   *
   * @throws ApiException 409 Conflict with one FieldManagerConflict cause per conflicting field
   */
  public static Result apply(
      ObjectNode current,
      ObjectNode applied,
      String manager,
      boolean force,
      Instant now,
      String group,
      String kind,
      String subresource) {
    ApplySchema schema = ApplySchema.forKind(group, kind);
    ObjectNode config = applied.deepCopy();
    Fields.stripNulls(config);
    if (subresource == null) {
      config.remove("status");
    } else {
      for (String field : List.copyOf(config.propertyNames())) {
        if (!List.of("apiVersion", "kind", "metadata", subresource).contains(field)) {
          config.remove(field);
        }
      }
    }
    FieldSet appliedSet = Fields.of(config, schema, subresource);
    ObjectNode live = current == null ? Json.object() : current;
    List<Entry> entries = ManagedFields.read(current);
    ObjectNode merged = (ObjectNode) Fields.merge(live, config, "", schema);

    Entry mine =
        new Entry(
            manager,
            ManagedFields.APPLY,
            config.path("apiVersion").asString(""),
            ManagedFields.timestamp(now),
            subresource,
            appliedSet);
    Map<Entry, List<List<String>>> conflicts = new LinkedHashMap<>();
    FieldSet previous = FieldSet.empty();
    for (Entry entry : entries) {
      if (entry.id().equals(mine.id())) {
        previous = entry.fields();
        continue;
      }
      for (List<String> path : entry.fields().intersect(appliedSet).paths()) {
        if (Fields.changed(live, merged, path, schema)) {
          conflicts.computeIfAbsent(entry, e -> new ArrayList<>()).add(path);
        }
      }
    }
    if (!conflicts.isEmpty() && !force) {
      Map<Entry, List<List<String>>> remaining = conflicts;
      if (manager.equals(KUBECTL)) {
        remaining = withoutLastApplied(conflicts, live, schema, subresource);
      }
      if (!remaining.isEmpty()) {
        throw conflict(remaining);
      }
    }

    List<Entry> result = new ArrayList<>();
    FieldSet others = FieldSet.empty();
    for (Entry entry : entries) {
      if (entry.id().equals(mine.id())) {
        continue;
      }
      List<List<String>> lost = conflicts.getOrDefault(entry, List.of());
      Entry kept = entry.withFields(entry.fields().minus(FieldSet.of(lost)));
      result.add(kept);
      others = others.union(kept.fields());
    }
    result.add(mine);

    List<List<String>> dropped = new ArrayList<>(previous.minus(appliedSet).paths());
    // Outermost first: an item goes before its fields (which name it by its key).
    dropped.sort(Comparator.comparingInt(List::size));
    for (List<String> path : dropped) {
      if (!others.contains(path) && !others.hasBelow(path) && !appliedSet.hasBelow(path)) {
        Fields.remove(merged, path, schema);
      }
    }
    ManagedFields.write(merged, result);
    return new Result(merged);
  }

  /**
   * The upgrade from client-side apply (k8s.io/apiserver fieldmanager lastAppliedManager): for the
   * manager {@code kubectl} only, conflicts on fields that the last-applied-configuration
   * annotation sets to their live values are forgiven (the apply is then forced); the others stay.
   */
  private static Map<Entry, List<List<String>>> withoutLastApplied(
      Map<Entry, List<List<String>>> conflicts,
      ObjectNode live,
      ApplySchema schema,
      String subresource) {
    String annotation = live.path("metadata").path("annotations").path(LAST_APPLIED).asString("");
    if (annotation.isEmpty()) {
      return conflicts;
    }
    JsonNode lastApplied;
    try {
      lastApplied = Json.MAPPER.readTree(annotation);
    } catch (RuntimeException e) {
      return conflicts;
    }
    if (!lastApplied.isObject()) {
      return conflicts;
    }
    Fields.stripNulls(lastApplied);
    Map<Entry, List<List<String>>> remaining = new LinkedHashMap<>();
    for (Map.Entry<Entry, List<List<String>>> entry : conflicts.entrySet()) {
      for (List<String> path : entry.getValue()) {
        boolean allowed =
            Fields.at(lastApplied, path, schema) != null
                && !Fields.changed(lastApplied, live, path, schema);
        if (!allowed) {
          remaining.computeIfAbsent(entry.getKey(), e -> new ArrayList<>()).add(path);
        }
      }
    }
    return remaining;
  }

  /**
   * The 409 of k8s.io/apimachinery managedfields NewConflictError: one conflict reads {@code Apply
   * failed with 1 conflict: conflict with "m" using apps/v1: .spec.replicas}; more are listed per
   * manager, managers sorted.
   */
  static ApiException conflict(Map<Entry, List<List<String>>> conflicts) {
    List<Map.Entry<Entry, List<List<String>>>> byManager = new ArrayList<>(conflicts.entrySet());
    byManager.sort(Comparator.comparing(e -> identifier(e.getKey())));
    int count = 0;
    ObjectNode status = Json.object();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure");
    ArrayNode causes = Json.object().putArray("causes");
    List<String> lines = new ArrayList<>();
    String single = null;
    for (Map.Entry<Entry, List<List<String>>> manager : byManager) {
      List<String> fields = new ArrayList<>();
      manager.getValue().forEach(path -> fields.add(FieldSet.describe(path)));
      fields.sort(Comparator.naturalOrder());
      lines.add("conflicts with " + manager.getKey().printed() + ":");
      for (String field : fields) {
        ObjectNode cause = causes.addObject();
        cause.put("reason", "FieldManagerConflict");
        cause.put("message", "conflict with " + manager.getKey().printed());
        cause.put("field", field);
        lines.add("- " + field);
        single = "conflict with " + manager.getKey().printed() + ": " + field;
        count++;
      }
    }
    String message =
        count == 1
            ? "Apply failed with 1 conflict: " + single
            : "Apply failed with " + count + " conflicts: " + String.join("\n", lines);
    status.put("message", message);
    status.put("reason", "Conflict");
    status.putObject("details").set("causes", causes);
    status.put("code", 409);
    return new ApiException(409, status);
  }

  /** Sorts as the apiserver's JSON manager identifiers do: by name first. */
  private static String identifier(Entry entry) {
    return entry.manager() + '\0' + entry.operation() + '\0' + entry.apiVersion();
  }

  /** Whether an applied configuration carries managedFields (it must not). */
  public static boolean carriesManagedFields(JsonNode applied) {
    JsonNode given = applied.path("metadata").get("managedFields");
    return given != null && !given.isNull();
  }
}

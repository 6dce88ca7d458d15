package io.kubesim.apiserver.registry;

import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.table.Column;
import io.kubesim.apiserver.table.TablePrinter;
import io.kubesim.apiserver.table.TablePrinters;
import io.kubesim.core.json.Json;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Turns objects into a meta.k8s.io/v1 Table, the server-side printing kubectl relies on. */
public final class TableConverter {
  private TableConverter() {}

  public static ObjectNode table(
      ResourceType type, List<? extends JsonNode> objects, String include, Instant now) {
    TablePrinter printer = TablePrinters.forResource(type.group(), type.plural());
    ObjectNode table = Json.object();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    table.putObject("metadata");
    ArrayNode columns = table.putArray("columnDefinitions");
    for (Column column : printer.columns()) {
      ObjectNode c = columns.addObject();
      c.put("name", column.name());
      c.put("type", column.type());
      c.put("format", column.format());
      c.put("description", column.description());
      c.put("priority", column.priority());
    }
    ArrayNode rows = table.putArray("rows");
    for (JsonNode object : objects) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      for (Object cell : printer.cells(object, now)) {
        // Most cells are text or numbers: added as they are, not through the mapper (a list of
        // 100,000 pods has 900,000 of them).
        if (cell instanceof String text) {
          cells.add(text);
        } else if (cell instanceof Integer number) {
          cells.add(number);
        } else if (cell instanceof Long number) {
          cells.add(number);
        } else {
          cells.add(Json.MAPPER.<JsonNode>valueToTree(cell));
        }
      }
      switch (include) {
        case "None" -> row.putNull("object"); // RawExtension without an object: null
        case "Object" -> row.set("object", object);
        default -> row.set("object", partialMetadata(object));
      }
    }
    return table;
  }

  /** The row object kubectl reads names, namespaces and labels from (includeObject=Metadata). */
  static ObjectNode partialMetadata(JsonNode object) {
    ObjectNode partial = Json.object();
    partial.put("kind", "PartialObjectMetadata");
    partial.put("apiVersion", "meta.k8s.io/v1");
    partial.set("metadata", object.path("metadata"));
    return partial;
  }
}

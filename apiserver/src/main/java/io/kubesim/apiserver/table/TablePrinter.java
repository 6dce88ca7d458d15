package io.kubesim.apiserver.table;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The server-side printer of one kind: its columns and the cells of one object's row. */
public interface TablePrinter {
  List<Column> columns();

  List<Object> cells(JsonNode object, Instant now);
}

package io.kubesim.apiserver.table;

import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;
import tools.jackson.databind.JsonNode;

/** A printer made of its column list and a function computing one row's cells. */
record SimplePrinter(List<Column> columns, BiFunction<JsonNode, Instant, List<Object>> row)
    implements TablePrinter {
  SimplePrinter {
    columns = List.copyOf(columns);
  }

  @Override
  public List<Object> cells(JsonNode object, Instant now) {
    return row.apply(object, now);
  }
}

package io.kubesim.console.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The newest Events, newest first, each naming the object it is about (the page filters on it). */
final class EventsView {
  static final int MAX = 300;

  private EventsView() {}

  static ArrayNode build(Snapshot s) {
    List<JsonNode> events = new ArrayList<>(s.list("Event"));
    events.sort(Comparator.comparing(EventsView::time).reversed());
    ArrayNode out = Objects.array();
    for (JsonNode e : events.subList(0, Math.min(MAX, events.size()))) {
      JsonNode about = e.path("involvedObject");
      ObjectNode json = out.addObject();
      json.put("time", time(e));
      json.put("type", e.path("type").asString("Normal"));
      json.put("reason", e.path("reason").asString(""));
      json.put("message", e.path("message").asString(""));
      json.put("count", e.path("count").asInt(1));
      json.put(
          "object",
          about.path("kind").asString("")
              + "/"
              + about.path("namespace").asString(Objects.namespace(e))
              + "/"
              + about.path("name").asString(""));
      json.put("namespace", Objects.namespace(e));
    }
    return out;
  }

  /** The last time it happened: lastTimestamp, eventTime or the creation, as RFC 3339 text. */
  static String time(JsonNode e) {
    for (String field : List.of("lastTimestamp", "eventTime", "firstTimestamp")) {
      String t = e.path(field).asString("");
      if (!t.isEmpty()) {
        return t;
      }
    }
    return e.path("metadata").path("creationTimestamp").asString("");
  }
}

package io.kubesim.scheduler.verdicts;

import io.kubesim.core.json.Json;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A {@link Verdict} as the console reads it. */
public final class VerdictJson {
  private VerdictJson() {}

  public static ObjectNode of(Verdict v) {
    ObjectNode json = Json.object();
    json.put("pod", v.key()).put("uid", v.uid()).put("time", v.time().toString());
    json.put("attempts", v.attempts());
    json.put("result", v.scheduled() ? "Scheduled" : "Unschedulable");
    if (v.scheduled()) {
      json.put("node", v.selectedNode());
    } else {
      json.put("message", v.message());
    }
    ArrayNode rejected = json.putArray("rejected");
    for (Verdict.Rejection r : v.rejected()) {
      ObjectNode node = rejected.addObject().put("node", r.node()).put("plugin", r.plugin());
      r.reasons().forEach(node.putArray("reasons")::add);
    }
    ArrayNode scores = json.putArray("scores");
    for (Verdict.NodeScore s : v.scores()) {
      ObjectNode node = scores.addObject().put("node", s.node()).put("total", s.total());
      ObjectNode plugins = node.putObject("plugins");
      s.byPlugin().forEach(plugins::put);
    }
    json.put("nodesLeftOut", v.nodesLeftOut());
    return json;
  }
}

package io.kubesim.console.cluster;

import io.kubesim.core.quantity.Quantity;
import io.kubesim.core.quota.PodResources;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** CPU in millicores and memory in bytes, the units the page draws its bars in. */
final class Resources {
  private Resources() {}

  /** The pod's effective requests (init containers and sidecars counted as the scheduler does). */
  static void requests(JsonNode pod, ObjectNode into) {
    Map<String, Quantity> requests = PodResources.requests(pod, true);
    into.put("cpu", milli(requests.get("cpu")));
    into.put("memory", whole(requests.get("memory")));
  }

  static long milli(Quantity q) {
    return q == null ? 0 : q.milliValue();
  }

  static long whole(Quantity q) {
    return q == null ? 0 : q.longValue();
  }

  static long milli(JsonNode text) {
    return text.isMissingNode() || text.isNull() ? 0 : Quantity.parse(text.asString()).milliValue();
  }

  static long whole(JsonNode text) {
    return text.isMissingNode() || text.isNull() ? 0 : Quantity.parse(text.asString()).longValue();
  }
}

package io.kubesim.ingress.status;

import io.kubesim.core.json.Json;
import io.kubesim.core.net.Ipv4;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The load-balancer status ingress-nginx writes on the ingresses it serves, with
 * --publish-status-address (kind's manifest: {@code localhost}): each address an entry, an IP as
 * {@code ip}, a name as {@code hostname}, so {@code kubectl get ingress} shows ADDRESS {@code
 * localhost}. Pure: which stored ingresses need which status.
 */
public final class StatusPlanner {
  private StatusPlanner() {}

  /** status.loadBalancer.ingress for {@code localhost} or {@code 10.0.0.1,lb.example}. */
  public static ArrayNode entries(String addresses) {
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (String raw : addresses.split(",")) {
      String a = raw.trim();
      if (a.isEmpty()) {
        continue;
      }
      boolean ip = Ipv4.parse(a) >= 0 || a.contains(":");
      out.addObject().put(ip ? "ip" : "hostname", a);
    }
    return out;
  }

  /**
   * The ingresses (as stored) whose status differs from {@code wanted}, each a copy with the new
   * status, ready for a PUT to its status subresource.
   */
  public static List<ObjectNode> updates(List<ObjectNode> ingresses, ArrayNode wanted) {
    List<ObjectNode> out = new ArrayList<>();
    for (ObjectNode ing : ingresses) {
      JsonNode current = ing.path("status").path("loadBalancer").path("ingress");
      boolean same =
          wanted.isEmpty() ? current.isEmpty() || current.isMissingNode() : current.equals(wanted);
      if (same) {
        continue;
      }
      ObjectNode copy = ing.deepCopy();
      ObjectNode lb = copy.putObject("status").putObject("loadBalancer");
      if (!wanted.isEmpty()) {
        lb.set("ingress", wanted.deepCopy());
      }
      out.add(copy);
    }
    return out;
  }
}

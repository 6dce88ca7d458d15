package io.kubesim.core.quota;

import io.kubesim.core.quantity.Quantity;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * Services: each counts once in {@code services}; a NodePort or LoadBalancer Service counts its
 * ports in {@code services.nodeports} (a LoadBalancer that allocates no node ports only those it
 * names), a LoadBalancer once in {@code services.loadbalancers}. Updates are charged too, since a
 * type change changes usage.
 */
public final class ServiceEvaluator implements Evaluator {
  private static final List<String> NAMES =
      List.of("count/services", "services", "services.nodeports", "services.loadbalancers");

  @Override
  public String groupResource() {
    return "services";
  }

  @Override
  public boolean handles(String operation, String subresource, JsonNode object, JsonNode old) {
    return operation.equals("CREATE") || operation.equals("UPDATE");
  }

  @Override
  public List<String> matchingResources(Collection<String> input) {
    return input.stream().filter(NAMES::contains).toList();
  }

  @Override
  public Map<String, Quantity> usage(JsonNode service, Instant now) {
    JsonNode spec = service.path("spec");
    int ports = spec.path("ports").size();
    long nodePorts = 0;
    long loadBalancers = 0;
    switch (spec.path("type").asString("ClusterIP")) {
      case "NodePort" -> nodePorts = ports;
      case "LoadBalancer" -> {
        loadBalancers = 1;
        nodePorts =
            spec.path("allocateLoadBalancerNodePorts").asBoolean(true)
                ? ports
                : countNamedNodePorts(spec);
      }
      default -> {}
    }
    Map<String, Quantity> out = new TreeMap<>();
    out.put("count/services", Quantity.parse("1"));
    out.put("services", Quantity.parse("1"));
    out.put("services.nodeports", Quantity.parse(Long.toString(nodePorts)));
    out.put("services.loadbalancers", Quantity.parse(Long.toString(loadBalancers)));
    return out;
  }

  private static long countNamedNodePorts(JsonNode spec) {
    long n = 0;
    for (JsonNode port : spec.path("ports")) {
      if (port.path("nodePort").asInt(0) != 0) {
        n++;
      }
    }
    return n;
  }
}

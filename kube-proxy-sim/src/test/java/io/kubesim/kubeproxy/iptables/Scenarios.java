package io.kubesim.kubeproxy.iptables;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.kubesim.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Test scenarios: Services and EndpointSlices in a multi-document YAML file under {@code
 * scenarios/}, seen from the node kubesim-worker (172.18.0.3) of a kind-like cluster.
 */
public final class Scenarios {
  public static final String NODE_IP = "172.18.0.3";
  public static final NodeInfo NODE =
      new NodeInfo(
          "kubesim-worker", List.of(NODE_IP), Map.of("kubernetes.io/hostname", "kubesim-worker"));

  /** The instant printed in the iptables-save header and footer of every golden file. */
  public static final Instant SAVED_AT = Instant.parse("2025-01-04T10:00:00Z");

  private Scenarios() {}

  public static ProxySnapshot load(String name) {
    return load(name, ProxyConfig.kind());
  }

  public static ProxySnapshot load(String name, ProxyConfig config) {
    List<Service> services = new ArrayList<>();
    List<EndpointSlice> slices = new ArrayList<>();
    for (String document : read("scenarios/" + name + ".yaml").split("(?m)^---\\s*$")) {
      if (document.isBlank()) {
        continue;
      }
      JsonNode node = Json.YAML.readTree(document);
      if (node == null || node.isMissingNode() || node.isNull()) {
        continue;
      }
      switch (node.path("kind").asString()) {
        case "Service" -> services.add(Json.convert(node, Service.class));
        case "EndpointSlice" -> slices.add(Json.convert(node, EndpointSlice.class));
        default -> throw new IllegalArgumentException("unexpected kind in " + name + ": " + node);
      }
    }
    return new ProxySnapshot(NODE, services, slices, config);
  }

  public static RuleSet rules(String name) {
    return RuleGenerator.generate(load(name));
  }

  static String read(String resource) {
    try (InputStream in = Scenarios.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

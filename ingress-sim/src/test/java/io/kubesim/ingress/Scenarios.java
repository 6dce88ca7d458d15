package io.kubesim.ingress;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.kubesim.core.json.Json;
import io.kubesim.ingress.model.CertificateNames;
import io.kubesim.ingress.model.Snapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Test scenarios: Ingresses, Services and EndpointSlices in a multi-document YAML file under {@code
 * scenarios/}, or given as text.
 */
public final class Scenarios {
  private Scenarios() {}

  public static Snapshot load(String name) {
    return parse(read("scenarios/" + name + ".yaml"), Map.of());
  }

  public static Snapshot parse(String yaml, Map<String, CertificateNames> certificates) {
    List<Ingress> ingresses = new ArrayList<>();
    Map<String, Service> services = new LinkedHashMap<>();
    Map<String, List<EndpointSlice>> slices = new LinkedHashMap<>();
    for (String document : yaml.split("(?m)^---\\s*$")) {
      if (document.isBlank()) {
        continue;
      }
      JsonNode node = Json.YAML.readTree(document);
      if (node == null || node.isMissingNode() || node.isNull()) {
        continue;
      }
      String ns = node.path("metadata").path("namespace").asString("default");
      switch (node.path("kind").asString()) {
        case "Ingress" -> ingresses.add(Json.convert(node, Ingress.class));
        case "Service" ->
            services.put(
                ns + "/" + node.path("metadata").path("name").asString(),
                Json.convert(node, Service.class));
        case "EndpointSlice" -> {
          String service =
              node.path("metadata").path("labels").path("kubernetes.io/service-name").asString();
          slices
              .computeIfAbsent(ns + "/" + service, k -> new ArrayList<>())
              .add(Json.convert(node, EndpointSlice.class));
        }
        default -> throw new IllegalArgumentException("unexpected kind: " + node);
      }
    }
    return new Snapshot(ingresses, services, slices, certificates);
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

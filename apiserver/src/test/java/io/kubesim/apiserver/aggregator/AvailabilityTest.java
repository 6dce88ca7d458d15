package io.kubesim.apiserver.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.apiserver.aggregator.Availability.Verdict;
import io.kubesim.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class AvailabilityTest {
  private static ObjectNode json(String text) {
    return text == null ? null : (ObjectNode) Json.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  /** prometheus-adapter's custom metrics API: an aggregated server kubesim does not run. */
  private static final String CUSTOM =
      """
      {"metadata":{"name":"v1beta1.custom.metrics.k8s.io"},
       "spec":{"group":"custom.metrics.k8s.io","version":"v1beta1",
               "service":{"namespace":"monitoring","name":"prometheus-adapter","port":443}}}""";

  /** metrics-server's: kubesim's apiserver serves it. */
  private static final String METRICS =
      """
      {"metadata":{"name":"v1beta1.metrics.k8s.io"},
       "spec":{"group":"metrics.k8s.io","version":"v1beta1",
               "service":{"namespace":"kube-system","name":"metrics-server","port":443}}}""";

  private static String service(String type, String clusterIp, int port, String portName) {
    return """
        {"metadata":{"name":"prometheus-adapter","namespace":"monitoring"},
         "spec":{"type":"%s","clusterIP":"%s","externalName":"metrics.example.com",
                 "ports":[{"name":"%s","port":%d}]}}"""
        .formatted(type, clusterIp, portName, port);
  }

  private static String endpoints(String addresses, String portName) {
    return """
        {"subsets":[{"addresses":%s,"ports":[{"name":"%s","port":10250}]}]}"""
        .formatted(addresses, portName);
  }

  private static final String ADDRESS = "[{\"ip\":\"10.244.1.7\"}]";

  record Case(String name, String apiService, String service, String endpoints, Verdict verdict) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "A local APIService is always available",
            "{\"metadata\":{\"name\":\"v1.apps\"},\"spec\":{\"group\":\"apps\",\"version\":\"v1\"}}",
            null,
            null,
            new Verdict("True", "Local", "Local APIServices are always available")),
        new Case(
            "A missing service is ServiceNotFound",
            CUSTOM,
            null,
            null,
            new Verdict(
                "False",
                "ServiceNotFound",
                "service/prometheus-adapter in \"monitoring\" is not present")),
        new Case(
            "A service without the port is ServicePortError",
            CUSTOM,
            service("ClusterIP", "10.96.0.20", 8443, "https"),
            null,
            new Verdict(
                "False",
                "ServicePortError",
                "service/prometheus-adapter in \"monitoring\" is not listening on port 443")),
        new Case(
            "A service without Endpoints is EndpointsNotFound",
            CUSTOM,
            service("ClusterIP", "10.96.0.20", 443, "https"),
            null,
            new Verdict(
                "False",
                "EndpointsNotFound",
                "cannot find endpoints for service/prometheus-adapter in \"monitoring\"")),
        new Case(
            "Endpoints without an address are MissingEndpoints",
            CUSTOM,
            service("ClusterIP", "10.96.0.20", 443, "https"),
            endpoints("[]", "https"),
            new Verdict(
                "False",
                "MissingEndpoints",
                "endpoints for service/prometheus-adapter in \"monitoring\" have no addresses with"
                    + " port name \"https\"")),
        new Case(
            "Endpoints on another port name are MissingEndpoints",
            CUSTOM,
            service("ClusterIP", "10.96.0.20", 443, "https"),
            endpoints(ADDRESS, "metrics"),
            new Verdict(
                "False",
                "MissingEndpoints",
                "endpoints for service/prometheus-adapter in \"monitoring\" have no addresses with"
                    + " port name \"https\"")),
        new Case(
            "A reachable-looking service fails the discovery GET kubesim cannot make",
            CUSTOM,
            service("ClusterIP", "10.96.0.20", 443, "https"),
            endpoints(ADDRESS, "https"),
            new Verdict(
                "False",
                "FailedDiscoveryCheck",
                "failing or missing response from"
                    + " https://10.96.0.20:443/apis/custom.metrics.k8s.io/v1beta1: kubesim does not proxy"
                    + " to aggregated API servers")),
        new Case(
            "A headless service cannot be routed to",
            CUSTOM,
            service("ClusterIP", "None", 443, "https"),
            endpoints(ADDRESS, "https"),
            new Verdict(
                "False",
                "FailedDiscoveryCheck",
                "cannot route to service with ClusterIP \"None\"")),
        new Case(
            "An ExternalName service is called by its name, without the endpoint checks",
            CUSTOM,
            service("ExternalName", "", 443, "https"),
            null,
            new Verdict(
                "False",
                "FailedDiscoveryCheck",
                "failing or missing response from"
                    + " https://metrics.example.com:443/apis/custom.metrics.k8s.io/v1beta1: kubesim does"
                    + " not proxy to aggregated API servers")),
        new Case(
            "A NodePort service without the port has no route",
            CUSTOM,
            service("NodePort", "10.96.0.20", 8443, "https"),
            null,
            new Verdict(
                "False",
                "FailedDiscoveryCheck",
                "no service port 443 found for service \"prometheus-adapter\"")),
        new Case(
            "metrics.k8s.io passes every check: this apiserver answers its discovery",
            METRICS,
            service("ClusterIP", "10.96.0.20", 443, "https"),
            endpoints(ADDRESS, "https"),
            new Verdict("True", "Passed", "all checks passed")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decides(Case c) {
    assertThat(Availability.check(json(c.apiService()), json(c.service()), json(c.endpoints())))
        .isEqualTo(c.verdict());
  }

  @Test
  void theTransitionTimeMovesOnlyWhenTheStatusChanges() {
    Verdict notFound = new Verdict("False", "ServiceNotFound", "absent");
    Verdict noEndpoints = new Verdict("False", "EndpointsNotFound", "no endpoints");
    JsonNode first = Availability.withVerdict(null, notFound, "2025-01-01T10:00:00Z");
    JsonNode second = Availability.withVerdict(first, noEndpoints, "2025-01-01T10:05:00Z");
    JsonNode third = Availability.withVerdict(second, Availability.LOCAL, "2025-01-01T10:10:00Z");

    assertThat(first)
        .isEqualTo(
            json(
                """
                {"conditions":[{"type":"Available","status":"False",
                  "lastTransitionTime":"2025-01-01T10:00:00Z","reason":"ServiceNotFound",
                  "message":"absent"}]}"""));
    assertThat(second.at("/conditions/0/lastTransitionTime").asString())
        .isEqualTo("2025-01-01T10:00:00Z");
    assertThat(second.at("/conditions/0/reason").asString()).isEqualTo("EndpointsNotFound");
    assertThat(third.at("/conditions/0/lastTransitionTime").asString())
        .isEqualTo("2025-01-01T10:10:00Z");
    assertThat(third.at("/conditions/0/status").asString()).isEqualTo("True");
    assertThat(third.path("conditions")).hasSize(1);
  }
}

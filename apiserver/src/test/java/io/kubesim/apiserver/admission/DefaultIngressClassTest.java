package io.kubesim.apiserver.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.core.json.Json;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class DefaultIngressClassTest {
  record Case(String name, List<String> classes, String ingress, String expectedClass) {
    @Override
    public String toString() {
      return name;
    }
  }

  static String ingressClass(String name, String created, String isDefault) {
    String annotations =
        isDefault == null
            ? ""
            : ",\"annotations\":{\"ingressclass.kubernetes.io/is-default-class\":\""
                + isDefault
                + "\"}";
    return "{\"metadata\":{\"name\":\""
        + name
        + "\",\"creationTimestamp\":\""
        + created
        + "\""
        + annotations
        + "},\"spec\":{\"controller\":\"example.com/"
        + name
        + "\"}}";
  }

  static final String NGINX = ingressClass("nginx", "2025-01-01T10:00:00Z", "true");
  static final String TRAEFIK = ingressClass("traefik", "2025-01-02T10:00:00Z", "true");
  static final String HAPROXY = ingressClass("haproxy", "2025-01-03T10:00:00Z", "false");
  static final String PLAIN = ingressClass("plain", "2025-01-04T10:00:00Z", null);
  static final String NO_CLASS = "{\"metadata\":{\"name\":\"web\"},\"spec\":{}}";

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "an ingress without a class gets the default one",
            List.of(NGINX, PLAIN),
            NO_CLASS,
            "nginx"),
        new Case(
            "of two defaults the newer wins",
            List.of(NGINX, TRAEFIK, HAPROXY),
            NO_CLASS,
            "traefik"),
        new Case(
            "of two defaults made in the same second the first name wins",
            List.of(
                ingressClass("b", "2025-01-01T10:00:00Z", "true"),
                ingressClass("a", "2025-01-01T10:00:00Z", "true")),
            NO_CLASS,
            "a"),
        new Case(
            "only the value true marks a default",
            List.of(HAPROXY, PLAIN, ingressClass("yes", "2025-01-05T10:00:00Z", "True")),
            NO_CLASS,
            null),
        new Case("no classes, no class", List.of(), NO_CLASS, null),
        new Case(
            "a class named in the spec is kept",
            List.of(NGINX),
            "{\"metadata\":{\"name\":\"web\"},\"spec\":{\"ingressClassName\":\"other\"}}",
            "other"),
        new Case(
            "the legacy annotation keeps the ingress without a class name",
            List.of(NGINX),
            "{\"metadata\":{\"name\":\"web\",\"annotations\":{\"kubernetes.io/ingress.class\":\"haproxy\"}},\"spec\":{}}",
            null),
        new Case(
            "an ingress without a spec gets one with the class",
            List.of(NGINX),
            "{\"metadata\":{\"name\":\"web\"}}",
            "nginx"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void ingressesWithoutAClassGetTheDefault(Case c) {
    ObjectNode ingress = (ObjectNode) Json.MAPPER.readTree(c.ingress());
    List<JsonNode> classes = c.classes().stream().map(Json.MAPPER::readTree).toList();
    DefaultIngressClass.admit(ingress, classes);
    JsonNode name = ingress.path("spec").path("ingressClassName");
    assertThat(name.isMissingNode() ? null : name.asString()).isEqualTo(c.expectedClass());
  }
}

package io.kubesim.kubeproxy.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Which endpoints a service port uses on this node, as CategorizeEndpoints decides. */
class EndpointCategoriesTest {
  private static final String ZONE = "zone-a";

  /** An endpoint: a, b, c ... on port 80; state r (ready), t (serving terminating), n (neither). */
  private static EndpointInfo ep(String name, boolean local, char state, String... zones) {
    int ip = Ipv4.parse("10.244.0." + (name.charAt(0) - 'a' + 1));
    return new EndpointInfo(
        ip,
        80,
        Ipv4.format(ip) + ":80",
        local,
        state == 'r',
        state != 'n',
        state == 't',
        Set.of(zones));
  }

  private static ServicePortInfo port(boolean internalLocal, boolean externalLocal, int nodePort) {
    return new ServicePortInfo(
        "default/web:http",
        "tcp",
        "default/web:http/TCP",
        "H",
        Ipv4.parse("10.96.0.10"),
        80,
        nodePort,
        List.of(),
        List.of(),
        List.of(),
        0,
        externalLocal,
        internalLocal,
        0);
  }

  private static final ServicePortInfo CLUSTER = port(false, false, 0);
  private static final ServicePortInfo INTERNAL_LOCAL = port(true, false, 0);
  private static final ServicePortInfo EXTERNAL_LOCAL = port(false, true, 30080);

  record Case(
      String sentence,
      ServicePortInfo port,
      List<EndpointInfo> endpoints,
      String cluster,
      String local,
      String reachable,
      boolean hasAny) {
    @Override
    public String toString() {
      return sentence;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "Cluster policy takes every ready endpoint",
            CLUSTER,
            List.of(ep("a", true, 'r'), ep("b", false, 'r'), ep("c", false, 'n')),
            "a b",
            "",
            "a b",
            true),
        new Case(
            "with no ready endpoint the serving terminating ones are used",
            CLUSTER,
            List.of(ep("a", false, 't'), ep("b", false, 'n')),
            "a",
            "",
            "a",
            true),
        new Case(
            "terminating endpoints are ignored while one is ready",
            CLUSTER,
            List.of(ep("a", false, 't'), ep("b", false, 'r')),
            "b",
            "",
            "b",
            true),
        new Case(
            "nothing usable means no endpoints anywhere",
            CLUSTER,
            List.of(ep("a", true, 'n')),
            "",
            "",
            "",
            false),
        new Case(
            "internal Local policy uses only local ready endpoints",
            INTERNAL_LOCAL,
            List.of(ep("a", true, 'r'), ep("b", false, 'r')),
            "",
            "a",
            "a",
            true),
        new Case(
            "internal Local policy without a local endpoint still knows the Service has endpoints",
            INTERNAL_LOCAL,
            List.of(ep("b", false, 'r')),
            "",
            "",
            "",
            true),
        new Case(
            "Local policy falls back to local serving terminating endpoints on its own",
            EXTERNAL_LOCAL,
            List.of(ep("a", true, 't'), ep("b", false, 'r')),
            "b",
            "a",
            "a b",
            true),
        new Case(
            "external Local policy keeps Cluster endpoints for short-circuited traffic",
            EXTERNAL_LOCAL,
            List.of(ep("a", true, 'r'), ep("b", false, 'r')),
            "a b",
            "a",
            "a b",
            true),
        new Case(
            "zone hints narrow Cluster endpoints when every ready endpoint has one",
            CLUSTER,
            List.of(ep("a", false, 'r', ZONE), ep("b", false, 'r', "zone-b")),
            "a",
            "",
            "a",
            true),
        new Case(
            "zone hints are ignored when one ready endpoint lacks a hint",
            CLUSTER,
            List.of(ep("a", false, 'r', ZONE), ep("b", false, 'r')),
            "a b",
            "",
            "a b",
            true),
        new Case(
            "zone hints are ignored when none is for this node's zone",
            CLUSTER,
            List.of(ep("a", false, 'r', "zone-c"), ep("b", false, 'r', "zone-b")),
            "a b",
            "",
            "a b",
            true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theEndpointsAreCategorizedAsKubeProxyDoes(Case c) {
    EndpointCategories categories = EndpointCategories.of(c.endpoints(), c.port(), ZONE);
    assertThat(names(categories.cluster())).isEqualTo(c.cluster());
    assertThat(names(categories.local())).isEqualTo(c.local());
    assertThat(names(categories.reachable())).isEqualTo(c.reachable());
    assertThat(categories.hasAny()).isEqualTo(c.hasAny());
  }

  private static String names(List<EndpointInfo> endpoints) {
    return String.join(
        " ",
        endpoints.stream().map(e -> String.valueOf((char) ('a' + (e.ip() & 0xff) - 1))).toList());
  }
}

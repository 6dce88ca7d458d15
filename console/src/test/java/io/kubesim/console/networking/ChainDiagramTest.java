package io.kubesim.console.networking;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The diagram of kube-proxy's golden rule dumps (copied from kube-proxy-sim's tests). */
class ChainDiagramTest {

  record Case(String name, String dump, String service, List<String> arrows) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "three endpoints: a third of the connections to each, each to its pod",
            "clusterip-three-endpoints.txt",
            "default/web",
            List.of(
                "KUBE-SERVICES > KUBE-SVC-CDGGSHYLG3RE2FKL (10.96.12.7:80/tcp)",
                "KUBE-SVC-CDGGSHYLG3RE2FKL > KUBE-SEP-AFGSLHOD2HFNCBX4 33.3%",
                "KUBE-SVC-CDGGSHYLG3RE2FKL > KUBE-SEP-THARIHPKCFHZIRHI 33.3%",
                "KUBE-SVC-CDGGSHYLG3RE2FKL > KUBE-SEP-BHWREN4QVXBDKU7G 33.3%",
                "KUBE-SEP-AFGSLHOD2HFNCBX4 > DNAT 10.244.1.5:8080",
                "KUBE-SEP-BHWREN4QVXBDKU7G > DNAT 10.244.3.4:8080",
                "KUBE-SEP-THARIHPKCFHZIRHI > DNAT 10.244.2.9:8080")),
        new Case(
            "no ready endpoint: the filter table rejects the cluster IP",
            "clusterip-no-ready-endpoints.txt",
            "default/web",
            List.of("filter:KUBE-SERVICES > REJECT filter:KUBE-SERVICES (10.96.12.7:80/tcp)")),
        new Case(
            "a NodePort: local destinations go through KUBE-NODEPORTS and the external chain",
            "nodeport.txt",
            "default/web",
            List.of(
                "KUBE-EXT-CDGGSHYLG3RE2FKL > KUBE-SVC-CDGGSHYLG3RE2FKL",
                "KUBE-NODEPORTS > KUBE-EXT-CDGGSHYLG3RE2FKL (127.0.0.0/8:30080/tcp)",
                "KUBE-NODEPORTS > KUBE-EXT-CDGGSHYLG3RE2FKL (port 30080/tcp)",
                "KUBE-SEP-AFGSLHOD2HFNCBX4 > DNAT 10.244.1.5:8080",
                "KUBE-SEP-THARIHPKCFHZIRHI > DNAT 10.244.2.9:8080",
                "KUBE-SERVICES > KUBE-SVC-CDGGSHYLG3RE2FKL (10.96.12.7:80/tcp)",
                "KUBE-SVC-CDGGSHYLG3RE2FKL > KUBE-SEP-AFGSLHOD2HFNCBX4 50.0%",
                "KUBE-SVC-CDGGSHYLG3RE2FKL > KUBE-SEP-THARIHPKCFHZIRHI 50.0%",
                "KUBE-SERVICES > KUBE-NODEPORTS (local)")),
        new Case(
            "another Service's rules are not drawn",
            "clusterip-three-endpoints.txt",
            "default/other",
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void drawsTheServicesWayThroughTheRules(Case c) throws IOException {
    ChainDiagram d = ChainDiagram.of(resource(c.dump()), c.service());

    assertThat(d.arrows().stream().map(ChainDiagramTest::text))
        .containsExactlyInAnyOrderElementsOf(c.arrows());
    // every arrow joins two boxes
    assertThat(d.boxes().stream().map(ChainDiagram.Box::id))
        .containsAll(d.arrows().stream().flatMap(a -> Stream.of(a.from(), a.to())).toList());
  }

  @Test
  void aChainThatMasqueradesSaysSo() throws IOException {
    ChainDiagram d = ChainDiagram.of(resource("clusterip-three-endpoints.txt"), "default/web");

    assertThat(d.boxes())
        .filteredOn(ChainDiagram.Box::masquerade)
        .extracting(ChainDiagram.Box::id)
        .contains("KUBE-SVC-CDGGSHYLG3RE2FKL", "KUBE-SEP-AFGSLHOD2HFNCBX4");
  }

  static String text(ChainDiagram.Arrow a) {
    String s = a.from() + " > " + a.to();
    if (!a.match().isEmpty()) {
      s += " (" + a.match() + ")";
    }
    if (a.chance() != null) {
      s += String.format(Locale.ROOT, " %.1f%%", a.chance() * 100);
    }
    return s;
  }

  static String resource(String name) throws IOException {
    try (InputStream in = ChainDiagramTest.class.getResourceAsStream("/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}

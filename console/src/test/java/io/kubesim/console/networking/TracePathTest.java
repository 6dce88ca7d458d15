package io.kubesim.console.networking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class TracePathTest {
  @Test
  void eachWayOfTheTraceKeepsItsChanceVerdictAndChains() throws Exception {
    List<TracePath> paths = TracePath.parse(ChainDiagramTest.resource("trace-three-endpoints.txt"));

    assertThat(paths).hasSize(3);
    assertThat(paths).allSatisfy(p -> assertThat(p.chance()).isCloseTo(1 / 3.0, within(1e-3)));
    assertThat(paths.get(1).verdict()).isEqualTo("DNAT to 10.244.2.9:8080");
    assertThat(paths.get(1).chains())
        .startsWith(
            "PREROUTING",
            "KUBE-SERVICES",
            "KUBE-SVC-CDGGSHYLG3RE2FKL",
            "KUBE-SEP-THARIHPKCFHZIRHI",
            "filter:FORWARD")
        .doesNotContain("KUBE-SEP-AFGSLHOD2HFNCBX4");
  }

  @Test
  void aTraceWithoutWaysHasNoPath() {
    assertThat(TracePath.parse("tcp 1.2.3.4 -> 10.96.0.1:443 from pod\n")).isEmpty();
  }
}

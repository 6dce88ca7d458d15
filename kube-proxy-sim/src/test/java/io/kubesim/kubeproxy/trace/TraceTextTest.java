package io.kubesim.kubeproxy.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.kubeproxy.iptables.Scenarios;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The trace as a person reads it, against {@code golden/trace-NAME.txt}; {@code
 * -Dgolden.update=true} rewrites them, as for the rule dumps.
 */
class TraceTextTest {
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");

  record Case(String sentence, String golden, String scenario, Packet packet) {
    @Override
    public String toString() {
      return sentence;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "three endpoints: three branches, with the chance of each random rule",
            "trace-three-endpoints",
            "clusterip-three-endpoints",
            Packet.tcp("10.244.1.10", "10.96.12.7", 80, Origin.POD)),
        new Case(
            "a Local node port without a local endpoint: every chain to the DROP",
            "trace-local-node-port-dropped",
            "external-local-without-local-endpoint",
            Packet.tcp("192.168.1.50", Scenarios.NODE_IP, 30080, Origin.EXTERNAL)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theTextIsTheGoldenFile(Case c) throws IOException {
    String text = TraceText.render(PacketTracer.trace(Scenarios.rules(c.scenario()), c.packet()));
    if (UPDATE) {
      Path file = Path.of("src/test/resources/golden", c.golden() + ".txt");
      Files.writeString(file, text, StandardCharsets.UTF_8);
      return;
    }
    try (InputStream in = getClass().getResourceAsStream("/golden/" + c.golden() + ".txt")) {
      assertThat(in).as("golden file " + c.golden()).isNotNull();
      assertThat(text).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}

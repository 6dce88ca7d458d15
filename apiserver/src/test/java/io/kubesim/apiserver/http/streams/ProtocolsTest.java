package io.kubesim.apiserver.http.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ProtocolsTest {

  record Case(String name, List<String> headers, List<String> server, String chosen) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "kubectl's SPDY exec fallback (v5 first, one header each) gets v4, the kubelet's best",
            List.of(
                "v5.channel.k8s.io",
                "v4.channel.k8s.io",
                "v3.channel.k8s.io",
                "v2.channel.k8s.io",
                "channel.k8s.io"),
            Protocols.SPDY_EXEC,
            "v4.channel.k8s.io"),
        new Case(
            "a comma-separated list is read in order",
            List.of("v4.channel.k8s.io, v5.channel.k8s.io"),
            List.of(Protocols.V5, Protocols.V4),
            "v4.channel.k8s.io"),
        new Case(
            "the client's order wins over the server's",
            List.of("v4.channel.k8s.io", "v5.channel.k8s.io"),
            List.of(Protocols.V5, Protocols.V4),
            "v4.channel.k8s.io"),
        new Case(
            "kubectl's websocket port-forward asks for SPDY tunnelled in websocket messages",
            List.of("SPDY/3.1+portforward.k8s.io"),
            Protocols.websocket("portforward"),
            "SPDY/3.1+portforward.k8s.io"),
        new Case(
            "nothing in common is no protocol",
            List.of("channel.k8s.io"),
            Protocols.SPDY_EXEC,
            null),
        new Case("no header is no protocol", List.of(), Protocols.SPDY_PORT_FORWARD, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void negotiation(Case c) {
    assertThat(Protocols.negotiate(Protocols.values(c.headers()), c.server()))
        .isEqualTo(c.chosen());
  }
}

package io.kubesim.apiserver.http.streams;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PortForwardErrorsTest {

  @Test
  void aRefusedPortReadsAsContainerdWrapsItOnAKindNode() {
    String sandbox = PortForwardErrors.sandboxId("uid-1");
    String netns = PortForwardErrors.netns("uid-1");

    assertThat(sandbox).matches("[0-9a-f]{64}");
    assertThat(netns)
        .matches("/var/run/netns/cni-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(PortForwardErrors.refused(81, "uid-1"))
        .isEqualTo(
            "error forwarding port 81 to pod "
                + sandbox
                + ", uid : failed to execute portforward in network namespace \""
                + netns
                + "\": failed to connect to localhost:81 inside namespace \""
                + sandbox
                + "\", IPv4: dial tcp4 127.0.0.1:81: connect: connection refused IPv6 dial tcp6"
                + " [::1]:81: connect: connection refused ");
    assertThat(PortForwardErrors.sandboxId("uid-2")).isNotEqualTo(sandbox);
  }
}

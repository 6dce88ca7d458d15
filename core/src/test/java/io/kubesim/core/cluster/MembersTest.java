package io.kubesim.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

class MembersTest {
  @Test
  void aMemberWithoutAPortStandsForHazelcastsPortRange() {
    ClusterConfig config =
        new ClusterConfig("c", List.of("apiserver", "10.0.0.5:5801"), "me", 5701, 1);
    List<InetSocketAddress> addresses = Members.addresses(config);
    assertThat(addresses).hasSize(Members.PORT_COUNT + 1);
    assertThat(addresses.get(0).getHostString()).isEqualTo("apiserver");
    assertThat(addresses.get(0).getPort()).isEqualTo(5701);
    assertThat(addresses.get(Members.PORT_COUNT - 1).getPort()).isEqualTo(5720);
    assertThat(addresses.get(Members.PORT_COUNT).getPort()).isEqualTo(5801);
  }

  @Test
  void aRunningClusterIsSeenOnlyWhenAMemberAcceptsConnections() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
      ClusterConfig up = new ClusterConfig("c", List.of("127.0.0.1:" + port), "127.0.0.1", 1, 0);
      assertThat(Members.anyReachable(up)).isTrue();
    }
    ClusterConfig down = new ClusterConfig("c", List.of("127.0.0.1:" + port), "127.0.0.1", 1, 0);
    assertThat(Members.anyReachable(down)).isFalse();
  }
}

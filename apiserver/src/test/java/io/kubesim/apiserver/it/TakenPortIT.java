package io.kubesim.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.apiserver.ApiServerConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A port another process takes between the check and the bind costs a retry, not the tests. */
class TakenPortIT {
  @Test
  void anApiServerWhosePortWasTakenStartsOnAFreshOne() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      AtomicInteger attempts = new AtomicInteger();
      TestCluster.Own own =
          TestCluster.startOwn(
              "taken-port",
              (port, data) ->
                  ApiServerConfig.local(
                      attempts.getAndIncrement() == 0 ? taken.getLocalPort() : port, data));
      try {
        assertThat(attempts).hasValue(2);
        assertThat(own.server().port()).isNotEqualTo(taken.getLocalPort());
      } finally {
        own.server().stop();
      }
    }
  }
}

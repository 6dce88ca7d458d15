package io.kubesim.core.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/** The cluster's configured members as addresses, and whether any of them is up. */
final class Members {
  /** Ports tried on a member given without one: Hazelcast's range from the configured port. */
  static final int PORT_COUNT = 20;

  private static final int CONNECT_TIMEOUT_MILLIS = 200;

  private Members() {}

  /** Every host:port the configuration names, a member without a port standing for the range. */
  static List<InetSocketAddress> addresses(ClusterConfig config) {
    List<InetSocketAddress> out = new ArrayList<>();
    for (String member : config.members()) {
      int colon = member.lastIndexOf(':');
      if (colon > 0 && member.indexOf(':') == colon) {
        out.add(
            InetSocketAddress.createUnresolved(
                member.substring(0, colon), Integer.parseInt(member.substring(colon + 1))));
      } else {
        for (int port = config.port(); port < config.port() + PORT_COUNT; port++) {
          out.add(InetSocketAddress.createUnresolved(member, port));
        }
      }
    }
    return out;
  }

  /** True when some configured member accepts a TCP connection: a cluster is already running. */
  static boolean anyReachable(ClusterConfig config) {
    for (InetSocketAddress address : addresses(config)) {
      try (Socket socket = new Socket()) {
        socket.connect(
            new InetSocketAddress(address.getHostString(), address.getPort()),
            CONNECT_TIMEOUT_MILLIS);
        return true;
      } catch (IOException e) {
        // not up (or not resolvable yet, as a compose service that has not started)
      }
    }
    return false;
  }
}

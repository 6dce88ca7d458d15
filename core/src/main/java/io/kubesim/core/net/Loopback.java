package io.kubesim.core.net;

import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Whether a request came from this host: the gate of the chaos switches, which anyone reaching them
 * could use to disrupt the cluster (the launcher's processes share the host; in compose, {@code
 * docker exec} into the container is loopback).
 */
public final class Loopback {
  private Loopback() {}

  public static boolean is(SocketAddress address) {
    if (address == null || address.hostAddress() == null) {
      return false;
    }
    try {
      // an IP literal: no name is looked up
      return InetAddress.getByName(address.hostAddress()).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}

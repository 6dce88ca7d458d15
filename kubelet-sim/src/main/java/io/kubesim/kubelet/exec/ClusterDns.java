package io.kubesim.kubelet.exec;

import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.ResourcePath;
import io.vertx.core.Future;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where a pod's DNS packet goes (blocking: an exec session's thread calls it). A query to the
 * kube-dns Service's cluster IP, port 53, is sent over UDP to a ready endpoint of that Service, as
 * the node's rules would DNAT it: the endpoint is the DNS process's real address, which it keeps in
 * the Service's EndpointSlice. The Service and the slice are read from the API once per exec
 * session. Any other nameserver (the node's resolver of dnsPolicy Default, an address outside the
 * cluster) never answers: there is no internet.
 */
final class ClusterDns {
  static final String NAMESPACE = "kube-system";
  static final String SERVICE = "kube-dns";

  /** busybox's and the C library's wait: 5 s, the query sent again halfway. */
  private static final int TIMEOUT_MILLIS = 5000;

  private final ApiClient api;
  private String routedFor;
  private InetSocketAddress route;

  ClusterDns(ApiClient api) {
    this.api = api;
  }

  /** The reply of the server behind {@code nameserver}, or null (no route, or no answer). */
  Message query(String nameserver, Message query) {
    InetSocketAddress target = route(nameserver);
    if (target == null) {
      return null;
    }
    byte[] out = query.toWire();
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout(TIMEOUT_MILLIS / 2);
      for (int attempt = 0; attempt < 2; attempt++) {
        socket.send(new DatagramPacket(out, out.length, target));
        byte[] in = new byte[65535];
        DatagramPacket packet = new DatagramPacket(in, in.length);
        try {
          while (true) {
            socket.receive(packet);
            Message reply = new Message(java.util.Arrays.copyOf(in, packet.getLength()));
            if (reply.getHeader().getID() == query.getHeader().getID()) {
              return reply;
            }
          }
        } catch (SocketTimeoutException e) {
          // sent again, as the resolver does
        }
      }
    } catch (IOException e) {
      return null;
    }
    return null;
  }

  /** The endpoint for {@code nameserver}:53/UDP, or null when it is not kube-dns's address. */
  private synchronized InetSocketAddress route(String nameserver) {
    if (nameserver.equals(routedFor)) {
      return route;
    }
    routedFor = nameserver;
    route = null;
    try {
      ObjectNode service = await(api.get(ResourcePath.core("services").item(NAMESPACE, SERVICE)));
      if (!nameserver.equals(service.path("spec").path("clusterIP").asString(""))) {
        return null;
      }
      String portName = null;
      for (JsonNode p : service.path("spec").path("ports")) {
        if (p.path("port").asInt() == 53 && p.path("protocol").asString("TCP").equals("UDP")) {
          portName = p.path("name").asString("");
        }
      }
      if (portName == null) {
        return null;
      }
      ObjectNode slices =
          await(
              api.list(
                  ResourcePath.of("discovery.k8s.io/v1", "endpointslices").collection(NAMESPACE),
                  Map.of("labelSelector", "kubernetes.io/service-name=" + SERVICE)));
      route = endpoint(slices, portName);
    } catch (Exception e) {
      route = null;
    }
    return route;
  }

  /** The first ready endpoint's address, with the slice's port of that name. */
  static InetSocketAddress endpoint(ObjectNode slices, String portName) {
    for (JsonNode slice : slices.path("items")) {
      int port = -1;
      for (JsonNode p : slice.path("ports")) {
        if (p.path("name").asString("").equals(portName)
            && p.path("protocol").asString("TCP").equals("UDP")) {
          port = p.path("port").asInt();
        }
      }
      if (port < 0) {
        continue;
      }
      for (JsonNode endpoint : slice.path("endpoints")) {
        boolean ready = endpoint.path("conditions").path("ready").asBoolean(true);
        if (ready && endpoint.path("addresses").size() > 0) {
          return new InetSocketAddress(endpoint.path("addresses").get(0).asString(), port);
        }
      }
    }
    return null;
  }

  private static ObjectNode await(Future<ObjectNode> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }
}

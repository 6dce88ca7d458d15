package io.kubesim.kubeproxy.dataplane;

import io.kubesim.core.net.PodNetwork;
import io.kubesim.kubeproxy.iptables.Cidr;
import io.kubesim.kubeproxy.iptables.Ipv4;
import io.kubesim.kubeproxy.iptables.RuleSet;
import io.kubesim.kubeproxy.sync.Proxier;
import io.kubesim.kubeproxy.trace.EndpointChooser;
import io.kubesim.kubeproxy.trace.Outcome;
import io.kubesim.kubeproxy.trace.Packet;
import io.kubesim.kubeproxy.trace.Verdict;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * The user-space data plane: a new connection goes where the node's rules send its first packet
 * (the endpoint drawn with the rules' probabilities and the node's affinity lists), then through
 * the pod network to the real address of the simulated app. REJECT and a pod that does not listen
 * close the connection at once; DROP holds it silent until {@link #DROP_MILLIS}, as a client
 * waiting for an answer to a dropped packet would see.
 */
public final class Connector {
  static final long DROP_MILLIS = 60_000;

  private final Vertx vertx;
  private final PodNetwork network;
  private final Clock clock;
  private final NetClient client;
  private final Cidr podNetwork;

  /**
   * @param clusterCidr the pods' addresses: an endpoint there goes through the pod network, any
   *     other (the kubernetes Service's apiserver, Endpoints a user wrote) is a real address
   */
  public Connector(Vertx vertx, PodNetwork network, Clock clock, String clusterCidr) {
    this.vertx = vertx;
    this.network = network;
    this.clock = clock;
    this.podNetwork = Cidr.parse(clusterCidr);
    this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(5_000));
  }

  /** Where a new connection goes: the endpoint's real address ({@code host:port}), or why not. */
  public record Route(Outcome outcome, String realAddress) {}

  /** Decides the connection's route through the node's rules (null rules: ACCEPT, nowhere). */
  public Future<Route> route(Proxier proxier, Packet packet) {
    RuleSet rules = proxier.rules();
    if (rules == null) {
      return Future.succeededFuture(null);
    }
    RandomGenerator random = ThreadLocalRandom.current();
    Outcome outcome =
        EndpointChooser.choose(rules, packet, random, proxier.affinity(), clock.instant());
    if (outcome.verdict() != Verdict.DNAT || outcome.endpoint() == null) {
      return Future.succeededFuture(new Route(outcome, null));
    }
    int colon = outcome.endpoint().lastIndexOf(':');
    String ip = outcome.endpoint().substring(0, colon);
    int port = Integer.parseInt(outcome.endpoint().substring(colon + 1));
    if (!podNetwork.contains(Ipv4.parse(ip))) {
      return Future.succeededFuture(new Route(outcome, outcome.endpoint()));
    }
    return resolve(ip, port).map(real -> new Route(outcome, real));
  }

  /** A pod IP and port to the real address its app listens on, or null. */
  public Future<String> resolve(String podIp, int port) {
    return network == null ? Future.succeededFuture(null) : network.lookup(podIp, port);
  }

  /** Carries the client's connection along its route. */
  public void carry(NetSocket socket, Future<Route> route) {
    socket.pause();
    route.onComplete(
        done -> {
          Route r = done.succeeded() ? done.result() : null;
          if (r != null && r.outcome().verdict() == Verdict.DROP) {
            long timer = vertx.setTimer(DROP_MILLIS, t -> socket.close());
            socket.closeHandler(v -> vertx.cancelTimer(timer));
            return;
          }
          if (r == null || r.realAddress() == null) {
            socket.close();
            return;
          }
          connect(r.realAddress())
              .onSuccess(upstream -> pipe(socket, upstream))
              .onFailure(e -> socket.close());
        });
  }

  public Future<NetSocket> connect(String realAddress) {
    int colon = realAddress.lastIndexOf(':');
    return client.connect(
        Integer.parseInt(realAddress.substring(colon + 1)), realAddress.substring(0, colon));
  }

  /** Both directions until either side closes. */
  public static void pipe(NetSocket a, NetSocket b) {
    a.pipeTo(b).onComplete(done -> b.close());
    b.pipeTo(a).onComplete(done -> a.close());
    a.resume();
    b.resume();
  }

  public void close() {
    client.close();
  }
}

package io.kubesim.kubeproxy.dataplane;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.kubesim.kubeproxy.iptables.Match;
import io.kubesim.kubeproxy.iptables.Rule;
import io.kubesim.kubeproxy.iptables.RuleSet;
import io.kubesim.kubeproxy.iptables.TableName;
import io.kubesim.kubeproxy.iptables.Target;
import io.kubesim.kubeproxy.sync.ClusterState;
import io.kubesim.kubeproxy.sync.Proxier;
import io.kubesim.kubeproxy.trace.Origin;
import io.kubesim.kubeproxy.trace.Packet;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's NodePorts, listened on for real: a TCP listener on every address of the node for each
 * NodePort (and LoadBalancer) port, opened and closed as the rules change, so that {@code curl
 * <node IP>:<nodePort>} goes through that node's rules. A port whose packets the rules can only
 * REJECT (no endpoints) is not listened on: the client's SYN is refused by the kernel, as the
 * rule's ICMP port-unreachable makes a real client report "Connection refused".
 */
public final class NodePorts {
  private static final Logger LOG = LoggerFactory.getLogger(NodePorts.class);

  /** A client outside the cluster (TEST-NET-1), for the launcher's host. */
  static final String OUTSIDE = "192.0.2.1";

  private final Vertx vertx;
  private final Proxier proxier;
  private final ClusterState state;
  private final Connector connector;
  private final List<String> extraAddresses;
  private final Map<String, NetServer> listening = new HashMap<>();

  /**
   * @param extraAddresses addresses listened on besides the node's own (127.0.0.1 when the process
   *     is one node's, as localhost NodePorts work on a real node)
   */
  public NodePorts(
      Vertx vertx,
      Proxier proxier,
      ClusterState state,
      Connector connector,
      List<String> extraAddresses) {
    this.vertx = vertx;
    this.proxier = proxier;
    this.state = state;
    this.connector = connector;
    this.extraAddresses = List.copyOf(extraAddresses);
  }

  /** After a sync, on the proxier's context: listen where the new rules accept traffic. */
  public void update(RuleSet rules) {
    Set<String> wanted = new HashSet<>();
    Set<Integer> accepted = acceptedPorts(rules);
    for (String ip : rules.nodeIps()) {
      for (int port : accepted) {
        wanted.add(ip + ":" + port);
        for (String extra : extraAddresses) {
          wanted.add(extra + ":" + port);
        }
      }
    }
    listening
        .entrySet()
        .removeIf(
            e -> {
              if (!wanted.contains(e.getKey())) {
                e.getValue().close();
                return true;
              }
              return false;
            });
    for (String address : wanted) {
      if (!listening.containsKey(address)) {
        listen(address);
      }
    }
  }

  /**
   * The TCP node ports of the Services whose packets the rules do not simply reject: every node
   * port but those of filter KUBE-EXTERNAL-SERVICES's "has no endpoints" REJECT rules (read off the
   * rules, not traced: a sync of 1,000 NodePorts must not stall the context).
   */
  private Set<Integer> acceptedPorts(RuleSet rules) {
    Set<Integer> rejected = new HashSet<>();
    rules
        .chain(TableName.FILTER, "KUBE-EXTERNAL-SERVICES")
        .ifPresent(
            chain -> {
              for (Rule rule : chain.rules()) {
                boolean nodePort =
                    rule.matches().stream()
                        .anyMatch(m -> m instanceof Match.LocalAddress l && !l.source());
                if (nodePort
                    && rule.target() instanceof Target.Verdict v
                    && v.name().equals("REJECT")) {
                  for (Match match : rule.matches()) {
                    if (match instanceof Match.Port port && port.protocol().equals("tcp")) {
                      rejected.add(port.destinationPort());
                    }
                  }
                }
              }
            });
    Set<Integer> ports = new HashSet<>();
    for (Service service : state.services()) {
      for (ServicePort port : service.getSpec().getPorts()) {
        Integer nodePort = port.getNodePort();
        if (nodePort != null
            && nodePort != 0
            && "TCP".equals(protocol(port))
            && !rejected.contains(nodePort)) {
          ports.add(nodePort);
        }
      }
    }
    return ports;
  }

  private static String protocol(ServicePort port) {
    return port.getProtocol() == null ? "TCP" : port.getProtocol();
  }

  private void listen(String address) {
    int colon = address.lastIndexOf(':');
    String host = address.substring(0, colon);
    int port = Integer.parseInt(address.substring(colon + 1));
    NetServer server = vertx.createNetServer().connectHandler(this::accept);
    listening.put(address, server);
    server
        .listen(port, host)
        .onFailure(
            e -> {
              LOG.warn("{}: cannot listen on {}: {}", proxier.node(), address, e.getMessage());
              if (listening.get(address) == server) {
                listening.remove(address);
              }
            });
  }

  private void accept(NetSocket socket) {
    String source = socket.remoteAddress().hostAddress();
    String destination = socket.localAddress().hostAddress();
    RuleSet rules = proxier.rules();
    // the node's own traffic takes nat OUTPUT; with several nodes in one process (the launcher)
    // 127.0.0.1 is the host outside them, with one (compose) it is the node itself
    boolean local =
        rules != null
            && (rules.nodeIps().contains(source)
                || (!extraAddresses.isEmpty() && source.startsWith("127.")));
    if (!local && source.startsWith("127.")) {
      // the launcher's host is outside every node: its loopback address, which the rules would
      // take for the node's own (--src-type LOCAL), stands for a client outside the cluster
      source = OUTSIDE;
    }
    Packet packet =
        Packet.tcp(
            source,
            destination,
            socket.localAddress().port(),
            local ? Origin.NODE : Origin.EXTERNAL);
    connector.carry(socket, connector.route(proxier, packet));
  }

  public void close() {
    listening.values().forEach(NetServer::close);
    listening.clear();
  }
}

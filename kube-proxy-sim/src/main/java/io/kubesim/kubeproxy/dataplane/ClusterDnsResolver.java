package io.kubesim.kubeproxy.dataplane;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.kubesim.core.net.Ipv4;
import io.kubesim.kubeproxy.sync.ClusterState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The cluster proxy's names, asked of the cluster DNS as a pod in the default namespace would ask
 * it: an A query over UDP to a ready endpoint of {@code kube-system/kube-dns} (where the node's
 * rules send the Service's cluster IP), trying the search list {@code default.svc.cluster.local},
 * {@code svc.cluster.local}, {@code cluster.local} before the name itself (ndots 5). So headless
 * Services, StatefulSet pod names and ExternalName targets in the cluster resolve as they do in a
 * pod. When no DNS endpoint is ready (a cluster without the DNS process), names fall back to {@link
 * ClusterNames}, the Service map kube-proxy holds.
 */
final class ClusterDnsResolver {
  static final String NAMESPACE = "kube-system";
  static final String SERVICE = "kube-dns";
  private static final List<String> SEARCH =
      List.of("default.svc.cluster.local", "svc.cluster.local", "cluster.local");
  private static final long TIMEOUT_MILLIS = 2000;

  private final Vertx vertx;
  private final ClusterState state;

  ClusterDnsResolver(Vertx vertx, ClusterState state) {
    this.vertx = vertx;
    this.state = state;
  }

  /** The address {@code host} stands for, or null when it names nothing. */
  Future<String> resolve(String host) {
    String name = host.toLowerCase(Locale.ROOT);
    if (Ipv4.parse(name) >= 0) {
      return Future.succeededFuture(name);
    }
    InetSocketAddress server = server(state.endpointSlices());
    if (server == null) {
      return Future.succeededFuture(ClusterNames.resolve(host, state));
    }
    return ask(server, candidates(name), 0);
  }

  /** The names a resolver with the search list and ndots 5 tries, in order. */
  static List<String> candidates(String name) {
    if (name.endsWith(".")) {
      return List.of(name);
    }
    List<String> names = new ArrayList<>();
    long dots = name.chars().filter(c -> c == '.').count();
    if (dots < 5) {
      SEARCH.forEach(domain -> names.add(name + "." + domain + "."));
    }
    names.add(name + ".");
    return names;
  }

  private Future<String> ask(InetSocketAddress server, List<String> names, int index) {
    if (index >= names.size()) {
      return Future.succeededFuture(null);
    }
    return query(server, names.get(index))
        .compose(
            ip -> ip != null ? Future.succeededFuture(ip) : ask(server, names, index + 1),
            e -> Future.succeededFuture(null));
  }

  private Future<String> query(InetSocketAddress server, String name) {
    Message query;
    try {
      query = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN));
    } catch (TextParseException e) {
      return Future.succeededFuture(null);
    }
    DatagramSocket socket = vertx.createDatagramSocket();
    Promise<String> answer = Promise.promise();
    long timer = vertx.setTimer(TIMEOUT_MILLIS, t -> answer.tryFail("no answer from " + server));
    socket.handler(
        packet -> {
          try {
            Message reply = new Message(packet.data().getBytes());
            if (reply.getHeader().getID() == query.getHeader().getID()) {
              answer.tryComplete(firstAddress(reply));
            }
          } catch (IOException e) {
            answer.tryComplete(null);
          }
        });
    socket
        .send(Buffer.buffer(query.toWire()), server.getPort(), server.getHostString())
        .onFailure(answer::tryFail);
    return answer
        .future()
        .onComplete(
            done -> {
              vertx.cancelTimer(timer);
              socket.close();
            });
  }

  /** The first A record of the answer (after any CNAME the server followed), or null. */
  static String firstAddress(Message reply) {
    if (reply.getRcode() != Rcode.NOERROR) {
      return null;
    }
    for (Record r : reply.getSection(Section.ANSWER)) {
      if (r instanceof ARecord a) {
        return a.getAddress().getHostAddress();
      }
    }
    return null;
  }

  /** A ready endpoint of kube-dns's UDP port 53, as the node's rules would pick one, or null. */
  static InetSocketAddress server(List<EndpointSlice> slices) {
    for (EndpointSlice slice : slices) {
      if (!NAMESPACE.equals(slice.getMetadata().getNamespace())
          || slice.getMetadata().getLabels() == null
          || !SERVICE.equals(slice.getMetadata().getLabels().get("kubernetes.io/service-name"))) {
        continue;
      }
      Integer port = null;
      for (EndpointPort p : slice.getPorts() == null ? List.<EndpointPort>of() : slice.getPorts()) {
        if ("UDP".equals(p.getProtocol()) && p.getPort() != null) {
          port = p.getPort();
        }
      }
      if (port == null || slice.getEndpoints() == null) {
        continue;
      }
      for (Endpoint e : slice.getEndpoints()) {
        boolean ready =
            e.getConditions() == null || !Boolean.FALSE.equals(e.getConditions().getReady());
        if (ready && e.getAddresses() != null && !e.getAddresses().isEmpty()) {
          return new InetSocketAddress(e.getAddresses().get(0), port);
        }
      }
    }
    return null;
  }
}

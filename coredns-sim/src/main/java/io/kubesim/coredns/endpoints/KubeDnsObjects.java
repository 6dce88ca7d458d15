package io.kubesim.coredns.endpoints;

import io.kubesim.core.json.Json;
import io.kubesim.coredns.kubernetes.ClusterView;
import io.kubesim.coredns.kubernetes.ServiceInfo;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Endpoints and the EndpointSlice of the kube-dns Service as this DNS server keeps them: its
 * own address, with the Service's ports mapped to where it really listens (53 to the DNS port, 9153
 * to the metrics port). The Service has no selector (the controllers leave it alone, as they leave
 * {@code default/kubernetes}), so the slice says who manages it, and the Endpoints are marked not
 * to be mirrored. Pure: the objects are a function of the Service and the server.
 */
public final class KubeDnsObjects {
  public static final String NAMESPACE = "kube-system";
  public static final String SERVICE = "kube-dns";
  public static final String SLICE = "kube-dns-coredns-sim";
  public static final String MANAGED_BY = "coredns-sim.kubesim.io";

  static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
  static final String MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
  static final String SKIP_MIRROR_LABEL = "endpointslice.kubernetes.io/skip-mirror";

  /**
   * Where the server is.
   *
   * @param ip its address, as pods reach it
   * @param dnsPort where it answers DNS, UDP and TCP
   * @param metricsPort where it serves /metrics
   * @param ready false while it stops: its endpoint is then terminating and not ready
   */
  public record Server(String ip, int dnsPort, int metricsPort, boolean ready) {
    Server stopping() {
      return new Server(ip, dnsPort, metricsPort, false);
    }
  }

  private KubeDnsObjects() {}

  /** The Endpoints {@code kube-system/kube-dns}: one subset, the server ready or not ready. */
  public static ObjectNode endpoints(ObjectNode service, Server server) {
    ObjectNode out = Json.object();
    out.put("apiVersion", "v1");
    out.put("kind", "Endpoints");
    ObjectNode metadata = out.putObject("metadata");
    metadata.put("name", SERVICE);
    metadata.put("namespace", NAMESPACE);
    ObjectNode labels = metadata.putObject("labels");
    labels.setAll(serviceLabels(service));
    labels.put(SKIP_MIRROR_LABEL, "true");
    ObjectNode subset = out.putArray("subsets").addObject();
    subset
        .putArray(server.ready() ? "addresses" : "notReadyAddresses")
        .addObject()
        .put("ip", server.ip());
    ArrayNode ports = subset.putArray("ports");
    forEachPort(
        service,
        server,
        (name, port, protocol) -> {
          ObjectNode p = ports.addObject();
          if (!name.isEmpty()) {
            p.put("name", name);
          }
          p.put("port", port);
          p.put("protocol", protocol);
        });
    return out;
  }

  /** The EndpointSlice: the server as one endpoint, owned by the Service. */
  public static ObjectNode slice(ObjectNode service, Server server) {
    ObjectNode out = Json.object();
    out.put("apiVersion", "discovery.k8s.io/v1");
    out.put("kind", "EndpointSlice");
    ObjectNode metadata = out.putObject("metadata");
    metadata.put("name", SLICE);
    metadata.put("namespace", NAMESPACE);
    ObjectNode labels = metadata.putObject("labels");
    labels.setAll(serviceLabels(service));
    labels.put(MANAGED_BY_LABEL, MANAGED_BY);
    labels.put(SERVICE_NAME_LABEL, SERVICE);
    ObjectNode owner = metadata.putArray("ownerReferences").addObject();
    owner.put("apiVersion", "v1");
    owner.put("kind", "Service");
    owner.put("name", SERVICE);
    owner.put("uid", service.path("metadata").path("uid").asString(""));
    owner.put("controller", true);
    owner.put("blockOwnerDeletion", true);
    out.put("addressType", server.ip().contains(":") ? "IPv6" : "IPv4");
    ObjectNode endpoint = out.putArray("endpoints").addObject();
    endpoint.putArray("addresses").add(server.ip());
    ObjectNode conditions = endpoint.putObject("conditions");
    conditions.put("ready", server.ready());
    conditions.put("serving", server.ready());
    conditions.put("terminating", !server.ready());
    ArrayNode ports = out.putArray("ports");
    forEachPort(
        service,
        server,
        (name, port, protocol) -> {
          ObjectNode p = ports.addObject();
          p.put("name", name);
          p.put("port", port);
          p.put("protocol", protocol);
        });
    return out;
  }

  /**
   * {@code current} with the fields {@code desired} sets (labels, owners and the content), or null
   * when it already has them: the update to send, keeping everything else (resourceVersion, uid).
   */
  public static ObjectNode changed(ObjectNode current, ObjectNode desired) {
    ObjectNode next = current.deepCopy();
    ObjectNode metadata = (ObjectNode) next.path("metadata");
    JsonNode wanted = desired.path("metadata");
    for (String field : new String[] {"labels", "ownerReferences"}) {
      if (wanted.has(field)) {
        metadata.set(field, wanted.get(field).deepCopy());
      }
    }
    for (Map.Entry<String, JsonNode> field : desired.properties()) {
      if (!field.getKey().equals("metadata")) {
        next.set(field.getKey(), field.getValue().deepCopy());
      }
    }
    return next.equals(current) ? null : next;
  }

  /** Whether the kube-dns Service or its endpoints differ between two views. */
  public static boolean changedIn(ClusterView old, ClusterView now) {
    String key = ServiceInfo.key(SERVICE, NAMESPACE);
    return !Objects.equals(old.service(key), now.service(key))
        || !old.endpointsOf(key).equals(now.endpointsOf(key));
  }

  private interface PortSink {
    void accept(String name, int port, String protocol);
  }

  /** The Service's ports that the server serves: 53 (UDP or TCP) for DNS, 9153 for metrics. */
  private static void forEachPort(ObjectNode service, Server server, PortSink sink) {
    for (JsonNode p : service.path("spec").path("ports")) {
      int port = p.path("port").asInt();
      int real = port == 53 ? server.dnsPort() : port == 9153 ? server.metricsPort() : -1;
      if (real > 0) {
        sink.accept(p.path("name").asString(""), real, p.path("protocol").asString("TCP"));
      }
    }
  }

  private static ObjectNode serviceLabels(ObjectNode service) {
    JsonNode labels = service.path("metadata").path("labels");
    return labels instanceof ObjectNode o ? o.deepCopy() : Json.object();
  }
}

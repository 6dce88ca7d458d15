package io.kubesim.apiserver.registry;

import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.storage.Store;
import io.kubesim.core.api.FieldError;
import io.kubesim.core.api.Status;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Service registry's allocators: a cluster IP from the service CIDR and node ports from
 * 30000-32767, unique cluster-wide. They run inside the store's commit (one writer at a time), so
 * two creates can never take the same address; the used set is read from the stored Services.
 *
 * <p>The service CIDR is 10.96.0.0/12 (kubeadm's default): 2^20 addresses, of which the first
 * (10.96.0.1) is the kubernetes Service's. Like the real allocator, a random free address is taken.
 */
final class ServiceAllocation {
  private static final long CIDR_BASE = ipToLong("10.96.0.0");
  private static final long CIDR_SIZE = 1L << 20;
  static final int NODE_PORT_MIN = 30000;
  static final int NODE_PORT_MAX = 32767;

  private ServiceAllocation() {}

  /** Fills spec.clusterIP(s) and node ports of a new Service, or rejects taken ones (422). */
  static void allocate(Store store, ResourceType services, ObjectNode service) {
    ObjectNode spec = (ObjectNode) service.path("spec");
    String type = spec.path("type").asString("ClusterIP");
    List<ObjectNode> existing = store.list(services, null).items();
    if (!type.equals("ExternalName")) {
      allocateClusterIp(existing, service, spec);
    }
    if (type.equals("NodePort") || type.equals("LoadBalancer")) {
      allocateNodePorts(existing, service, spec);
    }
  }

  /**
   * An update that leaves out the allocated values keeps them, as the real Service registry's
   * patchAllocatedValues does: clusterIP(s), and each port's nodePort matched by port number.
   */
  static void keepAllocated(ObjectNode current, ObjectNode desired) {
    JsonNode oldSpec = current.path("spec");
    if (!(desired.path("spec") instanceof ObjectNode spec)) {
      return;
    }
    if (spec.path("clusterIP").asString("").isEmpty() && oldSpec.has("clusterIP")) {
      spec.set("clusterIP", oldSpec.get("clusterIP").deepCopy());
      if (oldSpec.has("clusterIPs")) {
        spec.set("clusterIPs", oldSpec.get("clusterIPs").deepCopy());
      }
    }
    for (JsonNode port : spec.path("ports")) {
      if (port instanceof ObjectNode p && p.path("nodePort").asInt(0) == 0) {
        for (JsonNode old : oldSpec.path("ports")) {
          if (old.path("port").asInt() == p.path("port").asInt() && old.has("nodePort")) {
            p.put("nodePort", old.path("nodePort").asInt());
          }
        }
      }
    }
  }

  private static void allocateClusterIp(
      List<ObjectNode> existing, ObjectNode service, ObjectNode spec) {
    String wanted = spec.path("clusterIP").asString("");
    if (wanted.equals("None")) {
      spec.putArray("clusterIPs").add("None");
      return;
    }
    Set<String> used = new HashSet<>();
    for (ObjectNode other : existing) {
      used.add(other.path("spec").path("clusterIP").asString(""));
    }
    if (!wanted.isEmpty()) {
      long ip = ipToLong(wanted);
      if (ip < CIDR_BASE || ip >= CIDR_BASE + CIDR_SIZE) {
        throw invalid(
            service,
            "spec.clusterIPs[0]",
            wanted,
            "failed to allocate IP "
                + wanted
                + ": the provided IP ("
                + wanted
                + ") is not in the valid range. The range of valid IPs is 10.96.0.0/12");
      }
      if (used.contains(wanted)) {
        throw invalid(
            service,
            "spec.clusterIPs",
            List.of(wanted),
            "failed to allocate IP " + wanted + ": provided IP is already allocated");
      }
    } else {
      wanted = freeIp(used);
    }
    spec.put("clusterIP", wanted);
    spec.putArray("clusterIPs").add(wanted);
    if (!spec.has("ipFamilies")) {
      spec.putArray("ipFamilies").add("IPv4");
    }
    if (!spec.has("ipFamilyPolicy")) {
      spec.put("ipFamilyPolicy", "SingleStack");
    }
  }

  private static String freeIp(Set<String> used) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    // Random probes first (a sparse range answers at once), then a scan so a full range is found.
    for (int i = 0; i < 64; i++) {
      String ip = longToIp(CIDR_BASE + 2 + random.nextLong(CIDR_SIZE - 3));
      if (!used.contains(ip)) {
        return ip;
      }
    }
    for (long n = CIDR_BASE + 2; n < CIDR_BASE + CIDR_SIZE - 1; n++) {
      if (!used.contains(longToIp(n))) {
        return longToIp(n);
      }
    }
    throw Status.failure(500, "InternalError", "range is full", null, null);
  }

  private static void allocateNodePorts(
      List<ObjectNode> existing, ObjectNode service, ObjectNode spec) {
    Set<Integer> used = new HashSet<>();
    for (ObjectNode other : existing) {
      for (JsonNode port : other.path("spec").path("ports")) {
        used.add(port.path("nodePort").asInt(0));
      }
    }
    int i = 0;
    for (JsonNode port : spec.path("ports")) {
      ObjectNode p = (ObjectNode) port;
      int wanted = p.path("nodePort").asInt(0);
      if (wanted != 0) {
        if (wanted < NODE_PORT_MIN || wanted > NODE_PORT_MAX) {
          throw invalid(
              service,
              "spec.ports[" + i + "].nodePort",
              wanted,
              "provided port is not in the valid range. The range of valid ports is 30000-32767");
        }
        if (!used.add(wanted)) {
          throw invalid(
              service,
              "spec.ports[" + i + "].nodePort",
              wanted,
              "provided port is already allocated");
        }
      } else {
        p.put("nodePort", freePort(used));
      }
      i++;
    }
  }

  private static int freePort(Set<Integer> used) {
    int span = NODE_PORT_MAX - NODE_PORT_MIN + 1;
    int start = ThreadLocalRandom.current().nextInt(span);
    for (int k = 0; k < span; k++) {
      int port = NODE_PORT_MIN + (start + k) % span;
      if (used.add(port)) {
        return port;
      }
    }
    throw Status.failure(500, "InternalError", "range is full", null, null);
  }

  private static RuntimeException invalid(
      ObjectNode service, String field, Object value, String detail) {
    return Status.invalid(
        "Service", "", Meta.name(service), List.of(FieldError.invalid(field, value, detail)));
  }

  static long ipToLong(String ip) {
    String[] parts = ip.split("\\.");
    if (parts.length != 4) {
      return -1;
    }
    long n = 0;
    for (String part : parts) {
      try {
        int octet = Integer.parseInt(part);
        if (octet < 0 || octet > 255) {
          return -1;
        }
        n = n * 256 + octet;
      } catch (NumberFormatException e) {
        return -1;
      }
    }
    return n;
  }

  static String longToIp(long n) {
    return ((n >> 24) & 255) + "." + ((n >> 16) & 255) + "." + ((n >> 8) & 255) + "." + (n & 255);
  }
}

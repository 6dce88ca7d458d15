package io.kubesim.apiserver.registry;

import io.kubesim.apiserver.storage.CommitIndex;
import io.kubesim.core.api.Status;
import io.kubesim.core.net.Ipv4;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Which cluster IPs and node ports the stored Services hold, kept by the store under its commit
 * lock (the real registry keeps the same as bitmaps in etcd). Each value counts its holders, so
 * data written before the ranges were kept, where two Services may share one, still adds up.
 *
 * <p>The service CIDR is 10.96.0.0/12 (kubeadm's default): 2^20 addresses, of which the first
 * (10.96.0.1) is the kubernetes Service's; node ports are 30000-32767, healthCheckNodePorts
 * included. Like the real allocators, a random free value is taken.
 */
final class ServiceRanges implements CommitIndex {
  static final long CIDR_BASE = ipToLong("10.96.0.0");
  static final long CIDR_SIZE = 1L << 20;
  static final int NODE_PORT_MIN = 30000;
  static final int NODE_PORT_MAX = 32767;

  private final Map<Long, Integer> ips = new HashMap<>();
  private final Map<Integer, Integer> ports = new HashMap<>();

  @Override
  public synchronized boolean admits(ObjectNode before, ObjectNode after) {
    Set<Long> heldIps = ipsOf(before);
    for (long ip : ipsOf(after)) {
      if (!heldIps.contains(ip) && ips.containsKey(ip)) {
        return false;
      }
    }
    Set<Integer> heldPorts = portsOf(before);
    for (int port : portsOf(after)) {
      if (!heldPorts.contains(port) && ports.containsKey(port)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public synchronized void committed(ObjectNode before, ObjectNode after) {
    ipsOf(before).forEach(ip -> ips.computeIfPresent(ip, (k, n) -> n == 1 ? null : n - 1));
    portsOf(before).forEach(p -> ports.computeIfPresent(p, (k, n) -> n == 1 ? null : n - 1));
    ipsOf(after).forEach(ip -> ips.merge(ip, 1, Integer::sum));
    portsOf(after).forEach(p -> ports.merge(p, 1, Integer::sum));
  }

  synchronized boolean ipTaken(long ip) {
    return ips.containsKey(ip);
  }

  synchronized boolean portTaken(int port) {
    return ports.containsKey(port);
  }

  /** A random free cluster IP (never the network address, .1 or the broadcast address). */
  synchronized long freeIp() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    // Random probes first (a sparse range answers at once), then a scan so a full range is found.
    for (int i = 0; i < 64; i++) {
      long ip = CIDR_BASE + 2 + random.nextLong(CIDR_SIZE - 3);
      if (!ips.containsKey(ip)) {
        return ip;
      }
    }
    for (long ip = CIDR_BASE + 2; ip < CIDR_BASE + CIDR_SIZE - 1; ip++) {
      if (!ips.containsKey(ip)) {
        return ip;
      }
    }
    throw Status.internal("failed to allocate a serviceIP: range is full");
  }

  /** A random free node port not in {@code alsoTaken} (the ones this Service just took). */
  synchronized int freePort(Set<Integer> alsoTaken) {
    int span = NODE_PORT_MAX - NODE_PORT_MIN + 1;
    int start = ThreadLocalRandom.current().nextInt(span);
    for (int k = 0; k < span; k++) {
      int port = NODE_PORT_MIN + (start + k) % span;
      if (!ports.containsKey(port) && !alsoTaken.contains(port)) {
        return port;
      }
    }
    throw Status.internal("failed to allocate a nodePort: range is full");
  }

  /** The cluster IPs a stored Service holds ("None" and addresses outside the range hold none). */
  static Set<Long> ipsOf(ObjectNode service) {
    Set<Long> held = new HashSet<>();
    if (service == null) {
      return held;
    }
    JsonNode spec = service.path("spec");
    for (JsonNode ip : spec.path("clusterIPs")) {
      add(held, ipToLong(ip.asString("")));
    }
    add(held, ipToLong(spec.path("clusterIP").asString("")));
    return held;
  }

  private static void add(Set<Long> held, long ip) {
    if (ip >= CIDR_BASE && ip < CIDR_BASE + CIDR_SIZE) {
      held.add(ip);
    }
  }

  /** The node ports and the healthCheckNodePort a stored Service holds. */
  static Set<Integer> portsOf(ObjectNode service) {
    Set<Integer> held = new HashSet<>();
    if (service == null) {
      return held;
    }
    JsonNode spec = service.path("spec");
    for (JsonNode port : spec.path("ports")) {
      int nodePort = port.path("nodePort").asInt(0);
      if (nodePort != 0) {
        held.add(nodePort);
      }
    }
    int health = spec.path("healthCheckNodePort").asInt(0);
    if (health != 0) {
      held.add(health);
    }
    return held;
  }

  static long ipToLong(String ip) {
    return Ipv4.parse(ip);
  }

  static String longToIp(long n) {
    return Ipv4.format(n);
  }
}

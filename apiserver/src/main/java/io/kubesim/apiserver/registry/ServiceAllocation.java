package io.kubesim.apiserver.registry;

import io.kubesim.apiserver.validation.GoValue;
import io.kubesim.core.api.FieldError;
import io.kubesim.core.api.Status;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Service registry's allocations (pkg/registry/core/service/storage/alloc.go): a cluster IP
 * from the service CIDR, node ports and a healthCheckNodePort from 30000-32767, unique
 * cluster-wide, taken from {@link ServiceRanges}. On create this runs under the store's commit
 * lock; on update outside it, and the store admits the result under the lock (or the update is
 * decided again).
 */
final class ServiceAllocation {
  private ServiceAllocation() {}

  /**
   * Fills the cluster IP(s), node ports and health check port of a new Service, or rejects taken
   * ones (422).
   */
  static void allocate(ServiceRanges ranges, ObjectNode service) {
    allocateMissing(ranges, service, null);
  }

  /**
   * An update: the fields a type change no longer uses are dropped (dropTypeDependentFields), the
   * allocated values an update leaves out are kept (patchAllocatedValues), then what the new type
   * needs and lacks is allocated.
   */
  static void update(ServiceRanges ranges, ObjectNode current, ObjectNode desired) {
    if (!(desired.path("spec") instanceof ObjectNode)) {
      return;
    }
    dropTypeDependentFields(current, desired);
    patchAllocatedValues(current, desired);
    allocateMissing(ranges, desired, current);
  }

  private static void allocateMissing(ServiceRanges ranges, ObjectNode service, ObjectNode old) {
    ObjectNode spec = (ObjectNode) service.path("spec");
    if (needsClusterIp(spec)) {
      allocateClusterIp(ranges, service, spec, ServiceRanges.ipsOf(old));
    }
    Set<Integer> held = ServiceRanges.portsOf(old);
    if (needsNodePort(spec)) {
      allocateNodePorts(ranges, service, spec, held);
    }
    if (needsHealthCheckPort(spec)) {
      allocateHealthCheckPort(ranges, service, spec, held);
    }
  }

  private static String type(JsonNode spec) {
    return spec.path("type").asString("ClusterIP");
  }

  private static boolean needsClusterIp(JsonNode spec) {
    return !type(spec).equals("ExternalName");
  }

  private static boolean needsNodePort(JsonNode spec) {
    return type(spec).equals("NodePort") || type(spec).equals("LoadBalancer");
  }

  private static boolean needsHealthCheckPort(JsonNode spec) {
    return type(spec).equals("LoadBalancer")
        && spec.path("externalTrafficPolicy").asString("").equals("Local");
  }

  /** allocateLoadBalancerNodePorts false: a LoadBalancer gets only the node ports it names. */
  private static boolean allocatesNodePorts(JsonNode spec) {
    return !type(spec).equals("LoadBalancer")
        || spec.path("allocateLoadBalancerNodePorts").asBoolean(true);
  }

  private static void allocateClusterIp(
      ServiceRanges ranges, ObjectNode service, ObjectNode spec, Set<Long> held) {
    String wanted = spec.path("clusterIP").asString("");
    if (wanted.isEmpty() && spec.path("clusterIPs").path(0).isString()) {
      wanted = spec.path("clusterIPs").path(0).asString();
    }
    if (!wanted.equals("None")) {
      long ip = ServiceRanges.ipToLong(wanted);
      if (!wanted.isEmpty()) {
        if (ip < ServiceRanges.CIDR_BASE
            || ip >= ServiceRanges.CIDR_BASE + ServiceRanges.CIDR_SIZE) {
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
        if (!held.contains(ip) && ranges.ipTaken(ip)) {
          throw invalid(
              service,
              "spec.clusterIPs",
              GoValue.stringSlice(List.of(wanted)),
              "failed to allocate IP " + wanted + ": provided IP is already allocated");
        }
      } else {
        wanted = ServiceRanges.longToIp(ranges.freeIp());
      }
    }
    spec.put("clusterIP", wanted);
    spec.set("clusterIPs", spec.arrayNode().add(wanted));
    if (!spec.has("ipFamilies")) {
      spec.putArray("ipFamilies").add("IPv4");
    }
    if (!spec.has("ipFamilyPolicy")) {
      spec.put("ipFamilyPolicy", "SingleStack");
    }
  }

  private static void allocateNodePorts(
      ServiceRanges ranges, ObjectNode service, ObjectNode spec, Set<Integer> held) {
    Set<Integer> taken = new HashSet<>();
    int i = 0;
    for (JsonNode port : spec.path("ports")) {
      ObjectNode p = (ObjectNode) port;
      int wanted = p.path("nodePort").asInt(0);
      if (wanted != 0) {
        checkPort(ranges, service, "spec.ports[" + i + "].nodePort", wanted, held, taken, "");
      } else if (allocatesNodePorts(spec)) {
        p.put("nodePort", ranges.freePort(taken));
      }
      taken.add(p.path("nodePort").asInt(0));
      i++;
    }
  }

  private static void allocateHealthCheckPort(
      ServiceRanges ranges, ObjectNode service, ObjectNode spec, Set<Integer> held) {
    Set<Integer> taken = new HashSet<>(ServiceRanges.portsOf(service));
    int wanted = spec.path("healthCheckNodePort").asInt(0);
    if (wanted != 0) {
      taken.remove(wanted);
      checkPort(
          ranges,
          service,
          "spec.healthCheckNodePort",
          wanted,
          held,
          taken,
          "failed to allocate requested HealthCheck NodePort " + wanted + ": ");
    } else {
      spec.put("healthCheckNodePort", ranges.freePort(taken));
    }
  }

  private static void checkPort(
      ServiceRanges ranges,
      ObjectNode service,
      String field,
      int wanted,
      Set<Integer> held,
      Set<Integer> taken,
      String prefix) {
    if (wanted < ServiceRanges.NODE_PORT_MIN || wanted > ServiceRanges.NODE_PORT_MAX) {
      throw invalid(
          service,
          field,
          wanted,
          prefix
              + "provided port is not in the valid range. The range of valid ports is"
              + " 30000-32767");
    }
    if (taken.contains(wanted) || (!held.contains(wanted) && ranges.portTaken(wanted))) {
      throw invalid(service, field, wanted, prefix + "provided port is already allocated");
    }
  }

  /**
   * dropTypeDependentFields: a type change drops what the new type does not use, when the update
   * left it as it was (those values are then released).
   */
  static void dropTypeDependentFields(ObjectNode current, ObjectNode desired) {
    JsonNode oldSpec = current.path("spec");
    ObjectNode spec = (ObjectNode) desired.path("spec");
    if (needsClusterIp(oldSpec) && !needsClusterIp(spec)) {
      if (oldSpec.path("clusterIP").equals(spec.path("clusterIP"))
          && oldSpec.path("clusterIPs").equals(spec.path("clusterIPs"))) {
        spec.remove(List.of("clusterIP", "clusterIPs"));
      }
      if (oldSpec.path("ipFamilies").equals(spec.path("ipFamilies"))) {
        spec.remove("ipFamilies");
      }
      if (oldSpec.path("ipFamilyPolicy").equals(spec.path("ipFamilyPolicy"))) {
        spec.remove("ipFamilyPolicy");
      }
    }
    if (needsNodePort(oldSpec)
        && !needsNodePort(spec)
        && ServiceRanges.portsOf(current).containsAll(nodePorts(spec))) {
      for (JsonNode port : spec.path("ports")) {
        ((ObjectNode) port).remove("nodePort");
      }
    }
    if (needsHealthCheckPort(oldSpec)
        && !needsHealthCheckPort(spec)
        && oldSpec.path("healthCheckNodePort").equals(spec.path("healthCheckNodePort"))) {
      spec.remove("healthCheckNodePort");
    }
    boolean wasLoadBalancer = type(oldSpec).equals("LoadBalancer");
    if (wasLoadBalancer && !type(spec).equals("LoadBalancer")) {
      for (String field : List.of("allocateLoadBalancerNodePorts", "loadBalancerClass")) {
        if (oldSpec.path(field).equals(spec.path(field))) {
          spec.remove(field);
        }
      }
    }
    if (needsNodePort(oldSpec)
        && !needsNodePort(spec)
        && oldSpec.path("externalTrafficPolicy").equals(spec.path("externalTrafficPolicy"))) {
      spec.remove("externalTrafficPolicy");
    }
    if (!type(spec).equals("LoadBalancer") && desired.path("status") instanceof ObjectNode status) {
      status.set("loadBalancer", status.objectNode());
    }
  }

  /**
   * patchAllocatedValues: an update that leaves out the allocated values keeps them: the cluster
   * IPs, each port's node port matched by the port's name (unless another port now uses it), and
   * the healthCheckNodePort.
   */
  static void patchAllocatedValues(ObjectNode current, ObjectNode desired) {
    JsonNode oldSpec = current.path("spec");
    ObjectNode spec = (ObjectNode) desired.path("spec");
    if (needsClusterIp(oldSpec) && needsClusterIp(spec)) {
      if (spec.path("clusterIP").asString("").isEmpty() && oldSpec.has("clusterIP")) {
        spec.set("clusterIP", oldSpec.get("clusterIP").deepCopy());
      }
      if (spec.path("clusterIPs").isEmpty()
          && oldSpec.path("clusterIPs") instanceof ArrayNode ips) {
        spec.set("clusterIPs", ips.deepCopy());
      }
    }
    if (needsNodePort(oldSpec) && needsNodePort(spec)) {
      Set<Integer> used = nodePorts(oldSpec);
      used.retainAll(nodePorts(spec));
      Map<String, Integer> byName = new HashMap<>();
      for (JsonNode port : oldSpec.path("ports")) {
        byName.put(port.path("name").asString(""), port.path("nodePort").asInt(0));
      }
      for (JsonNode port : spec.path("ports")) {
        int old = byName.getOrDefault(port.path("name").asString(""), 0);
        if (port.path("nodePort").asInt(0) == 0 && old != 0 && !used.contains(old)) {
          ((ObjectNode) port).put("nodePort", old);
        }
      }
    }
    if (needsHealthCheckPort(oldSpec)
        && needsHealthCheckPort(spec)
        && spec.path("healthCheckNodePort").asInt(0) == 0
        && oldSpec.has("healthCheckNodePort")) {
      spec.set("healthCheckNodePort", oldSpec.get("healthCheckNodePort").deepCopy());
    }
  }

  private static Set<Integer> nodePorts(JsonNode spec) {
    Set<Integer> ports = new HashSet<>();
    for (JsonNode port : spec.path("ports")) {
      int nodePort = port.path("nodePort").asInt(0);
      if (nodePort != 0) {
        ports.add(nodePort);
      }
    }
    return ports;
  }

  private static RuntimeException invalid(
      ObjectNode service, String field, Object value, String detail) {
    return Status.invalid(
        "Service", "", Meta.name(service), List.of(FieldError.invalid(field, value, detail)));
  }
}

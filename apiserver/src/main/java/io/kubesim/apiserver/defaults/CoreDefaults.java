package io.kubesim.apiserver.defaults;

import static io.kubesim.apiserver.defaults.Fields.Fill.plain;
import static io.kubesim.apiserver.defaults.Fields.Fill.pointer;

import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.ObjectNode;

/** Core (group "") kinds other than Pod: k8s pkg/apis/core/v1 defaults.go. */
final class CoreDefaults {
  private CoreDefaults() {}

  private static final Set<String> EXTERNALLY_ACCESSIBLE = Set.of("NodePort", "LoadBalancer");
  private static final Set<String> WITH_INTERNAL_TRAFFIC_POLICY =
      Set.of("ClusterIP", "NodePort", "LoadBalancer");

  /**
   * SetDefaults_Service. Cluster IPs, ipFamilies and ipFamilyPolicy are not defaults: the service
   * registry allocates them (with the cluster's IP ranges), so they are not set here.
   */
  static void service(ObjectNode service) {
    ObjectNode spec = Fields.ensure(service, "spec");
    if (spec == null) {
      return;
    }
    // spec.sessionAffinity
    plain("sessionAffinity", "None").applyTo(spec);
    String affinity = Fields.text(spec, "sessionAffinity");
    if (affinity.equals("None")) {
      // spec.sessionAffinityConfig: dropped for None (Go clears it; the only value removed here)
      spec.remove("sessionAffinityConfig");
    } else if (affinity.equals("ClientIP")) {
      // spec.sessionAffinityConfig.clientIP.timeoutSeconds: 10800 (three hours)
      pointer("timeoutSeconds", 10800)
          .applyTo(Fields.ensurePath(spec, "sessionAffinityConfig.clientIP"));
    }
    // spec.type
    plain("type", "ClusterIP").applyTo(spec);
    String type = Fields.text(spec, "type");
    for (ObjectNode port : Fields.objects(spec, "ports")) {
      // spec.ports[].protocol
      plain("protocol", "TCP").applyTo(port);
      // spec.ports[].targetPort: the port number when unset, 0 or ""
      JsonNode number = port.get("port");
      if (Fields.unsetOrZero(port, "targetPort") && number != null && number.isIntegralNumber()) {
        port.set("targetPort", IntNode.valueOf(number.asInt()));
      }
    }
    // spec.externalTrafficPolicy: Cluster for externally reachable services
    boolean external =
        EXTERNALLY_ACCESSIBLE.contains(type)
            || (type.equals("ClusterIP") && Fields.nonEmptyArray(spec, "externalIPs"));
    if (external) {
      plain("externalTrafficPolicy", "Cluster").applyTo(spec);
    }
    // spec.internalTrafficPolicy: Cluster, except for ExternalName
    if (WITH_INTERNAL_TRAFFIC_POLICY.contains(type)) {
      pointer("internalTrafficPolicy", "Cluster").applyTo(spec);
    }
    if (type.equals("LoadBalancer")) {
      // spec.allocateLoadBalancerNodePorts
      pointer("allocateLoadBalancerNodePorts", true).applyTo(spec);
      // status.loadBalancer.ingress[].ipMode: VIP for entries with an ip
      for (ObjectNode ingress :
          Fields.objects(Fields.path(service, "status.loadBalancer"), "ingress")) {
        if (!Fields.unsetOrZero(ingress, "ip")) {
          pointer("ipMode", "VIP").applyTo(ingress);
        }
      }
    }
  }

  /** SetDefaults_PersistentVolume (with the hostPath and legacy source defaults of its spec). */
  static void persistentVolume(ObjectNode volume) {
    // status.phase
    plain("phase", "Pending").applyTo(Fields.ensure(volume, "status"));
    ObjectNode spec = Fields.ensure(volume, "spec");
    if (spec == null) {
      return;
    }
    // spec.persistentVolumeReclaimPolicy
    plain("persistentVolumeReclaimPolicy", "Retain").applyTo(spec);
    // spec.volumeMode
    pointer("volumeMode", "Filesystem").applyTo(spec);
    // spec.hostPath.type
    pointer("type", "").applyTo(Fields.object(spec, "hostPath"));
    PodDefaults.legacySources(spec);
  }

  /** SetDefaults_PersistentVolumeClaim and its spec; also used for StatefulSet claim templates. */
  static void persistentVolumeClaim(ObjectNode claim) {
    // status.phase
    plain("phase", "Pending").applyTo(Fields.ensure(claim, "status"));
    claimSpec(Fields.ensure(claim, "spec"));
  }

  /** SetDefaults_PersistentVolumeClaimSpec. */
  static void claimSpec(ObjectNode spec) {
    // spec.volumeMode
    pointer("volumeMode", "Filesystem").applyTo(spec);
  }

  /**
   * SetDefaults_Namespace and SetDefaults_NamespaceStatus. The metadata.name label is set
   * unconditionally, as Go does: it always mirrors the name.
   */
  static void namespace(ObjectNode namespace) {
    String name = Fields.text(Fields.object(namespace, "metadata"), "name");
    if (!name.isEmpty()) {
      // metadata.labels["kubernetes.io/metadata.name"]
      ObjectNode labels = Fields.ensurePath(namespace, "metadata.labels");
      if (labels != null) {
        labels.put("kubernetes.io/metadata.name", name);
      }
    }
    // status.phase
    plain("phase", "Active").applyTo(Fields.ensure(namespace, "status"));
  }

  /** SetDefaults_Secret. */
  static void secret(ObjectNode secret) {
    // type
    plain("type", "Opaque").applyTo(secret);
  }

  /** SetDefaults_Endpoints. */
  static void endpoints(ObjectNode endpoints) {
    for (ObjectNode subset : Fields.objects(endpoints, "subsets")) {
      for (ObjectNode port : Fields.objects(subset, "ports")) {
        // subsets[].ports[].protocol
        plain("protocol", "TCP").applyTo(port);
      }
    }
  }

  /** SetDefaults_NodeStatus. */
  static void node(ObjectNode node) {
    ObjectNode status = Fields.object(node, "status");
    ObjectNode capacity = Fields.object(status, "capacity");
    // status.allocatable: a copy of status.capacity when absent
    if (capacity != null && Fields.unset(status, "allocatable")) {
      status.set("allocatable", capacity.deepCopy());
    }
  }

  /** SetDefaults_LimitRangeItem, for items of type Container only. */
  static void limitRange(ObjectNode limitRange) {
    for (ObjectNode item : Fields.objects(Fields.object(limitRange, "spec"), "limits")) {
      if (!Fields.text(item, "type").equals("Container")) {
        continue;
      }
      // limits[].default: from max
      copyMissing(item, "max", "default");
      // limits[].defaultRequest: from default, then from min
      copyMissing(item, "default", "defaultRequest");
      copyMissing(item, "min", "defaultRequest");
    }
  }

  /**
   * Copies each resource of {@code from} that {@code to} lacks; creates {@code to} only if needed.
   */
  private static void copyMissing(ObjectNode item, String from, String to) {
    ObjectNode source = Fields.object(item, from);
    if (source == null || source.isEmpty()) {
      return;
    }
    ObjectNode target = Fields.ensure(item, to);
    if (target == null) {
      return;
    }
    for (Map.Entry<String, JsonNode> resource : source.properties()) {
      if (!target.has(resource.getKey())) {
        target.set(resource.getKey(), resource.getValue().deepCopy());
      }
    }
  }

  /** SetDefaults_ReplicationController, the declarative replicas default, and the template. */
  static void replicationController(ObjectNode controller) {
    ObjectNode spec = Fields.ensure(controller, "spec");
    if (spec == null) {
      return;
    }
    ObjectNode templateLabels = Fields.path(spec, "template.metadata.labels");
    if (templateLabels != null) {
      // spec.selector: the template's labels when empty
      if (Fields.object(spec, "selector") == null || Fields.object(spec, "selector").isEmpty()) {
        spec.set("selector", templateLabels.deepCopy());
      }
      // metadata.labels: the template's labels when empty
      ObjectNode metadata = Fields.ensure(controller, "metadata");
      ObjectNode labels = Fields.object(metadata, "labels");
      if (metadata != null && (labels == null || labels.isEmpty())) {
        metadata.set("labels", templateLabels.deepCopy());
      }
    }
    // spec.replicas
    pointer("replicas", 1).applyTo(spec);
    // spec.template: only a template that is there (it is a pointer in ReplicationControllerSpec)
    if (Fields.object(spec, "template") != null) {
      PodDefaults.template(spec, "template");
    }
  }

  /** apiregistration/v1 SetDefaults_ServiceReference: an APIService's service port is 443. */
  static void apiService(ObjectNode apiService) {
    ObjectNode service = Fields.path(apiService, "spec.service");
    if (service != null) {
      // spec.service.port
      pointer("port", 443).applyTo(service);
    }
  }

  /** SetObjectDefaults_PodTemplate: the PodSpec walk on template.spec. */
  static void podTemplate(ObjectNode podTemplate) {
    PodDefaults.template(podTemplate, "template");
  }
}

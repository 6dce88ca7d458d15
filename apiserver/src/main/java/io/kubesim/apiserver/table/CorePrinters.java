package io.kubesim.apiserver.table;

import static io.kubesim.apiserver.table.Printing.NONE;
import static io.kubesim.apiserver.table.Printing.UNKNOWN;
import static io.kubesim.apiserver.table.Printing.UNSET;
import static io.kubesim.apiserver.table.Printing.age;
import static io.kubesim.apiserver.table.Printing.count;
import static io.kubesim.apiserver.table.Printing.formatLabels;
import static io.kubesim.apiserver.table.Printing.name;
import static io.kubesim.apiserver.table.Printing.num;
import static io.kubesim.apiserver.table.Printing.orNone;
import static io.kubesim.apiserver.table.Printing.since;
import static io.kubesim.apiserver.table.Printing.str;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/** Printers of the core/v1 kinds other than pods. */
final class CorePrinters {
  private CorePrinters() {}

  static final TablePrinter NAMESPACES =
      new SimplePrinter(
          List.of(
              Columns.NAME, Columns.string("Status", "The status of the namespace"), Columns.AGE),
          (o, now) -> List.of(name(o), str(o.path("status").path("phase")), age(o, now)));

  static final TablePrinter CONFIG_MAPS =
      new SimplePrinter(
          List.of(
              Columns.NAME,
              Columns.string(
                  "Data",
                  "Data contains the configuration data. Each key must consist of alphanumeric"
                      + " characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use"
                      + " the BinaryData field. The keys stored in Data must not overlap with the"
                      + " keys in the BinaryData field, this is enforced during validation"
                      + " process."),
              Columns.AGE),
          (o, now) ->
              List.of(name(o), count(o.path("data")) + count(o.path("binaryData")), age(o, now)));

  static final TablePrinter SECRETS =
      new SimplePrinter(
          List.of(
              Columns.NAME,
              Columns.string(
                  "Type",
                  "Used to facilitate programmatic handling of secret data. More info:"
                      + " https://kubernetes.io/docs/concepts/configuration/secret/#secret-types"),
              Columns.string(
                  "Data",
                  "Data contains the secret data. Each key must consist of alphanumeric characters,"
                      + " '-', '_' or '.'. The serialized form of the secret data is a base64"
                      + " encoded string, representing the arbitrary (possibly non-string) data"
                      + " value here. Described in https://tools.ietf.org/html/rfc4648#section-4"),
              Columns.AGE),
          (o, now) -> List.of(name(o), str(o.path("type")), count(o.path("data")), age(o, now)));

  static final TablePrinter SERVICE_ACCOUNTS =
      new SimplePrinter(
          List.of(
              Columns.NAME,
              Columns.string(
                  "Secrets",
                  "Secrets is a list of the secrets in the same namespace that pods running using"
                      + " this ServiceAccount are allowed to use. Pods are only limited to this list"
                      + " if this service account has a \"kubernetes.io/enforce-mountable-secrets\""
                      + " annotation set to \"true\". The \"kubernetes.io/enforce-mountable-secrets\""
                      + " annotation is deprecated since v1.32. Prefer separate namespaces to"
                      + " isolate access to mounted secrets. This field should not be used to find"
                      + " auto-generated service account token secrets for use outside of pods."
                      + " Instead, tokens can be requested directly using the TokenRequest API, or"
                      + " service account token secrets can be manually created. More info:"
                      + " https://kubernetes.io/docs/concepts/configuration/secret"),
              Columns.AGE),
          (o, now) -> List.of(name(o), count(o.path("secrets")), age(o, now)));

  // ---------------------------------------------------------------- services

  static final TablePrinter SERVICES =
      new SimplePrinter(
          List.of(
              Columns.NAME,
              Columns.string(
                  "Type",
                  "type determines how the Service is exposed. Defaults to ClusterIP. Valid options"
                      + " are ExternalName, ClusterIP, NodePort, and LoadBalancer. \"ClusterIP\""
                      + " allocates a cluster-internal IP address for load-balancing to endpoints."
                      + " Endpoints are determined by the selector or if that is not specified, by"
                      + " manual construction of an Endpoints object or EndpointSlice objects. If"
                      + " clusterIP is \"None\", no virtual IP is allocated and the endpoints are"
                      + " published as a set of endpoints rather than a virtual IP. \"NodePort\""
                      + " builds on ClusterIP and allocates a port on every node which routes to the"
                      + " same endpoints as the clusterIP. \"LoadBalancer\" builds on NodePort and"
                      + " creates an external load-balancer (if supported in the current cloud)"
                      + " which routes to the same endpoints as the clusterIP. \"ExternalName\""
                      + " aliases this service to the specified externalName. Several other fields"
                      + " do not apply to ExternalName services. More info:"
                      + " https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types"),
              Columns.string(
                  "Cluster-IP",
                  "clusterIP is the IP address of the service and is usually assigned randomly. If"
                      + " an address is specified manually, is in-range (as per system"
                      + " configuration), and is not in use, it will be allocated to the service;"
                      + " otherwise creation of the service will fail. This field may not be changed"
                      + " through updates unless the type field is also being changed to"
                      + " ExternalName (which requires this field to be blank) or the type field is"
                      + " being changed from ExternalName (in which case this field may optionally"
                      + " be specified, as describe above).  Valid values are \"None\", empty"
                      + " string (\"\"), or a valid IP address. Setting this to \"None\" makes a"
                      + " \"headless service\" (no virtual IP), which is useful when direct endpoint"
                      + " connections are preferred and proxying is not required.  Only applies to"
                      + " types ClusterIP, NodePort, and LoadBalancer. If this field is specified"
                      + " when creating a Service of type ExternalName, creation will fail. This"
                      + " field will be wiped when updating a Service to type ExternalName. More"
                      + " info:"
                      + " https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies"),
              Columns.string(
                  "External-IP",
                  "externalIPs is a list of IP addresses for which nodes in the cluster will also"
                      + " accept traffic for this service.  These IPs are not managed by Kubernetes."
                      + "  The user is responsible for ensuring that traffic arrives at a node with"
                      + " this IP.  A common example is external load-balancers that are not part of"
                      + " the Kubernetes system."),
              Columns.string(
                  "Port(s)",
                  "The list of ports that are exposed by this service. More info:"
                      + " https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies"),
              Columns.AGE,
              Columns.selector(
                  "Route service traffic to pods with label keys and values matching this"
                      + " selector. If empty or not present, the service is assumed to have an"
                      + " external process managing its endpoints, which Kubernetes will not"
                      + " modify. Only applies to types ClusterIP, NodePort, and LoadBalancer."
                      + " Ignored if type is ExternalName. More info:"
                      + " https://kubernetes.io/docs/concepts/services-networking/service/")),
          CorePrinters::service);

  private static List<Object> service(JsonNode o, java.time.Instant now) {
    JsonNode spec = o.path("spec");
    String internalIp = NONE;
    if (spec.path("clusterIPs").size() > 0) {
      internalIp = str(spec.path("clusterIPs").get(0));
    } else if (!str(spec.path("clusterIP")).isEmpty()) {
      internalIp = str(spec.path("clusterIP"));
    }
    return List.of(
        name(o),
        str(spec.path("type")),
        internalIp,
        externalIp(o),
        orNone(ports(spec.path("ports"))),
        age(o, now),
        formatLabels(spec.path("selector")));
  }

  private static String externalIp(JsonNode service) {
    JsonNode spec = service.path("spec");
    List<String> externalIps = strings(spec.path("externalIPs"));
    switch (str(spec.path("type"))) {
      case "ClusterIP", "NodePort":
        return externalIps.isEmpty() ? NONE : String.join(",", externalIps);
      case "LoadBalancer":
        {
          String lbIps = loadBalancerIngress(service.path("status").path("loadBalancer"));
          if (!externalIps.isEmpty()) {
            List<String> results = new ArrayList<>();
            if (!lbIps.isEmpty()) {
              results.addAll(Arrays.asList(lbIps.split(",")));
            }
            results.addAll(externalIps);
            return String.join(",", results);
          }
          return lbIps.isEmpty() ? "<pending>" : lbIps;
        }
      case "ExternalName":
        return str(spec.path("externalName"));
      default:
        return UNKNOWN;
    }
  }

  /** The sorted, de-duplicated IPs (or host names) of a load balancer status. */
  static String loadBalancerIngress(JsonNode loadBalancerStatus) {
    TreeSet<String> result = new TreeSet<>();
    for (JsonNode ingress : loadBalancerStatus.path("ingress")) {
      if (!str(ingress.path("ip")).isEmpty()) {
        result.add(str(ingress.path("ip")));
      } else if (!str(ingress.path("hostname")).isEmpty()) {
        result.add(str(ingress.path("hostname")));
      }
    }
    return String.join(",", result);
  }

  private static String ports(JsonNode ports) {
    List<String> pieces = new ArrayList<>();
    for (JsonNode port : ports) {
      String protocol = str(port.path("protocol"));
      if (protocol.isEmpty()) {
        protocol = "TCP";
      }
      long nodePort = num(port.path("nodePort"));
      pieces.add(
          nodePort > 0
              ? num(port.path("port")) + ":" + nodePort + "/" + protocol
              : num(port.path("port")) + "/" + protocol);
    }
    return String.join(",", pieces);
  }

  static List<String> strings(JsonNode array) {
    List<String> list = new ArrayList<>();
    for (JsonNode item : array) {
      list.add(str(item));
    }
    return list;
  }

  // ---------------------------------------------------------------- endpoints

  static final TablePrinter ENDPOINTS =
      new SimplePrinter(
          List.of(
              Columns.NAME,
              Columns.string(
                  "Endpoints",
                  "The set of all endpoints is the union of all subsets. Addresses are placed into"
                      + " subsets according to the IPs they share. A single address with multiple"
                      + " ports, some of which are ready and some of which are not (because they"
                      + " come from different containers) will result in the address being"
                      + " displayed in different subsets for the different ports. No address will"
                      + " appear in both Addresses and NotReadyAddresses in the same subset. Sets of"
                      + " addresses and ports that comprise a service."),
              Columns.AGE),
          (o, now) -> List.of(name(o), formatEndpoints(o.path("subsets")), age(o, now)));

  /** The first three ready address:port pairs, then " + N more...", as formatEndpoints does. */
  static String formatEndpoints(JsonNode subsets) {
    if (subsets.size() == 0) {
      return NONE;
    }
    List<String> list = new ArrayList<>();
    int max = 3;
    boolean more = false;
    int count = 0;
    for (JsonNode subset : subsets) {
      JsonNode addresses = subset.path("addresses");
      if (subset.path("ports").size() == 0) {
        count += addresses.size();
        for (JsonNode address : addresses) {
          if (list.size() == max) {
            more = true;
            break;
          }
          list.add(str(address.path("ip")));
        }
        continue;
      }
      for (JsonNode port : subset.path("ports")) {
        count += addresses.size();
        for (JsonNode address : addresses) {
          if (list.size() == max) {
            more = true;
            break;
          }
          list.add(hostPort(str(address.path("ip")), num(port.path("port"))));
        }
      }
    }
    String joined = String.join(",", list);
    return more ? joined + " + " + (count - max) + " more..." : joined;
  }

  /** host:port, with brackets around an IPv6 host as Go's net.JoinHostPort writes it. */
  static String hostPort(String host, long port) {
    return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
  }

  // ---------------------------------------------------------------- nodes

  private static final String ADDRESSES_DOC =
      "List of addresses reachable to the node. Queried from cloud provider, if available. More"
          + " info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This"
          + " field is declared as mergeable, but the merge key is not sufficiently unique, which"
          + " can cause data corruption when it is merged. Callers should instead use a"
          + " full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should"
          + " assume that addresses can change during the lifetime of a Node. However, there are"
          + " some exceptions where this may not be possible, such as Pods that inherit a Node's"
          + " address in its own status or consumers of the downward API (status.hostIP).";

  static final TablePrinter NODES =
      new SimplePrinter(
          List.of(
              Columns.NAME,
              Columns.string("Status", "The status of the node"),
              Columns.string("Roles", "The roles of the node"),
              Columns.AGE,
              Columns.string("Version", "Kubelet Version reported by the node."),
              Columns.wide("Internal-IP", ADDRESSES_DOC),
              Columns.wide("External-IP", ADDRESSES_DOC),
              Columns.wide(
                  "OS-Image",
                  "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7"
                      + " (wheezy))."),
              Columns.wide(
                  "Kernel-Version",
                  "Kernel Version reported by the node from 'uname -r' (e.g."
                      + " 3.16.0-0.bpo.4-amd64)."),
              Columns.wide(
                  "Container-Runtime",
                  "ContainerRuntime Version reported by the node through runtime remote API (e.g."
                      + " containerd://1.4.2).")),
          CorePrinters::node);

  private static List<Object> node(JsonNode o, java.time.Instant now) {
    List<String> status = new ArrayList<>();
    JsonNode ready = null;
    for (JsonNode condition : o.path("status").path("conditions")) {
      if ("Ready".equals(str(condition.path("type")))) {
        ready = condition; // the last one wins, as in a map keyed by type
      }
    }
    if (ready != null) {
      status.add("True".equals(str(ready.path("status"))) ? "Ready" : "NotReady");
    }
    if (status.isEmpty()) {
      status.add("Unknown");
    }
    if (Printing.bool(o.path("spec").path("unschedulable"))) {
      status.add("SchedulingDisabled");
    }
    TreeSet<String> roles = new TreeSet<>();
    for (Map.Entry<String, String> label :
        Printing.sortedMap(o.path("metadata").path("labels")).entrySet()) {
      String key = label.getKey();
      if (key.startsWith("node-role.kubernetes.io/")) {
        String role = key.substring("node-role.kubernetes.io/".length());
        if (!role.isEmpty()) {
          roles.add(role);
        }
      } else if (key.equals("kubernetes.io/role") && !label.getValue().isEmpty()) {
        roles.add(label.getValue());
      }
    }
    JsonNode info = o.path("status").path("nodeInfo");
    return List.of(
        name(o),
        String.join(",", status),
        orNone(String.join(",", roles)),
        age(o, now),
        str(info.path("kubeletVersion")),
        nodeAddress(o, "InternalIP"),
        nodeAddress(o, "ExternalIP"),
        orUnknown(str(info.path("osImage"))),
        orUnknown(str(info.path("kernelVersion"))),
        orUnknown(str(info.path("containerRuntimeVersion"))));
  }

  private static String nodeAddress(JsonNode node, String type) {
    for (JsonNode address : node.path("status").path("addresses")) {
      if (type.equals(str(address.path("type")))) {
        return str(address.path("address"));
      }
    }
    return NONE;
  }

  private static String orUnknown(String value) {
    return value.isEmpty() ? UNKNOWN : value;
  }

  // ---------------------------------------------------------------- events

  static final TablePrinter EVENTS =
      new SimplePrinter(
          List.of(
              Columns.string(
                  "Last Seen",
                  "The time at which the most recent occurrence of this event was recorded."),
              Columns.string(
                  "Type",
                  "Type of this event (Normal, Warning), new types could be added in the future"),
              Columns.string(
                  "Reason",
                  "This should be a short, machine understandable string that gives the reason for"
                      + " the transition into the object's current status."),
              Columns.string("Object", "The object that this event is about."),
              Columns.wide(
                  "Subobject",
                  "If referring to a piece of an object instead of an entire object, this string"
                      + " should contain a valid JSON/Go field access statement, such as"
                      + " desiredState.manifest.containers[2]. For example, if the object reference"
                      + " is to a container within a pod, this would take on a value like:"
                      + " \"spec.containers{name}\" (where \"name\" refers to the name of the"
                      + " container that triggered the event) or if no container name is specified"
                      + " \"spec.containers[2]\" (container with index 2 in this pod). This syntax"
                      + " is chosen only to have some well-defined way of referencing a part of an"
                      + " object."),
              Columns.wide(
                  "Source",
                  "The component reporting this event. Should be a short machine understandable"
                      + " string."),
              Columns.string(
                  "Message", "A human-readable description of the status of this operation."),
              Columns.wide(
                  "First Seen",
                  "The time at which the event was first recorded. (Time of server receipt is in"
                      + " TypeMeta.)"),
              Columns.wide("Count", "The number of times this event has occurred."),
              new Column("Name", "string", "name", Columns.NAME_DOC, 1)),
          CorePrinters::event);

  /** Reads core/v1 and events.k8s.io/v1 events alike: both are printed from the same type. */
  private static List<Object> event(JsonNode o, java.time.Instant now) {
    boolean v1 = !o.has("involvedObject") && (o.has("regarding") || o.has("note"));
    JsonNode first = o.path(v1 ? "deprecatedFirstTimestamp" : "firstTimestamp");
    JsonNode last = o.path(v1 ? "deprecatedLastTimestamp" : "lastTimestamp");
    JsonNode regarding = o.path(v1 ? "regarding" : "involvedObject");
    JsonNode source = o.path(v1 ? "deprecatedSource" : "source");
    String message = str(o.path(v1 ? "note" : "message"));
    long count = num(o.path(v1 ? "deprecatedCount" : "count"));

    String firstSeen =
        Printing.instant(first) != null ? since(first, now) : since(o.path("eventTime"), now);
    String lastSeen = Printing.instant(last) != null ? since(last, now) : firstSeen;
    JsonNode series = o.path("series");
    if (series.isObject()) {
      lastSeen = since(series.path("lastObservedTime"), now);
      count = num(series.path("count"));
    } else if (count == 0) {
      count = 1;
    }
    String kind = str(regarding.path("kind")).toLowerCase(java.util.Locale.ROOT);
    String involvedName = str(regarding.path("name"));
    String target = involvedName.isEmpty() ? kind : kind + "/" + involvedName;

    String component =
        firstNonEmpty(str(source.path("component")), str(o.path("reportingController")));
    String host = firstNonEmpty(str(source.path("host")), str(o.path("reportingInstance")));
    String sourceCell = host.isEmpty() ? component : component + ", " + host;

    return List.of(
        lastSeen,
        str(o.path("type")),
        str(o.path("reason")),
        target,
        str(regarding.path("fieldPath")),
        sourceCell,
        message.strip(),
        firstSeen,
        count,
        name(o));
  }

  private static String firstNonEmpty(String a, String b) {
    return a.isEmpty() ? b : a;
  }

  // ---------------------------------------------------------------- quotas

  static final TablePrinter RESOURCE_QUOTAS =
      new SimplePrinter(
          List.of(
              Columns.NAME,
              Columns.AGE,
              Columns.string(
                  "Request",
                  "Request represents a minimum amount of cpu/memory that a container may"
                      + " consume."),
              Columns.string(
                  "Limit",
                  "Limits control the maximum amount of cpu/memory that a container may use"
                      + " independent of contention on the node.")),
          CorePrinters::resourceQuota);

  private static List<Object> resourceQuota(JsonNode o, java.time.Instant now) {
    // the names of spec.hard, with the amounts of the status (0 before the controller counts)
    Map<String, String> names = new TreeMap<>(Printing.sortedMap(o.path("spec").path("hard")));
    Map<String, String> hard = Printing.sortedMap(o.path("status").path("hard"));
    Map<String, String> used = Printing.sortedMap(o.path("status").path("used"));
    List<String> requests = new ArrayList<>();
    List<String> limits = new ArrayList<>();
    names.forEach(
        (resource, ignored) -> {
          String piece =
              resource
                  + ": "
                  + used.getOrDefault(resource, "0")
                  + "/"
                  + hard.getOrDefault(resource, "0");
          String[] parts = resource.split("\\.");
          (parts.length > 1 && parts[0].equals("limits") ? limits : requests).add(piece);
        });
    return List.of(name(o), age(o, now), String.join(", ", requests), String.join(", ", limits));
  }

  // ---------------------------------------------------------------- volumes

  static final TablePrinter PERSISTENT_VOLUMES =
      new SimplePrinter(
          List.of(
              Columns.NAME,
              Columns.string(
                  "Capacity",
                  "capacity is the description of the persistent volume's resources and capacity."
                      + " More info:"
                      + " https://kubernetes.io/docs/concepts/storage/persistent-volumes#capacity"),
              Columns.string(
                  "Access Modes",
                  "accessModes contains all ways the volume can be mounted. More info:"
                      + " https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes"),
              Columns.string(
                  "Reclaim Policy",
                  "persistentVolumeReclaimPolicy defines what happens to a persistent volume when"
                      + " released from its claim. Valid options are Retain (default for manually"
                      + " created PersistentVolumes), Delete (default for dynamically provisioned"
                      + " PersistentVolumes), and Recycle (deprecated). Recycle must be supported by"
                      + " the volume plugin underlying this PersistentVolume. More info:"
                      + " https://kubernetes.io/docs/concepts/storage/persistent-volumes#reclaiming"),
              Columns.string(
                  "Status",
                  "phase indicates if a volume is available, bound to a claim, or released by a"
                      + " claim. More info:"
                      + " https://kubernetes.io/docs/concepts/storage/persistent-volumes#phase"),
              Columns.string(
                  "Claim",
                  "claimRef is part of a bi-directional binding between PersistentVolume and"
                      + " PersistentVolumeClaim. Expected to be non-nil when bound. claim.VolumeName"
                      + " is the authoritative bind between PV and PVC. More info:"
                      + " https://kubernetes.io/docs/concepts/storage/persistent-volumes#binding"),
              Columns.string("StorageClass", "StorageClass of the pv"),
              Columns.string("VolumeAttributesClass", "VolumeAttributesClass of the pv"),
              Columns.string(
                  "Reason",
                  "reason is a brief CamelCase string that describes any failure and is meant for"
                      + " machine parsing and tidy display in the CLI."),
              Columns.AGE,
              Columns.wide(
                  "VolumeMode",
                  "volumeMode defines if a volume is intended to be used with a formatted"
                      + " filesystem or to remain in raw block state. Value of Filesystem is implied"
                      + " when not included in spec.")),
          CorePrinters::persistentVolume);

  private static List<Object> persistentVolume(JsonNode o, java.time.Instant now) {
    JsonNode spec = o.path("spec");
    String claim = "";
    if (spec.path("claimRef").isObject()) {
      claim =
          str(spec.path("claimRef").path("namespace"))
              + "/"
              + str(spec.path("claimRef").path("name"));
    }
    String phase = str(o.path("status").path("phase"));
    if (!str(o.path("metadata").path("deletionTimestamp")).isEmpty()) {
      phase = "Terminating";
    }
    String storageClass =
        firstNonEmpty(
            str(
                o.path("metadata")
                    .path("annotations")
                    .path("volume.beta.kubernetes.io/storage-class")),
            str(spec.path("storageClassName")));
    return List.of(
        name(o),
        str(spec.path("capacity").path("storage")),
        accessModes(spec.path("accessModes")),
        str(spec.path("persistentVolumeReclaimPolicy")),
        phase,
        claim,
        storageClass,
        orUnset(spec.path("volumeAttributesClassName")),
        str(o.path("status").path("reason")),
        age(o, now),
        orUnset(spec.path("volumeMode")));
  }

  static final TablePrinter PERSISTENT_VOLUME_CLAIMS =
      new SimplePrinter(
          List.of(
              Columns.NAME,
              Columns.string(
                  "Status", "phase represents the current phase of PersistentVolumeClaim."),
              Columns.string(
                  "Volume",
                  "volumeName is the binding reference to the PersistentVolume backing this"
                      + " claim."),
              Columns.string(
                  "Capacity", "capacity represents the actual resources of the underlying volume."),
              Columns.string(
                  "Access Modes",
                  "accessModes contains the actual access modes the volume backing the PVC has."
                      + " More info:"
                      + " https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes-1"),
              Columns.string("StorageClass", "StorageClass of the pvc"),
              Columns.string("VolumeAttributesClass", "VolumeAttributesClass of the pvc"),
              Columns.AGE,
              Columns.wide(
                  "VolumeMode",
                  "volumeMode defines what type of volume is required by the claim. Value of"
                      + " Filesystem is implied when not included in claim spec.")),
          CorePrinters::persistentVolumeClaim);

  private static List<Object> persistentVolumeClaim(JsonNode o, java.time.Instant now) {
    JsonNode spec = o.path("spec");
    String phase = str(o.path("status").path("phase"));
    if (!str(o.path("metadata").path("deletionTimestamp")).isEmpty()) {
      phase = "Terminating";
    }
    String volumeName = str(spec.path("volumeName"));
    String capacity = "";
    String modes = "";
    if (!volumeName.isEmpty()) {
      modes = accessModes(o.path("status").path("accessModes"));
      capacity = str(o.path("status").path("capacity").path("storage"));
    }
    String storageClass =
        firstNonEmpty(
            str(
                o.path("metadata")
                    .path("annotations")
                    .path("volume.beta.kubernetes.io/storage-class")),
            str(spec.path("storageClassName")));
    return List.of(
        name(o),
        phase,
        volumeName,
        capacity,
        modes,
        storageClass,
        orUnset(spec.path("volumeAttributesClassName")),
        age(o, now),
        orUnset(spec.path("volumeMode")));
  }

  private static String orUnset(JsonNode node) {
    return node.isMissingNode() || node.isNull() ? UNSET : str(node);
  }

  /** Access modes abbreviated in the fixed order RWO, ROX, RWX, RWOP. */
  static String accessModes(JsonNode modes) {
    List<String> present = strings(modes);
    List<String> out = new ArrayList<>();
    if (present.contains("ReadWriteOnce")) {
      out.add("RWO");
    }
    if (present.contains("ReadOnlyMany")) {
      out.add("ROX");
    }
    if (present.contains("ReadWriteMany")) {
      out.add("RWX");
    }
    if (present.contains("ReadWriteOncePod")) {
      out.add("RWOP");
    }
    return String.join(",", out);
  }
}

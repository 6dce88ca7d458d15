package io.kubesim.kubelet.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.NodeSystemInfo;
import io.fabric8.kubernetes.api.model.NodeSystemInfoBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kubesim.core.json.Json;
import io.kubesim.kubelet.runtime.Images;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Node and Lease objects a kubelet writes, as pure functions of its {@link NodeConfig}, its pod
 * CIDR and the time; they look like a kind node's ({@code kubectl get node -o yaml} on kind v0.27).
 */
public final class NodeObjects {

  public static final String KUBELET_VERSION = "v1.32.5";
  public static final String RUNTIME_VERSION = "containerd://1.7.24";
  public static final String OS_IMAGE = "Debian GNU/Linux 12 (bookworm)";
  public static final String KERNEL_VERSION = "6.8.0-1017-kubesim";

  /** The Lease's duration ({@code nodeLeaseDurationSeconds}) and how often it is renewed. */
  public static final int LEASE_DURATION_SECONDS = 40;

  public static final int LEASE_RENEW_SECONDS = 10;

  /**
   * Pod CIDRs are /24 blocks of 10.244.0.0/14 ... 10.255.255.0/24: index 0 is 10.244.0.0/24, 255 is
   * 10.244.255.0/24, 256 is 10.245.0.0/24, so 3072 nodes fit.
   */
  public static final int CIDR_SLOTS = 12 * 256;

  private NodeObjects() {}

  public static String podCidr(int index) {
    return "10." + (244 + index / 256) + "." + (index % 256) + ".0/24";
  }

  /** The index of a CIDR made by {@link #podCidr}, or -1 for anything else. */
  public static int cidrIndex(String cidr) {
    if (cidr == null || !cidr.startsWith("10.") || !cidr.endsWith(".0/24")) {
      return -1;
    }
    String[] parts = cidr.substring(0, cidr.length() - 3).split("\\.");
    try {
      int second = Integer.parseInt(parts[1]);
      int third = Integer.parseInt(parts[2]);
      int index = (second - 244) * 256 + third;
      return second >= 244 && third < 256 && index < CIDR_SLOTS ? index : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * A node's CIDR slot: its preferred slot ({@link #preferredSlot}), moved on to the next free slot
   * while {@code used} (slots of other nodes) holds it. Nodes that start one after the other never
   * collide; nodes that register at the same instant in different processes collide only when they
   * prefer the same slot, which kind's names and numbered names never do.
   */
  public static int chooseCidrSlot(String nodeName, Set<Integer> used) {
    if (used.size() >= CIDR_SLOTS) {
      throw new IllegalStateException("no pod CIDR left for node " + nodeName);
    }
    int slot = preferredSlot(nodeName);
    while (used.contains(slot)) {
      slot = (slot + 1) % CIDR_SLOTS;
    }
    return slot;
  }

  private static final java.util.regex.Pattern WORKER =
      java.util.regex.Pattern.compile(".*-worker(\\d*)");
  private static final java.util.regex.Pattern NUMBERED =
      java.util.regex.Pattern.compile(".*?(\\d+)");

  /**
   * As on kind: {@code *-control-plane} is slot 0 (10.244.0.0/24), {@code *-worker} 1, {@code
   * *-worker2} 2...; a name ending in a number uses it ({@code sim-node-0042} is 42); any other
   * name a stable hash of it.
   */
  public static int preferredSlot(String nodeName) {
    if (nodeName.endsWith("control-plane")) {
      return 0;
    }
    java.util.regex.Matcher worker = WORKER.matcher(nodeName);
    if (worker.matches()) {
      return worker.group(1).isEmpty() ? 1 : Integer.parseInt(worker.group(1)) % CIDR_SLOTS;
    }
    java.util.regex.Matcher numbered = NUMBERED.matcher(nodeName);
    if (numbered.matches() && numbered.group(1).length() <= 6) {
      return Integer.parseInt(numbered.group(1)) % CIDR_SLOTS;
    }
    return Math.floorMod(Images.sha256(nodeName).hashCode(), CIDR_SLOTS);
  }

  /** The labels a kubelet sets on its node (kind's). */
  public static Map<String, String> labels(NodeConfig config) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("beta.kubernetes.io/arch", "amd64");
    labels.put("beta.kubernetes.io/os", "linux");
    labels.put("kubernetes.io/arch", "amd64");
    labels.put("kubernetes.io/hostname", config.name());
    labels.put("kubernetes.io/os", "linux");
    if (config.controlPlane()) {
      labels.put(NodeConfig.CONTROL_PLANE_LABEL, "");
      labels.put("node.kubernetes.io/exclude-from-external-load-balancers", "");
    }
    return labels;
  }

  /** A new Node: metadata and spec as the kubelet registers it, with its first status. */
  public static Node newNode(NodeConfig config, String podCidr, Instant now) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(config.name())
        .withLabels(labels(config))
        .withAnnotations(
            Map.of(
                "kubeadm.alpha.kubernetes.io/cri-socket",
                "unix:///run/containerd/containerd.sock",
                "volumes.kubernetes.io/controller-managed-attach-detach",
                "true"))
        .endMetadata()
        .withNewSpec()
        .withPodCIDR(podCidr)
        .withPodCIDRs(podCidr)
        .withProviderID("kind://docker/kubesim/" + config.name())
        .withTaints(config.taints().isEmpty() ? null : config.taints())
        .endSpec()
        .withStatus(status(config, null, now))
        .build();
  }

  /**
   * The node's status at {@code now}: capacity, conditions (heartbeat now; lastTransitionTime kept
   * from {@code previous} while a condition's status stays the same), addresses and nodeInfo.
   */
  public static NodeStatus status(NodeConfig config, NodeStatus previous, Instant now) {
    Map<String, Quantity> capacity = new LinkedHashMap<>();
    capacity.put("cpu", new Quantity(config.cpu()));
    capacity.put("ephemeral-storage", new Quantity("102626232Ki"));
    capacity.put("hugepages-1Gi", new Quantity("0"));
    capacity.put("hugepages-2Mi", new Quantity("0"));
    capacity.put("memory", new Quantity(config.memory()));
    capacity.put("pods", new Quantity(Integer.toString(config.pods())));
    String id = Images.sha256("machine/" + config.name()).substring(0, 32);
    NodeSystemInfo info =
        new NodeSystemInfoBuilder()
            .withMachineID(id)
            .withSystemUUID(uuid(Images.sha256("system/" + config.name())))
            .withBootID(uuid(Images.sha256("boot/" + config.name() + "/" + now)))
            .withKernelVersion(KERNEL_VERSION)
            .withOsImage(OS_IMAGE)
            .withContainerRuntimeVersion(RUNTIME_VERSION)
            .withKubeletVersion(KUBELET_VERSION)
            .withKubeProxyVersion("")
            .withOperatingSystem("linux")
            .withArchitecture("amd64")
            .build();
    if (previous != null && previous.getNodeInfo() != null) {
      info.setBootID(previous.getNodeInfo().getBootID());
    }
    return new NodeStatusBuilder()
        .withCapacity(capacity)
        .withAllocatable(new LinkedHashMap<>(capacity))
        .withConditions(conditions(config, previous, now))
        .withAddresses(
            new NodeAddress(config.ip(), "InternalIP"), new NodeAddress(config.name(), "Hostname"))
        .withNewDaemonEndpoints()
        .withNewKubeletEndpoint(10250)
        .endDaemonEndpoints()
        .withNodeInfo(info)
        .build();
  }

  /** A boot id must change when the kubelet (the simulated machine) restarts. */
  public static NodeStatus rebooted(NodeStatus status, Instant now, String nodeName) {
    status.getNodeInfo().setBootID(uuid(Images.sha256("boot/" + nodeName + "/" + now)));
    return status;
  }

  static List<NodeCondition> conditions(NodeConfig config, NodeStatus previous, Instant now) {
    String at = time(now);
    return List.of(
        condition(
            previous,
            "MemoryPressure",
            "False",
            "KubeletHasSufficientMemory",
            "kubelet has sufficient memory available",
            at),
        condition(
            previous,
            "DiskPressure",
            "False",
            "KubeletHasNoDiskPressure",
            "kubelet has no disk pressure",
            at),
        condition(
            previous,
            "PIDPressure",
            "False",
            "KubeletHasSufficientPID",
            "kubelet has sufficient PID available",
            at),
        condition(
            previous, "Ready", "True", "KubeletReady", "kubelet is posting ready status", at));
  }

  private static NodeCondition condition(
      NodeStatus previous, String type, String status, String reason, String message, String at) {
    String transition = at;
    if (previous != null && previous.getConditions() != null) {
      for (NodeCondition c : previous.getConditions()) {
        if (c.getType().equals(type) && status.equals(c.getStatus())) {
          transition = c.getLastTransitionTime();
        }
      }
    }
    // NodeCondition(lastHeartbeatTime, lastTransitionTime, message, reason, status, type)
    return new NodeCondition(at, transition, message, reason, status, type);
  }

  /** True when the previous status had this node Ready=True already. */
  /**
   * Whether a Node as stored says Ready=True; read from the tree, as a thousand nodes each check
   * every 10 s (converting the Node to check one condition was a tenth of an idle kubelet's CPU).
   */
  public static boolean isReady(JsonNode node) {
    for (JsonNode c : node.path("status").path("conditions")) {
      if (c.path("type").asString("").equals("Ready")) {
        return c.path("status").asString("").equals("True");
      }
    }
    return false;
  }

  public static boolean wasReady(NodeStatus previous) {
    if (previous == null || previous.getConditions() == null) {
      return false;
    }
    return previous.getConditions().stream()
        .anyMatch(c -> c.getType().equals("Ready") && "True".equals(c.getStatus()));
  }

  /**
   * The Lease kube-node-lease/{node}: held by the node, renewed every {@value #LEASE_RENEW_SECONDS}
   * s, owned by the Node so that it goes when the Node goes.
   */
  public static ObjectNode lease(String nodeName, String nodeUid, Instant now) {
    ObjectNode lease = Json.object();
    lease.put("apiVersion", "coordination.k8s.io/v1");
    lease.put("kind", "Lease");
    ObjectNode metadata = lease.putObject("metadata");
    metadata.put("name", nodeName);
    metadata.put("namespace", "kube-node-lease");
    metadata
        .putArray("ownerReferences")
        .addObject()
        .put("apiVersion", "v1")
        .put("kind", "Node")
        .put("name", nodeName)
        .put("uid", nodeUid);
    ObjectNode spec = lease.putObject("spec");
    spec.put("holderIdentity", nodeName);
    spec.put("leaseDurationSeconds", LEASE_DURATION_SECONDS);
    spec.put("renewTime", microTime(now));
    return lease;
  }

  /** metav1.MicroTime: RFC 3339 with exactly six fractional digits. */
  public static String microTime(Instant t) {
    return MICRO_TIME.format(t);
  }

  private static final DateTimeFormatter MICRO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
          .withZone(java.time.ZoneOffset.UTC);

  /** metav1.Time: RFC 3339 in whole seconds. */
  public static String time(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static String uuid(String hex) {
    return hex.substring(0, 8)
        + "-"
        + hex.substring(8, 12)
        + "-"
        + hex.substring(12, 16)
        + "-"
        + hex.substring(16, 20)
        + "-"
        + hex.substring(20, 32);
  }
}

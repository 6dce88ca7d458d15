package io.kubesim.kubelet.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.events.EventRecorder;
import io.kubesim.core.json.Json;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One simulated node's registration and heartbeats: creates its Node (or takes over the one a
 * previous run of the process left), reports its status at start and every {@code
 * statusReportPeriod} (the real nodeStatusReportFrequency is 5 min), and renews its Lease in
 * kube-node-lease every 10 s. Runs on the kubelet's context.
 */
public final class NodeAgent {
  private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);
  private static final ResourcePath LEASES = ResourcePath.LEASES;

  private final Vertx vertx;
  private final ApiClient api;
  private final NodeConfig config;
  private final Clock clock;
  private final EventRecorder recorder;
  private final Duration statusReportPeriod;

  private volatile String uid;
  private volatile String podCidr;
  private NodeStatus lastStatus;
  private String leaseVersion;
  private long leaseTimer = -1;
  private long statusTimer = -1;
  private volatile boolean registered;
  private java.util.function.Function<String, ObjectNode> cache = name -> null;

  public NodeAgent(
      Vertx vertx,
      ApiClient api,
      NodeConfig config,
      Clock clock,
      EventRecorder recorder,
      Duration statusReportPeriod) {
    this.vertx = vertx;
    this.api = api;
    this.config = config;
    this.clock = clock;
    this.recorder = recorder;
    this.statusReportPeriod = statusReportPeriod;
  }

  /**
   * Reads the Node from the process's node informer instead of a GET for each heartbeat (the real
   * kubelet reads its node lister): 1,000 nodes in one process sent 100 GETs a second otherwise.
   */
  public void readFrom(java.util.function.Function<String, ObjectNode> nodes) {
    this.cache = nodes;
  }

  /** The Node as the informer has it, or as a GET answers while the informer has not got it. */
  private Future<ObjectNode> current() {
    ObjectNode cached = cache.apply(config.name());
    return cached != null
        ? Future.succeededFuture(cached)
        : api.get(ResourcePath.NODES.item(null, config.name()));
  }

  public NodeConfig config() {
    return config;
  }

  public String name() {
    return config.name();
  }

  public String podCidr() {
    return podCidr;
  }

  public boolean registered() {
    return registered;
  }

  /** The Node's uid once registered, else null. */
  public String uid() {
    return uid;
  }

  /**
   * Registers the node: {@code existing} is the Node found at start (null: create one with the pod
   * CIDR of {@code slot}). Completes when the Node is Ready and its Lease exists.
   */
  public Future<Void> register(ObjectNode existing, int slot) {
    if (registered) {
      return Future.succeededFuture();
    }
    Future<ObjectNode> node =
        existing != null ? Future.succeededFuture(existing) : create(NodeObjects.podCidr(slot));
    return node.compose(this::reportStatus).compose(n -> renewLease()).onSuccess(v -> started());
  }

  private Future<ObjectNode> create(String cidr) {
    Node node = NodeObjects.newNode(config, cidr, clock.instant());
    return api.create(ResourcePath.NODES.collection(null), ApiClient.tree(node))
        .recover(
            e ->
                ApiClient.isAlreadyExists(e)
                    ? api.get(ResourcePath.NODES.item(null, config.name()))
                    : Future.failedFuture(e));
  }

  /** Writes the node's status (and the labels it must carry) over whatever the Node had. */
  private Future<ObjectNode> reportStatus(ObjectNode current) {
    uid = current.path("metadata").path("uid").asString("");
    podCidr = current.path("spec").path("podCIDR").asString("");
    Node node = ApiClient.as(current, Node.class);
    NodeStatus previous = lastStatus != null ? lastStatus : node.getStatus();
    boolean first = lastStatus == null;
    boolean wasReady = NodeObjects.wasReady(node.getStatus()) && !first;
    Instant now = clock.instant();
    NodeStatus status = NodeObjects.status(config, previous, now);
    // volumesAttached is the attach/detach controller's: keep what the Node says
    status.setVolumesAttached(
        node.getStatus() == null ? null : node.getStatus().getVolumesAttached());
    if (first) {
      NodeObjects.rebooted(status, now, config.name());
      // The previous run's Ready condition does not count: this is a new kubelet on the node.
      status.getConditions().stream()
          .filter(c -> c.getType().equals("Ready"))
          .forEach(c -> c.setLastTransitionTime(NodeObjects.time(now)));
    }
    ObjectNode body = current.deepCopy();
    body.set("status", ApiClient.tree(status));
    return api.updateStatus(ResourcePath.NODES.item(null, config.name()), body)
        .compose(this::ensureLabels)
        .onSuccess(
            updated -> {
              lastStatus = status;
              if (first) {
                startEvents(!wasReady);
              }
            })
        .recover(
            e -> {
              if (!ApiClient.isConflict(e)) {
                return Future.failedFuture(e);
              }
              return api.get(ResourcePath.NODES.item(null, config.name()))
                  .compose(this::reportStatus);
            });
  }

  private Future<ObjectNode> ensureLabels(ObjectNode node) {
    Map<String, String> want = NodeObjects.labels(config);
    ObjectNode labels = Json.object();
    want.forEach(
        (k, v) -> {
          if (!v.equals(node.path("metadata").path("labels").path(k).asString(null))) {
            labels.put(k, v);
          }
        });
    if (labels.isEmpty()) {
      return Future.succeededFuture(node);
    }
    ObjectNode patch = Json.object();
    patch.putObject("metadata").set("labels", labels);
    return api.patch(
        ResourcePath.NODES.item(null, config.name()), ApiClient.PatchType.MERGE, patch);
  }

  /** The kubelet's events at start, on the Node (whose event uid is its name, as the kubelet's). */
  private void startEvents(boolean becameReady) {
    ObjectNode ref = Json.object();
    ref.put("kind", "Node");
    ref.put("apiVersion", "v1");
    ref.putObject("metadata").put("name", config.name()).put("uid", config.name());
    String n = config.name();
    recorder.normal(ref, "Starting", "Starting kubelet.");
    recorder.normal(
        ref, "NodeHasSufficientMemory", "Node " + n + " status is now: NodeHasSufficientMemory");
    recorder.normal(
        ref, "NodeHasNoDiskPressure", "Node " + n + " status is now: NodeHasNoDiskPressure");
    recorder.normal(
        ref, "NodeHasSufficientPID", "Node " + n + " status is now: NodeHasSufficientPID");
    recorder.normal(ref, "NodeAllocatableEnforced", "Updated Node Allocatable limit across pods");
    if (becameReady) {
      recorder.normal(ref, "NodeReady", "Node " + n + " status is now: NodeReady");
    }
  }

  private void started() {
    registered = true;
    leaseTimer =
        vertx.setPeriodic(
            NodeObjects.LEASE_RENEW_SECONDS * 1000L,
            t ->
                renewLease()
                    .compose(v -> repostIfNotReady())
                    .onFailure(
                        e -> LOG.warn("{}: lease not renewed: {}", config.name(), e.toString())));
    statusTimer =
        vertx.setPeriodic(
            Math.max(1000, statusReportPeriod.toMillis()),
            t ->
                current()
                    .compose(this::reportStatus)
                    .onFailure(
                        e -> LOG.warn("{}: status not reported: {}", config.name(), e.toString())));
  }

  /**
   * Every nodeStatusUpdateFrequency (10 s, with the Lease) the real kubelet reads its Node and
   * posts its status when the Node says otherwise; so a Ready=Unknown written by the node lifecycle
   * controller while this kubelet was stalled turns back to True within 10 s.
   */
  private Future<Void> repostIfNotReady() {
    return current()
        .compose(
            current ->
                NodeObjects.isReady(current)
                    ? Future.<Void>succeededFuture()
                    : reportStatus(current).<Void>mapEmpty());
  }

  /** Creates or renews the Lease; a conflict reads it again and renews that. */
  Future<Void> renewLease() {
    String path = LEASES.item("kube-node-lease", config.name());
    ObjectNode lease = NodeObjects.lease(config.name(), uid, clock.instant());
    if (leaseVersion == null) {
      return api.get(path)
          .compose(
              current -> {
                leaseVersion = current.path("metadata").path("resourceVersion").asString("");
                return renewLease();
              },
              e ->
                  ApiClient.isNotFound(e)
                      ? api.create(LEASES.collection("kube-node-lease"), lease)
                          .onSuccess(this::leaseWritten)
                          .<Void>mapEmpty()
                      : Future.failedFuture(e));
    }
    ((ObjectNode) lease.get("metadata")).put("resourceVersion", leaseVersion);
    return api.update(path, lease)
        .onSuccess(this::leaseWritten)
        .<Void>mapEmpty()
        .recover(
            e -> {
              leaseVersion = null;
              return ApiClient.isConflict(e) || ApiClient.isNotFound(e)
                  ? renewLease()
                  : Future.failedFuture(e);
            });
  }

  private void leaseWritten(ObjectNode lease) {
    leaseVersion = lease.path("metadata").path("resourceVersion").asString("");
  }

  public void stop() {
    vertx.cancelTimer(leaseTimer);
    vertx.cancelTimer(statusTimer);
  }
}

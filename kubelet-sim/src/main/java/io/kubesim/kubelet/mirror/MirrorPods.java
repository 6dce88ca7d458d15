package io.kubesim.kubelet.mirror;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kubesim.core.client.ApiCall;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.cluster.MemberAttributes;
import io.kubesim.core.controller.EventHandler;
import io.kubesim.core.controller.Informer;
import io.kubesim.core.controller.InformerOptions;
import io.kubesim.core.events.EventRecorder;
import io.kubesim.core.json.Json;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The mirror pods of this process's nodes: every kubesim process that plays a component on one of
 * them (a member that announced it, see {@link MemberAttributes}) shows in its manifest's namespace
 * (kube-system; ingress-nginx for the ingress controller) as a kubeadm cluster shows its static
 * pods, Running while the process lives, Error once it is gone, restarted when it comes back
 * ({@link MirrorPlanner}).
 *
 * <p>Level-triggered: a pass plans from the cluster's members and the mirror pods of the nodes and
 * applies the plan; membership changes and pod events only ask for a pass, and a pass runs every
 * {@link #RESYNC} anyway, since a membership listener can miss events. One pass at a time, on the
 * kubelet's context.
 */
public final class MirrorPods {
  private static final Logger LOG = LoggerFactory.getLogger(MirrorPods.class);

  /** How often the pods are checked against the members without a change in sight. */
  static final Duration RESYNC = Duration.ofSeconds(5);

  /**
   * How long a pod this kubelet deleted stays away before it is made again. {@code kubectl delete}
   * waits for the pod it deleted by listing the name and then watching for its DELETED event: a new
   * pod of the name already there when it lists would keep it waiting until its timeout. A real
   * kubelet is seldom that quick; this one would be within milliseconds.
   */
  static final Duration RECREATE_DELAY = Duration.ofSeconds(2);

  private final Vertx vertx;
  private final ApiClient api;
  private final HazelcastInstance hazelcast;
  private final Supplier<List<MirrorNode>> nodes;
  private final Map<String, EventRecorder> recorders;
  private final Clock clock;
  private final List<String> names;

  private final List<Informer> informers = new ArrayList<>();
  private Context context;
  private UUID listener;
  private long timer = -1;
  private boolean running;
  private boolean again;
  private boolean stopped;
  private Map<String, Pod> remembered = Map.of();
  private final Map<String, Instant> deletedAt = new HashMap<>();

  private MirrorPods(
      Vertx vertx,
      ApiClient api,
      HazelcastInstance hazelcast,
      List<String> names,
      Supplier<List<MirrorNode>> nodes,
      Map<String, EventRecorder> recorders,
      Clock clock) {
    this.vertx = vertx;
    this.api = api;
    this.hazelcast = hazelcast;
    this.names = List.copyOf(names);
    this.nodes = nodes;
    this.recorders = recorders;
    this.clock = clock;
  }

  /**
   * The mirror pods of the nodes {@code names}, whose current address and uid {@code nodes} gives;
   * null on a Vert.x that is not clustered (no members to show).
   */
  public static MirrorPods create(
      Vertx vertx,
      ApiClient api,
      List<String> names,
      Supplier<List<MirrorNode>> nodes,
      Map<String, EventRecorder> recorders,
      Clock clock) {
    if (vertx instanceof VertxInternal internal
        && internal.clusterManager() instanceof HazelcastClusterManager manager) {
      return new MirrorPods(
          vertx, api, manager.getHazelcastInstance(), names, nodes, recorders, clock);
    }
    return null;
  }

  /** Starts on the caller's context; completes when the pods of every namespace are listed. */
  public Future<Void> start() {
    context = vertx.getOrCreateContext();
    List<Future<Void>> listed = new ArrayList<>();
    for (String namespace : Manifests.NAMESPACES) {
      listed.add(watch(namespace));
    }
    listener = hazelcast.getCluster().addMembershipListener(new Members());
    return Future.all(listed)
        .<Void>mapEmpty()
        .onSuccess(
            v -> {
              timer = vertx.setPeriodic(RESYNC.toMillis(), t -> trigger());
              trigger();
            });
  }

  /** One namespace's pods of these nodes; a change of a mirror pod asks for a pass. */
  private Future<Void> watch(String namespace) {
    InformerOptions options = InformerOptions.of(ResourcePath.PODS).inNamespace(namespace);
    if (names.size() == 1) {
      options = options.withFieldSelector("spec.nodeName=" + names.get(0));
    }
    Informer informer = new Informer(vertx, api, options);
    informers.add(informer);
    informer.addHandler(
        new EventHandler() {
          @Override
          public void onAdd(ObjectNode pod) {
            changed(pod);
          }

          @Override
          public void onUpdate(ObjectNode oldPod, ObjectNode pod) {
            changed(pod);
          }

          @Override
          public void onDelete(ObjectNode pod) {
            changed(pod);
          }
        });
    return informer.start();
  }

  public Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    if (listener != null) {
      hazelcast.getCluster().removeMembershipListener(listener);
    }
    return Future.join(informers.stream().map(Informer::stop).toList()).mapEmpty();
  }

  private void changed(ObjectNode pod) {
    if (isMirror(pod)) {
      trigger();
    }
  }

  private boolean isMirror(ObjectNode pod) {
    return pod.path("metadata").path("annotations").has(Manifests.MIRROR)
        && names.contains(pod.path("spec").path("nodeName").asString(""));
  }

  /**
   * Asks for a pass: now, or after the one running. None before the informer has listed: the
   * initial list delivers its pods one by one, and a pass on part of them would take the others for
   * missing.
   */
  private void trigger() {
    if (stopped || informers.isEmpty() || !informers.stream().allMatch(Informer::hasSynced)) {
      return;
    }
    if (running) {
      again = true;
      return;
    }
    running = true;
    Future<Void> pass;
    try {
      pass = pass();
    } catch (RuntimeException e) {
      // A bug in planning must not stop the passes for good.
      pass = Future.failedFuture(e);
    }
    pass.onFailure(
            e ->
                LOG.warn("mirror pods: {}; trying again in {} s", e.toString(), RESYNC.toSeconds()))
        .onComplete(
            r -> {
              running = false;
              if (again) {
                again = false;
                trigger();
              }
            });
  }

  private Future<Void> pass() {
    List<MirrorNode> registered =
        nodes.get().stream().filter(n -> n.uid() != null && !n.uid().isEmpty()).toList();
    List<Pod> observed = new ArrayList<>();
    for (Informer informer : informers) {
      for (ObjectNode pod : informer.list()) {
        if (isMirror(pod)) {
          observed.add(ApiClient.as(pod, Pod.class));
        }
      }
    }
    MirrorPlanner.Plan plan =
        MirrorPlanner.plan(members(), registered, observed, remembered, clock.instant());
    remembered = plan.wanted();
    Set<String> started = new HashSet<>();
    plan.started().forEach(p -> started.add(p.getMetadata().getName()));
    Instant now = clock.instant();
    deletedAt.values().removeIf(at -> !now.isBefore(at.plus(RECREATE_DELAY)));
    List<Future<?>> writes = new ArrayList<>();
    for (Pod pod : plan.delete()) {
      deletedAt.put(pod.getMetadata().getName(), now);
      writes.add(delete(pod));
    }
    for (Pod pod : plan.create()) {
      Instant deleted = deletedAt.get(pod.getMetadata().getName());
      if (deleted != null) {
        long wait = Duration.between(now, deleted.plus(RECREATE_DELAY)).toMillis();
        vertx.setTimer(Math.max(1, wait), t -> trigger());
        continue;
      }
      writes.add(create(pod).onSuccess(written -> started(pod, written, started)));
    }
    for (Pod pod : plan.updateStatus()) {
      writes.add(writeStatus(pod).onSuccess(written -> started(pod, written, started)));
    }
    return Future.join(writes).mapEmpty();
  }

  /** The start events of a pod whose new container the API now shows. */
  private void started(Pod pod, boolean written, Set<String> started) {
    if (written && started.contains(pod.getMetadata().getName())) {
      recordStart(pod);
    }
  }

  /** The members that announced a component, oldest first (Hazelcast's member order). */
  private List<ComponentMember> members() {
    List<ComponentMember> out = new ArrayList<>();
    for (Member m : hazelcast.getCluster().getMembers()) {
      String component = m.getAttribute(MemberAttributes.COMPONENT);
      if (component == null) {
        continue;
      }
      if (!Manifests.COMPONENTS.contains(component)) {
        LOG.debug("member {} announces an unknown component {}", m.getUuid(), component);
        continue;
      }
      out.add(
          new ComponentMember(
              m.getUuid().toString(),
              component,
              MemberAttributes.nodes(m.getAttribute(MemberAttributes.NODES)),
              m.getAttribute(MemberAttributes.ENDPOINT)));
    }
    return out;
  }

  /** True once created with its status; false when a pod of the name exists already. */
  private Future<Boolean> create(Pod pod) {
    Pod spec = new PodBuilder(pod).withStatus(null).build();
    String name = pod.getMetadata().getName();
    String namespace = pod.getMetadata().getNamespace();
    return api.create(ResourcePath.PODS.collection(namespace), ApiClient.tree(spec))
        .compose(
            created -> {
              created.set("status", ApiClient.tree(pod.getStatus()));
              return api.updateStatus(ResourcePath.PODS.item(namespace, name), created);
            })
        .onSuccess(v -> LOG.info("mirror pod {} created", name))
        .map(v -> true)
        .recover(
            e ->
                ApiClient.isAlreadyExists(e)
                    ? Future.succeededFuture(false)
                    : Future.failedFuture(e));
  }

  /**
   * True once written; false on a conflict (a newer pod: the pass its event asks for writes again)
   * or when the pod is gone.
   */
  private Future<Boolean> writeStatus(Pod pod) {
    String name = pod.getMetadata().getName();
    return api.updateStatus(
            ResourcePath.PODS.item(pod.getMetadata().getNamespace(), name), ApiClient.tree(pod))
        .map(v -> true)
        .recover(
            e ->
                ApiClient.isConflict(e) || ApiClient.isNotFound(e)
                    ? Future.succeededFuture(false)
                    : Future.failedFuture(e));
  }

  /** As the kubelet deletes a mirror pod: at once, only the one it saw (uid precondition). */
  private Future<?> delete(Pod pod) {
    String name = pod.getMetadata().getName();
    ObjectNode options = Json.object();
    options.put("kind", "DeleteOptions");
    options.put("apiVersion", "v1");
    options.put("gracePeriodSeconds", 0);
    options.putObject("preconditions").put("uid", pod.getMetadata().getUid());
    ApiCall call =
        ApiCall.of(
            "DELETE",
            ResourcePath.PODS.item(pod.getMetadata().getNamespace(), name),
            Map.of("gracePeriodSeconds", "0"),
            Json.bytes(options));
    return api.bus()
        .call(call)
        .compose(
            reply ->
                reply.code() == 200 || reply.code() == 404 || reply.code() == 409
                    ? Future.succeededFuture()
                    : Future.failedFuture("deleting mirror pod " + name + ": " + reply.code()));
  }

  /**
   * The kubelet's events of a started container, about the static pod, whose uid is its hash
   * ({@code kubectl describe} of the mirror pod asks for the events of the uid in its {@code
   * kubernetes.io/config.mirror} annotation).
   */
  private void recordStart(Pod pod) {
    EventRecorder recorder = recorders.get(pod.getSpec().getNodeName());
    if (recorder == null) {
      return;
    }
    ObjectNode ref = ApiClient.tree(pod);
    ((ObjectNode) ref.path("metadata"))
        .put("uid", pod.getMetadata().getAnnotations().get(Manifests.HASH));
    ref.put("kind", "Pod").put("apiVersion", "v1");
    String container = pod.getSpec().getContainers().get(0).getName();
    String image = pod.getSpec().getContainers().get(0).getImage();
    String field = "spec.containers{" + container + "}";
    recorder.record(
        ref,
        field,
        EventRecorder.NORMAL,
        "Pulled",
        "Container image \"" + image + "\" already present on machine");
    recorder.record(ref, field, EventRecorder.NORMAL, "Created", "Created container: " + container);
    recorder.record(ref, field, EventRecorder.NORMAL, "Started", "Started container " + container);
  }

  /** Membership changes only ask for a pass, on the kubelet's context. */
  private final class Members implements MembershipListener {
    @Override
    public void memberAdded(MembershipEvent event) {
      context.runOnContext(v -> trigger());
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
      context.runOnContext(v -> trigger());
    }
  }
}

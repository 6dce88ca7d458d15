package io.kubesim.controllermanager.attachdetach;

import io.kubesim.controllermanager.ControllerContext;
import io.kubesim.controllermanager.ControllerLoop;
import io.kubesim.controllermanager.Kube;
import io.kubesim.controllermanager.ManagedController;
import io.kubesim.controllermanager.Trees;
import io.kubesim.controllermanager.attachdetach.AttachPlanner.Plan;
import io.kubesim.controllermanager.attachdetach.AttachPlanner.Use;
import io.kubesim.controllermanager.persistentvolume.ClaimUsers;
import io.kubesim.controllermanager.persistentvolume.StorageInformers;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.controller.EventHandler;
import io.kubesim.core.controller.Informer;
import io.kubesim.core.controller.Keys;
import io.kubesim.core.controller.Result;
import io.kubesim.core.events.EventRecorder;
import io.kubesim.core.json.Json;
import io.kubesim.core.storage.Attachments;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The attach/detach controller, for the volumes kubesim treats as disks ({@link
 * Attachments#exclusive}): keyed by PV, it lists the volume in {@code status.volumesAttached} of
 * the node its pods run on, which the kubelet waits for before mounting it, and tells the pods on
 * any other node why they wait (FailedAttachVolume, Multi-Attach error). A volume no pod uses any
 * more is detached at once (the real controller first waits for the kubelet to unmount it).
 */
public final class AttachDetachController implements ManagedController {
  private final ControllerContext ctx;
  private final StorageInformers storage;
  private final Informer nodes;
  private final ControllerLoop loop;
  private final EventRecorder recorder;

  public AttachDetachController(ControllerContext ctx) {
    this.ctx = ctx;
    this.storage = new StorageInformers(ctx);
    this.nodes = ctx.informers().of(ResourcePath.NODES);
    this.recorder = ctx.recorder("attachdetach-controller");
    this.loop = ctx.loop("attachdetach", 1, this::sync);
    storage.volumes.addHandler(EventHandler.enqueue(loop::enqueue));
    storage.claims.addHandler(EventHandler.onAddOrUpdate(this::enqueueVolume));
    storage.pods.addHandler(EventHandler.onAny(this::enqueueVolumes));
    nodes.addHandler(
        new EventHandler() {
          @Override
          public void onDelete(ObjectNode node) {
            attached(node).forEach(u -> loop.enqueue(Attachments.volumeOf(u)));
          }
        });
  }

  @Override
  public String name() {
    return "attachdetach";
  }

  @Override
  public void start() {
    loop.start(storage.volumes.keys());
  }

  @Override
  public void stop() {
    loop.stop();
  }

  private void enqueueVolume(ObjectNode claim) {
    String volume = claim.path("spec").path("volumeName").asString("");
    if (!volume.isEmpty()) {
      loop.enqueue(volume);
    }
  }

  /** Read from the tree: most pod updates are status writes of pods without claims. */
  private void enqueueVolumes(ObjectNode pod) {
    for (String claim : ClaimUsers.claims(pod)) {
      ObjectNode found = storage.claims.get(Keys.of(Trees.namespace(pod), claim));
      if (found != null) {
        enqueueVolume(found);
      }
    }
  }

  private static Set<String> attached(JsonNode node) {
    Set<String> names = new TreeSet<>();
    node.path("status")
        .path("volumesAttached")
        .forEach(v -> names.add(v.path("name").asString("")));
    return names;
  }

  private Future<Result> sync(String volume) {
    if (!storage.synced() || !nodes.hasSynced()) {
      return Future.succeededFuture(Result.done());
    }
    ObjectNode pv = storage.volumes.get(volume);
    boolean exclusive = pv != null && Attachments.exclusive(pv);
    String unique = pv != null ? Attachments.uniqueName(pv) : null;
    Set<String> attachedTo = new TreeSet<>();
    Set<String> existing = new TreeSet<>();
    for (ObjectNode node : nodes.list()) {
      existing.add(Trees.name(node));
      for (String name : attached(node)) {
        if (Attachments.volumeOf(name).equals(volume)) {
          attachedTo.add(Trees.name(node));
          unique = unique == null ? name : unique;
        }
      }
    }
    List<ObjectNode> users = exclusive ? users(volume, existing) : List.of();
    Plan plan =
        AttachPlanner.plan(volume, exclusive, users.stream().map(this::use).toList(), attachedTo);
    if (plan.isEmpty()) {
      return Future.succeededFuture(Result.done());
    }
    List<Future<?>> writes = new ArrayList<>();
    for (String node : plan.attach()) {
      writes.add(write(node, unique, true));
    }
    for (String node : plan.detach()) {
      writes.add(write(node, unique, false));
    }
    for (ObjectNode pod : users) {
      var event = plan.refused().get(use(pod));
      if (event != null) {
        recorder.warning(Trees.withKind(pod, "v1", "Pod"), event.reason(), event.message());
      }
    }
    return Future.all(writes).map(done -> Result.done()).otherwise(e -> Result.backoff());
  }

  private Use use(ObjectNode pod) {
    return new Use(
        Trees.namespace(pod),
        Trees.name(pod),
        pod.path("spec").path("nodeName").asString(""),
        Kube.time(pod.path("metadata").path("creationTimestamp").asString("")));
  }

  /** The pods on existing nodes that use the volume and have not terminated. */
  private List<ObjectNode> users(String volume, Set<String> nodes) {
    List<ObjectNode> out = new ArrayList<>();
    for (ObjectNode pod : storage.pods.list()) {
      if (!nodes.contains(pod.path("spec").path("nodeName").asString("")) || terminated(pod)) {
        continue;
      }
      for (String claim : ClaimUsers.claims(pod)) {
        ObjectNode found = storage.claims.get(Keys.of(Trees.namespace(pod), claim));
        if (found != null && volume.equals(found.path("spec").path("volumeName").asString(""))) {
          out.add(pod);
          break;
        }
      }
    }
    return out;
  }

  /** IsPodTerminated: finished, or deleted with no container running any more. */
  private static boolean terminated(JsonNode pod) {
    String phase = pod.path("status").path("phase").asString("");
    if (phase.equals("Succeeded") || phase.equals("Failed")) {
      return true;
    }
    if (!Trees.deleting(pod)) {
      return false;
    }
    for (JsonNode status : pod.path("status").path("containerStatuses")) {
      if (status.path("state").has("running")) {
        return false;
      }
    }
    return true;
  }

  /**
   * Adds or removes the volume in the node's status.volumesAttached, against the version the
   * informer saw: a conflict means the list changed under us, and the sync is tried again.
   */
  private Future<?> write(String nodeName, String unique, boolean attach) {
    ObjectNode node = nodes.get(nodeName);
    if (node == null) {
      return Future.succeededFuture();
    }
    ObjectNode patch = Json.object();
    patch.putObject("metadata").put("resourceVersion", Trees.resourceVersion(node));
    ArrayNode list = patch.putObject("status").putArray("volumesAttached");
    for (JsonNode entry : node.path("status").path("volumesAttached")) {
      if (!entry.path("name").asString("").equals(unique)) {
        list.add(entry);
      }
    }
    if (attach) {
      list.addObject().put("name", unique).put("devicePath", "");
    }
    return ctx.api()
        .patch(
            ResourcePath.NODES.item(null, nodeName) + "/status",
            ApiClient.PatchType.STRATEGIC,
            patch);
  }
}

package io.kubesim.controllermanager.podcontrol;

import io.kubesim.controllermanager.ControllerLoop;
import io.kubesim.controllermanager.Trees;
import io.kubesim.core.controller.Informer;
import io.kubesim.core.controller.Keys;
import java.time.Duration;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the pod handlers of a workload controller with expectations share (the DaemonSet and
 * StatefulSet controllers): finding a pod's owner of this kind in the owners' cache, counting an
 * observed delete, and looking again when a pod that turned ready becomes available.
 */
public final class OwnedPods {
  private final String kind;
  private final Informer owners;
  private final Expectations expectations;
  private final ControllerLoop loop;

  public OwnedPods(String kind, Informer owners, Expectations expectations, ControllerLoop loop) {
    this.kind = kind;
    this.owners = owners;
    this.expectations = expectations;
    this.loop = loop;
  }

  /**
   * The key of the object's controller when it is of this kind and the cached owner has the uid the
   * reference names (a recreated owner of the same name is another owner), else null.
   */
  public String owner(JsonNode object) {
    for (JsonNode ref : object.path("metadata").path("ownerReferences")) {
      if (!ref.path("controller").asBoolean(false)) {
        continue;
      }
      if (!kind.equals(ref.path("kind").asString(""))) {
        return null;
      }
      String key = Keys.of(Trees.namespace(object), ref.path("name").asString(""));
      ObjectNode owner = owners.get(key);
      return owner != null && Trees.uid(owner).equals(ref.path("uid").asString("")) ? key : null;
    }
    return null;
  }

  /**
   * A pod seen for the first time: its owner expected the create (or, being deleted, the delete)
   * and looks again; an orphan goes to {@code orphan}, which finds the owners that may adopt it.
   */
  public void added(ObjectNode pod, Consumer<ObjectNode> orphan) {
    if (Trees.deleting(pod)) {
      deleted(pod);
      return;
    }
    String owner = owner(pod);
    if (owner != null) {
      expectations.creationObserved(owner);
      loop.enqueue(owner);
    } else if (!Trees.hasController(pod)) {
      orphan.accept(pod);
    }
  }

  /** A pod gone (or being deleted): its owner expected the delete, and looks again. */
  public void deleted(JsonNode pod) {
    String owner = owner(pod);
    if (owner != null) {
      expectations.deletionObserved(owner, Keys.of(pod));
      loop.enqueue(owner);
    }
  }

  /** A pod that turned ready counts as available minReadySeconds later: look again then. */
  public void becameReady(JsonNode old, JsonNode pod, String owner) {
    ObjectNode set = owners.get(owner);
    long minReady = set == null ? 0 : set.path("spec").path("minReadySeconds").asLong(0);
    if (minReady > 0 && !ready(old) && ready(pod)) {
      loop.enqueueAfter(owner, Duration.ofSeconds(minReady + 1));
    }
  }

  private static boolean ready(JsonNode pod) {
    for (JsonNode c : pod.path("status").path("conditions")) {
      if ("Ready".equals(c.path("type").asString(""))
          && "True".equals(c.path("status").asString(""))) {
        return true;
      }
    }
    return false;
  }
}

package io.kubesim.controllermanager.statefulset;

import io.kubesim.controllermanager.ControllerLoop;
import io.kubesim.controllermanager.Trees;
import io.kubesim.controllermanager.podcontrol.Expectations;
import io.kubesim.controllermanager.podcontrol.OwnedPods;
import io.kubesim.core.controller.EventHandler;
import io.kubesim.core.controller.Informer;
import io.kubesim.core.controller.Keys;
import io.kubesim.core.selector.LabelSelector;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The StatefulSet controller's event handlers (addPod, updatePod, deletePod, enqueueStatefulSet):
 * each only finds the sets an event concerns and enqueues them, counting seen creates and deletes
 * in the expectations. A pod with a StatefulSet as controller concerns that set; an orphan, every
 * set of its namespace whose selector matches. A deleted claim concerns the sets its labels match:
 * a pod may be waiting for the garbage collector to delete an earlier pod's claim (kubesim's
 * addition; the real controller has no claim handler and waits for its next resync).
 */
final class StatefulSetHandlers {
  private static final String KIND = "StatefulSet";

  private final Informer sets;
  private final Expectations expectations;
  private final ControllerLoop loop;
  private final OwnedPods owned;

  StatefulSetHandlers(Informer sets, Expectations expectations, ControllerLoop loop) {
    this.sets = sets;
    this.expectations = expectations;
    this.loop = loop;
    this.owned = new OwnedPods(KIND, sets, expectations, loop);
  }

  void register(Informer pods, Informer claims) {
    sets.addHandler(setHandler());
    pods.addHandler(podHandler());
    claims.addHandler(
        new EventHandler() {
          @Override
          public void onDelete(ObjectNode claim) {
            enqueueMatching(claim);
          }
        });
  }

  private EventHandler setHandler() {
    return new EventHandler() {
      @Override
      public void onAdd(ObjectNode set) {
        loop.enqueue(Keys.of(set));
      }

      @Override
      public void onUpdate(ObjectNode old, ObjectNode set) {
        if (!Trees.uid(old).equals(Trees.uid(set))) {
          expectations.forget(Keys.of(old));
        }
        loop.enqueue(Keys.of(set));
      }

      @Override
      public void onDelete(ObjectNode set) {
        expectations.forget(Keys.of(set));
        loop.enqueue(Keys.of(set));
      }
    };
  }

  private EventHandler podHandler() {
    return new EventHandler() {
      @Override
      public void onAdd(ObjectNode pod) {
        owned.added(pod, o -> enqueueMatching(o));
      }

      @Override
      public void onUpdate(ObjectNode old, ObjectNode pod) {
        if (Trees.resourceVersion(old).equals(Trees.resourceVersion(pod))) {
          return;
        }
        if (Trees.deleting(pod) && !Trees.deleting(old)) {
          owned.deleted(pod); // a graceful delete began: count it now
          return;
        }
        String oldOwner = owned.owner(old);
        String owner = owned.owner(pod);
        if (oldOwner != null && !Objects.equals(oldOwner, owner)) {
          loop.enqueue(oldOwner);
        }
        if (owner != null) {
          loop.enqueue(owner);
          owned.becameReady(old, pod, owner);
        } else if (!Trees.hasController(pod)) {
          enqueueMatching(pod);
        }
      }

      @Override
      public void onDelete(ObjectNode pod) {
        owned.deleted(pod);
      }
    };
  }

  /** getPodStatefulSets: the sets of the object's namespace whose selector matches its labels. */
  private void enqueueMatching(ObjectNode object) {
    String ns = Trees.namespace(object);
    Map<String, String> labels = Trees.labels(object);
    if (labels.isEmpty()) {
      return;
    }
    for (ObjectNode set : sets.list()) {
      JsonNode selector = set.path("spec").path("selector");
      if (ns.equals(Trees.namespace(set))
          && selector.isObject()
          && !selector.isEmpty()
          && LabelSelector.fromObject(selector).matches(labels)) {
        loop.enqueue(Keys.of(set));
      }
    }
  }
}

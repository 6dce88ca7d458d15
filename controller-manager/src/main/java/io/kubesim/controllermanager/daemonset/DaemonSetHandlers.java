package io.kubesim.controllermanager.daemonset;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.kubesim.controllermanager.ControllerLoop;
import io.kubesim.controllermanager.SharedInformers;
import io.kubesim.controllermanager.Trees;
import io.kubesim.controllermanager.podcontrol.Expectations;
import io.kubesim.controllermanager.podcontrol.OwnedPods;
import io.kubesim.core.controller.EventHandler;
import io.kubesim.core.controller.Informer;
import io.kubesim.core.controller.Keys;
import io.kubesim.core.selector.LabelSelector;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The DaemonSet controller's event handlers: each only finds the DaemonSets an event concerns and
 * enqueues them (counting seen creates and deletes in the expectations). A pod or revision with a
 * DaemonSet as controller concerns that DaemonSet; an orphan, every DaemonSet of its namespace
 * whose selector matches (one may adopt it); a node, every DaemonSet whose verdict on it changed.
 */
final class DaemonSetHandlers {
  private final SharedInformers informers;
  private final Informer daemonSets;
  private final Expectations expectations;
  private final ControllerLoop loop;
  private final OwnedPods owned;

  DaemonSetHandlers(
      SharedInformers informers,
      Informer daemonSets,
      Expectations expectations,
      ControllerLoop loop) {
    this.informers = informers;
    this.daemonSets = daemonSets;
    this.expectations = expectations;
    this.loop = loop;
    this.owned = new OwnedPods("DaemonSet", daemonSets, expectations, loop);
  }

  void register(Informer dsInformer, Informer revisions, Informer pods, Informer nodes) {
    dsInformer.addHandler(daemonSetHandler());
    revisions.addHandler(revisionHandler());
    pods.addHandler(podHandler());
    nodes.addHandler(nodeHandler());
  }

  private EventHandler daemonSetHandler() {
    return new EventHandler() {
      @Override
      public void onAdd(ObjectNode ds) {
        loop.enqueue(Keys.of(ds));
      }

      @Override
      public void onUpdate(ObjectNode old, ObjectNode ds) {
        if (!Trees.uid(old).equals(Trees.uid(ds))) {
          expectations.forget(Keys.of(old)); // deleted and created again under the same name
        }
        loop.enqueue(Keys.of(ds));
      }

      @Override
      public void onDelete(ObjectNode ds) {
        expectations.forget(Keys.of(ds));
        loop.enqueue(Keys.of(ds));
      }
    };
  }

  private EventHandler revisionHandler() {
    return new EventHandler() {
      @Override
      public void onAdd(ObjectNode revision) {
        if (Trees.deleting(revision)) {
          onDelete(revision);
        } else if (!Trees.hasController(revision)) {
          enqueueMatching(revision);
        }
        // one with a controller was created by it: nothing to do (as the real handler)
      }

      @Override
      public void onUpdate(ObjectNode old, ObjectNode revision) {
        if (sameVersion(old, revision)) {
          return;
        }
        boolean refChanged = !Objects.equals(controllerRef(old), controllerRef(revision));
        if (refChanged) {
          enqueueOwner(old);
        }
        if (Trees.hasController(revision)) {
          enqueueOwner(revision);
        } else if (refChanged || !Trees.labels(old).equals(Trees.labels(revision))) {
          enqueueMatching(revision);
        }
      }

      @Override
      public void onDelete(ObjectNode revision) {
        enqueueOwner(revision);
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
        if (sameVersion(old, pod)) {
          return;
        }
        if (Trees.deleting(pod)) {
          owned.deleted(pod); // a graceful delete began: count it now, not when the kubelet is done
          return;
        }
        boolean refChanged = !Objects.equals(controllerRef(old), controllerRef(pod));
        if (refChanged) {
          enqueueOwner(old);
        }
        String owner = owned.owner(pod);
        if (owner != null) {
          loop.enqueue(owner);
          owned.becameReady(old, pod, owner);
        } else if (!Trees.hasController(pod)
            && (refChanged || !Trees.labels(old).equals(Trees.labels(pod)))) {
          enqueueMatching(pod);
        }
      }

      @Override
      public void onDelete(ObjectNode pod) {
        owned.deleted(pod);
      }
    };
  }

  private EventHandler nodeHandler() {
    return new EventHandler() {
      @Override
      public void onAdd(ObjectNode node) {
        Node typed = informers.typed(node, "v1", "Node", Node.class);
        for (ObjectNode ds : daemonSets.list()) {
          if (eligibility(ds).verdict(typed).shouldRun()) {
            loop.enqueue(Keys.of(ds));
          }
        }
      }

      @Override
      public void onUpdate(ObjectNode old, ObjectNode node) {
        if (onlyHeartbeat(old, node)) {
          return;
        }
        Node before = informers.typed(old, "v1", "Node", Node.class);
        Node after = informers.typed(node, "v1", "Node", Node.class);
        for (ObjectNode ds : daemonSets.list()) {
          NodeEligibility eligibility = eligibility(ds);
          if (!eligibility.verdict(before).equals(eligibility.verdict(after))) {
            loop.enqueue(Keys.of(ds));
          }
        }
      }

      @Override
      public void onDelete(ObjectNode node) {
        // Not in the real controller, whose status then waits for the pod garbage collector to
        // delete the node's pods; kubesim has none, so the counts follow the node at once.
        daemonSets.keys().forEach(loop::enqueue);
      }
    };
  }

  private NodeEligibility eligibility(ObjectNode ds) {
    return NodeEligibility.of(informers.typed(ds, "apps/v1", "DaemonSet", DaemonSet.class));
  }

  /**
   * shouldIgnoreNodeUpdate: the same node but for its resourceVersion and conditions, and the same
   * conditions True (a kubelet's heartbeat).
   */
  static boolean onlyHeartbeat(ObjectNode old, ObjectNode node) {
    if (!trueConditions(old).equals(trueConditions(node))) {
      return false;
    }
    return withoutHeartbeat(old).equals(withoutHeartbeat(node));
  }

  private static Set<String> trueConditions(JsonNode node) {
    Set<String> types = new HashSet<>();
    for (JsonNode c : node.path("status").path("conditions")) {
      if ("True".equals(c.path("status").asString(""))) {
        types.add(c.path("type").asString(""));
      }
    }
    return types;
  }

  private static ObjectNode withoutHeartbeat(ObjectNode node) {
    ObjectNode copy = node.deepCopy();
    if (copy.get("metadata") instanceof ObjectNode metadata) {
      metadata.remove("resourceVersion");
      metadata.remove("managedFields");
    }
    if (copy.get("status") instanceof ObjectNode status) {
      status.remove("conditions");
    }
    return copy;
  }

  /** The key of the pod's or revision's controller when it is a DaemonSet of that uid, or null. */
  private void enqueueOwner(JsonNode object) {
    String owner = owned.owner(object);
    if (owner != null) {
      loop.enqueue(owner);
    }
  }

  private static JsonNode controllerRef(JsonNode object) {
    for (JsonNode ref : object.path("metadata").path("ownerReferences")) {
      if (ref.path("controller").asBoolean(false)) {
        return ref;
      }
    }
    return null;
  }

  private static boolean sameVersion(JsonNode old, JsonNode object) {
    return old.path("metadata")
        .path("resourceVersion")
        .asString("")
        .equals(object.path("metadata").path("resourceVersion").asString(""));
  }

  /** GetPodDaemonSets / GetHistoryDaemonSets: the DaemonSets whose selector matches its labels. */
  private void enqueueMatching(ObjectNode object) {
    String ns = Trees.namespace(object);
    Map<String, String> labels = Trees.labels(object);
    if (labels.isEmpty()) {
      return;
    }
    for (ObjectNode ds : daemonSets.list()) {
      JsonNode selector = ds.path("spec").path("selector");
      if (ns.equals(Trees.namespace(ds))
          && selector.isObject()
          && !selector.isEmpty()
          && LabelSelector.fromObject(selector).matches(labels)) {
        loop.enqueue(Keys.of(ds));
      }
    }
  }
}

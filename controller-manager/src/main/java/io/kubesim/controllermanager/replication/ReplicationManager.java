package io.kubesim.controllermanager.replication;

import io.kubesim.controllermanager.ControllerContext;
import io.kubesim.controllermanager.ManagedController;
import io.kubesim.controllermanager.replicaset.ReplicaSetController;
import io.kubesim.controllermanager.replicaset.ReplicatedKind;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The replication manager (pkg/controller/replication): the ReplicaSet controller run for v1
 * ReplicationControllers, each seen as the ReplicaSet it converts to. Its pods are owned by the
 * ReplicationController, its events come from "replication-controller", and its work queue is
 * "replicationmanager", as in kube-controller-manager.
 */
public final class ReplicationManager {
  public static final ResourcePath REPLICATION_CONTROLLERS =
      ResourcePath.core("replicationcontrollers");

  static final ReplicatedKind KIND =
      new ReplicatedKind(
          REPLICATION_CONTROLLERS,
          "v1",
          "ReplicationController",
          "replicationmanager",
          "replication-controller",
          ReplicationManager::asReplicaSet);

  private ReplicationManager() {}

  public static ManagedController create(ControllerContext ctx) {
    return new ReplicaSetController(ctx, KIND);
  }

  /**
   * A ReplicationController as an apps/v1 ReplicaSet (Convert_v1_ReplicationController_To_apps_
   * ReplicaSet): the same metadata, replicas, minReadySeconds, template and status; the label map
   * of spec.selector becomes the selector's matchLabels. apiVersion and kind stay the
   * ReplicationController's, for the references and events made from the view.
   */
  static ObjectNode asReplicaSet(ObjectNode controller) {
    ObjectNode replicaSet = controller.deepCopy();
    JsonNode spec = replicaSet.path("spec");
    if (spec instanceof ObjectNode specObject) {
      JsonNode labels = specObject.remove("selector");
      ObjectNode selector = specObject.putObject("selector");
      selector.set("matchLabels", labels != null && labels.isObject() ? labels : Json.object());
    }
    return replicaSet;
  }
}

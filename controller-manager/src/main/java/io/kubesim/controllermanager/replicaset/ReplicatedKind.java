package io.kubesim.controllermanager.replicaset;

import io.kubesim.core.client.ResourcePath;
import java.util.function.UnaryOperator;
import tools.jackson.databind.node.ObjectNode;

/**
 * A kind the ReplicaSet controller keeps replicas of. kube-controller-manager runs the same
 * controller for ReplicaSets and for ReplicationControllers (pkg/controller/replication wraps
 * replicaset.NewBaseController), seeing each ReplicationController as a ReplicaSet; what differs is
 * this: where the objects are, what owner references and events name, the work queue and the event
 * source, and how an object is read as a ReplicaSet. Their statuses have the same fields, so the
 * computed ReplicaSetStatus is written back as it is.
 *
 * @param queue the work queue's name in the workqueue_* metrics
 * @param eventSource the component events are reported from
 * @param asReplicaSet the object as an apps/v1 ReplicaSet tree; it keeps this kind's apiVersion and
 *     kind, which the pods' controller references and the events name. The identity for
 *     ReplicaSets; never changes its argument.
 */
public record ReplicatedKind(
    ResourcePath path,
    String apiVersion,
    String kind,
    String queue,
    String eventSource,
    UnaryOperator<ObjectNode> asReplicaSet) {

  public static final ReplicatedKind REPLICA_SETS =
      new ReplicatedKind(
          ReplicaSetController.REPLICASETS,
          "apps/v1",
          "ReplicaSet",
          "replicaset",
          "replicaset-controller",
          UnaryOperator.identity());
}

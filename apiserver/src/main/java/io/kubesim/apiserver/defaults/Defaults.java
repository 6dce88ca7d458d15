package io.kubesim.apiserver.defaults;

import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.databind.node.ObjectNode;

/**
 * The defaults the real kube-apiserver fills in when it decodes a versioned object
 * (SetObjectDefaults_* in k8s pkg/apis/&lt;group&gt;/v1), applied to the JSON tree of a v1 object
 * on create and update. Values the user set are kept; Go's notion of "set" is followed: pointer
 * fields count as set unless absent or null, plain fields also count as unset at "" or 0.
 *
 * <p>Not here, because the real server does them elsewhere: cluster IPs, ipFamilies and
 * ipFamilyPolicy (service registry), serviceAccountName, tolerations, priority and preemptionPolicy
 * (admission), Job selectors (strategy), and quantity canonicalisation (serialisation).
 */
public final class Defaults {
  private Defaults() {}

  private static final Map<String, Consumer<ObjectNode>> BY_KIND =
      Map.ofEntries(
          Map.entry("/Pod", PodDefaults::pod),
          Map.entry("/PodTemplate", CoreDefaults::podTemplate),
          Map.entry("/ReplicationController", CoreDefaults::replicationController),
          Map.entry("/Service", CoreDefaults::service),
          Map.entry("/PersistentVolume", CoreDefaults::persistentVolume),
          Map.entry("/PersistentVolumeClaim", CoreDefaults::persistentVolumeClaim),
          Map.entry("/Namespace", CoreDefaults::namespace),
          Map.entry("/Secret", CoreDefaults::secret),
          Map.entry("/Endpoints", CoreDefaults::endpoints),
          Map.entry("/Node", CoreDefaults::node),
          Map.entry("/LimitRange", CoreDefaults::limitRange),
          Map.entry("apiregistration.k8s.io/APIService", CoreDefaults::apiService),
          Map.entry("apps/Deployment", AppsDefaults::deployment),
          Map.entry("apps/ReplicaSet", AppsDefaults::replicaSet),
          Map.entry("apps/StatefulSet", AppsDefaults::statefulSet),
          Map.entry("apps/DaemonSet", AppsDefaults::daemonSet),
          Map.entry("batch/Job", BatchDefaults::job),
          Map.entry("batch/CronJob", BatchDefaults::cronJob),
          Map.entry("networking.k8s.io/NetworkPolicy", NetworkingDefaults::networkPolicy),
          Map.entry("networking.k8s.io/IngressClass", NetworkingDefaults::ingressClass),
          Map.entry("discovery.k8s.io/EndpointSlice", NetworkingDefaults::endpointSlice),
          Map.entry("storage.k8s.io/StorageClass", StorageDefaults::storageClass),
          Map.entry("storage.k8s.io/CSIDriver", StorageDefaults::csiDriver),
          Map.entry("scheduling.k8s.io/PriorityClass", SchedulingDefaults::priorityClass),
          Map.entry("rbac.authorization.k8s.io/RoleBinding", RbacDefaults::binding),
          Map.entry("rbac.authorization.k8s.io/ClusterRoleBinding", RbacDefaults::binding));

  /**
   * Fills in the defaults for an object of {@code group}/{@code kind} ("" for the core group),
   * mutating {@code object} in place. Kinds without defaults (ConfigMap, Ingress, Lease, Event,
   * ResourceQuota, custom resources, ...) are left as they are.
   */
  public static void apply(String group, String kind, ObjectNode object) {
    if (object == null) {
      return;
    }
    Consumer<ObjectNode> defaults = BY_KIND.get((group == null ? "" : group) + "/" + kind);
    if (defaults != null) {
      defaults.accept(object);
    }
  }
}

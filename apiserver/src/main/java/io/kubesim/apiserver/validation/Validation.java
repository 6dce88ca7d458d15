package io.kubesim.apiserver.validation;

import io.kubesim.core.api.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Field validation of built-in kinds, as kube-apiserver 1.32 runs it after defaulting: a pure
 * function from a v1 JSON object to the list of field errors (empty when valid), each rendering
 * like Go's field.Error.
 */
public final class Validation {
  private Validation() {}

  private static final Set<String> CLUSTER_SCOPED =
      Set.of(
          "/Namespace",
          "/Node",
          "/PersistentVolume",
          "storage.k8s.io/StorageClass",
          "networking.k8s.io/IngressClass",
          "scheduling.k8s.io/PriorityClass",
          RbacValidation.CLUSTER_ROLE,
          RbacValidation.CLUSTER_ROLE_BINDING,
          ApiServiceValidation.KEY);

  /** The errors of creating this object. */
  public static List<FieldError> validateCreate(String group, String kind, JsonNode object) {
    List<FieldError> errs = new ArrayList<>();
    String key = (group == null ? "" : group) + "/" + kind;
    boolean namespaced = !CLUSTER_SCOPED.contains(key);
    if (key.equals(ApiServiceValidation.KEY)) {
      ObjectMetaValidation.validate(errs, object, ApiServiceValidation.nameCheck(object), false);
    } else {
      ObjectMetaValidation.validate(errs, object, nameRule(key), namespaced);
    }
    switch (key) {
      case "/Pod" -> PodValidation.create(errs, object);
      case "/PodTemplate" -> PodSpecValidation.template(errs, "template", object.path("template"));
      case "/ReplicationController" ->
          ReplicationControllerValidation.replicationController(errs, object);
      case "apps/Deployment" -> WorkloadValidation.deployment(errs, object);
      case "apps/ReplicaSet" -> WorkloadValidation.replicaSet(errs, object);
      case "apps/StatefulSet" -> WorkloadValidation.statefulSet(errs, object);
      case "apps/DaemonSet" -> WorkloadValidation.daemonSet(errs, object);
      case "apps/ControllerRevision" -> WorkloadValidation.controllerRevision(errs, object);
      case "batch/Job" -> BatchValidation.job(errs, object);
      case "batch/CronJob" -> BatchValidation.cronJob(errs, object);
      case "/Service" -> ServiceValidation.service(errs, object);
      case "discovery.k8s.io/EndpointSlice" -> ServiceValidation.endpointSlice(errs, object);
      case "/ConfigMap" -> ConfigValidation.configMap(errs, object);
      case "/LimitRange" -> LimitRangeValidation.limitRange(errs, object);
      case "/ResourceQuota" -> ResourceQuotaValidation.resourceQuota(errs, object);
      case "/Secret" -> ConfigValidation.secret(errs, object);
      case "/PersistentVolumeClaim" -> StorageValidation.pvc(errs, object);
      case "/PersistentVolume" -> StorageValidation.pv(errs, object);
      case "storage.k8s.io/StorageClass" -> StorageValidation.storageClass(errs, object);
      case "/Namespace" -> ClusterValidation.namespace(errs, object);
      case "/Node" -> ClusterValidation.node(errs, object);
      case "coordination.k8s.io/Lease" -> ClusterValidation.lease(errs, object);
      case "/Event" -> ClusterValidation.event(errs, object);
      case EVENTS_V1 -> ClusterValidation.eventsV1Create(errs, object);
      case "networking.k8s.io/Ingress" -> IngressValidation.ingress(errs, object);
      case "networking.k8s.io/IngressClass" -> IngressValidation.ingressClass(errs, object);
      case "policy/PodDisruptionBudget" -> PolicyValidation.podDisruptionBudget(errs, object);
      case "scheduling.k8s.io/PriorityClass" -> PolicyValidation.priorityClass(errs, object);
      case ApiServiceValidation.KEY -> ApiServiceValidation.apiService(errs, object);
      case RbacValidation.ROLE -> RbacValidation.role(errs, object, true);
      case RbacValidation.CLUSTER_ROLE -> RbacValidation.role(errs, object, false);
      case RbacValidation.ROLE_BINDING -> RbacValidation.binding(errs, object, true);
      case RbacValidation.CLUSTER_ROLE_BINDING -> RbacValidation.binding(errs, object, false);
      default -> {}
    }
    return errs;
  }

  static final String EVENTS_V1 = "events.k8s.io/Event";

  /** The errors of replacing {@code old} with {@code object}: create rules plus immutability. */
  public static List<FieldError> validateUpdate(
      String group, String kind, JsonNode object, JsonNode old) {
    List<FieldError> errs = new ArrayList<>();
    String key = (group == null ? "" : group) + "/" + kind;
    ObjectMetaValidation.update(errs, object, old);
    if (key.equals(EVENTS_V1)) {
      // the strict create rules hold only for Events created through events.k8s.io
      ObjectMetaValidation.validate(errs, object, nameRule(key), true);
      ClusterValidation.eventsV1Update(errs, object, old);
      return errs;
    }
    errs.addAll(validateCreate(group, kind, object));
    switch (key) {
      case "/Pod" -> PodValidation.update(errs, object, old);
      case "apps/Deployment", "apps/ReplicaSet", "apps/DaemonSet" ->
          WorkloadValidation.selectorImmutable(errs, object, old);
      case "apps/StatefulSet" -> WorkloadValidation.statefulSetUpdate(errs, object, old);
      case "apps/ControllerRevision" ->
          WorkloadValidation.controllerRevisionUpdate(errs, object, old);
      case "batch/Job" -> BatchValidation.jobUpdate(errs, object, old);
      case "/Service" -> ServiceValidation.serviceUpdate(errs, object, old);
      case "discovery.k8s.io/EndpointSlice" ->
          ServiceValidation.endpointSliceUpdate(errs, object, old);
      case "/ConfigMap", "/Secret" -> ConfigValidation.update(errs, kind, object, old);
      case "/PersistentVolumeClaim" -> StorageValidation.pvcUpdate(errs, object, old);
      case "storage.k8s.io/StorageClass" -> StorageValidation.storageClassUpdate(errs, object, old);
      case "networking.k8s.io/IngressClass" ->
          IngressValidation.ingressClassUpdate(errs, object, old);
      case "scheduling.k8s.io/PriorityClass" ->
          PolicyValidation.priorityClassUpdate(errs, object, old);
      case RbacValidation.ROLE_BINDING, RbacValidation.CLUSTER_ROLE_BINDING ->
          RbacValidation.bindingUpdate(errs, object, old);
      default -> {}
    }
    return errs;
  }

  static NameValidation.Rule nameRule(String key) {
    return switch (key) {
      case "/Namespace" -> NameValidation.Rule.LABEL;
      case "/Service" -> NameValidation.Rule.DNS1035;
      case RbacValidation.ROLE,
          RbacValidation.CLUSTER_ROLE,
          RbacValidation.ROLE_BINDING,
          RbacValidation.CLUSTER_ROLE_BINDING ->
          NameValidation.Rule.PATH_SEGMENT;
      default -> NameValidation.Rule.SUBDOMAIN;
    };
  }
}

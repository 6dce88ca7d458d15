package io.kubesim.apiserver.protobuf;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Authentication;
import io.kubernetes.client.proto.V1Authorization;
import io.kubernetes.client.proto.V1Autoscaling;
import io.kubernetes.client.proto.V1Batch;
import io.kubernetes.client.proto.V1Networking;
import io.kubernetes.client.proto.V1Policy;
import io.kubernetes.client.proto.V1Rbac;
import io.kubernetes.client.proto.V1Scheduling;
import io.kubernetes.client.proto.V1Storage;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which protobuf message each (apiVersion, kind) is sent as.
 *
 * <p>Most come from {@code io.kubernetes:client-java-proto}. That jar has no discovery.k8s.io,
 * coordination.k8s.io or events.k8s.io messages, so those few are described here from the
 * k8s.io/api generated.proto files (same package names, field names and numbers) and read as {@link
 * DynamicMessage}s; the converter walks both the same way.
 */
final class ProtoKinds {
  private static final Map<String, Message> BY_TYPE = new HashMap<>();

  /** Kinds that every group version registers (metav1.AddToGroupVersion). */
  private static final Map<String, Message> ANY_VERSION =
      Map.of("DeleteOptions", Meta.DeleteOptions.getDefaultInstance());

  static {
    core();
    groups();
    described();
  }

  private ProtoKinds() {}

  /** A default instance of the message for the type, or null when we have none. */
  static Message prototype(String apiVersion, String kind) {
    Message message = BY_TYPE.get(apiVersion + "/" + kind);
    return message != null ? message : ANY_VERSION.get(kind);
  }

  /** The {@code apiVersion/kind} keys we can read, for tests and messages. */
  static Set<String> types() {
    return BY_TYPE.keySet();
  }

  private static void put(String apiVersion, String kind, Message prototype) {
    if (!prototype.getDescriptorForType().getName().equals(kind)) {
      throw new IllegalStateException(
          apiVersion + " " + kind + " mapped to " + prototype.getDescriptorForType().getFullName());
    }
    BY_TYPE.put(apiVersion + "/" + kind, prototype);
  }

  private static void core() {
    String v = "v1";
    put(v, "Namespace", V1.Namespace.getDefaultInstance());
    put(v, "Pod", V1.Pod.getDefaultInstance());
    put(v, "Service", V1.Service.getDefaultInstance());
    put(v, "Endpoints", V1.Endpoints.getDefaultInstance());
    put(v, "Node", V1.Node.getDefaultInstance());
    put(v, "ConfigMap", V1.ConfigMap.getDefaultInstance());
    put(v, "Secret", V1.Secret.getDefaultInstance());
    put(v, "Event", V1.Event.getDefaultInstance());
    put(v, "ServiceAccount", V1.ServiceAccount.getDefaultInstance());
    put(v, "PersistentVolume", V1.PersistentVolume.getDefaultInstance());
    put(v, "PersistentVolumeClaim", V1.PersistentVolumeClaim.getDefaultInstance());
    put(v, "ResourceQuota", V1.ResourceQuota.getDefaultInstance());
    put(v, "LimitRange", V1.LimitRange.getDefaultInstance());
    put(v, "ReplicationController", V1.ReplicationController.getDefaultInstance());
    put(v, "PodTemplate", V1.PodTemplate.getDefaultInstance());
    put(v, "Binding", V1.Binding.getDefaultInstance());
  }

  private static void groups() {
    String apps = "apps/v1";
    put(apps, "Deployment", V1Apps.Deployment.getDefaultInstance());
    put(apps, "ReplicaSet", V1Apps.ReplicaSet.getDefaultInstance());
    put(apps, "StatefulSet", V1Apps.StatefulSet.getDefaultInstance());
    put(apps, "DaemonSet", V1Apps.DaemonSet.getDefaultInstance());
    put(apps, "ControllerRevision", V1Apps.ControllerRevision.getDefaultInstance());

    put("batch/v1", "Job", V1Batch.Job.getDefaultInstance());
    put("batch/v1", "CronJob", V1Batch.CronJob.getDefaultInstance());

    String net = "networking.k8s.io/v1";
    put(net, "Ingress", V1Networking.Ingress.getDefaultInstance());
    put(net, "IngressClass", V1Networking.IngressClass.getDefaultInstance());
    put(net, "NetworkPolicy", V1Networking.NetworkPolicy.getDefaultInstance());

    String storage = "storage.k8s.io/v1";
    put(storage, "StorageClass", V1Storage.StorageClass.getDefaultInstance());
    put(storage, "CSIDriver", V1Storage.CSIDriver.getDefaultInstance());
    put(storage, "CSINode", V1Storage.CSINode.getDefaultInstance());
    put(storage, "VolumeAttachment", V1Storage.VolumeAttachment.getDefaultInstance());

    String authz = "authorization.k8s.io/v1";
    put(
        authz,
        "SelfSubjectAccessReview",
        V1Authorization.SelfSubjectAccessReview.getDefaultInstance());
    put(
        authz,
        "SelfSubjectRulesReview",
        V1Authorization.SelfSubjectRulesReview.getDefaultInstance());
    put(authz, "SubjectAccessReview", V1Authorization.SubjectAccessReview.getDefaultInstance());
    put(
        authz,
        "LocalSubjectAccessReview",
        V1Authorization.LocalSubjectAccessReview.getDefaultInstance());

    String authn = "authentication.k8s.io/v1";
    put(authn, "TokenRequest", V1Authentication.TokenRequest.getDefaultInstance());
    put(authn, "TokenReview", V1Authentication.TokenReview.getDefaultInstance());
    put(authn, "SelfSubjectReview", V1Authentication.SelfSubjectReview.getDefaultInstance());

    put("autoscaling/v1", "Scale", V1Autoscaling.Scale.getDefaultInstance());
    put(
        "autoscaling/v1",
        "HorizontalPodAutoscaler",
        V1Autoscaling.HorizontalPodAutoscaler.getDefaultInstance());

    put("policy/v1", "Eviction", V1Policy.Eviction.getDefaultInstance());
    put("policy/v1", "PodDisruptionBudget", V1Policy.PodDisruptionBudget.getDefaultInstance());

    String rbac = "rbac.authorization.k8s.io/v1";
    put(rbac, "Role", V1Rbac.Role.getDefaultInstance());
    put(rbac, "ClusterRole", V1Rbac.ClusterRole.getDefaultInstance());
    put(rbac, "RoleBinding", V1Rbac.RoleBinding.getDefaultInstance());
    put(rbac, "ClusterRoleBinding", V1Rbac.ClusterRoleBinding.getDefaultInstance());

    put("scheduling.k8s.io/v1", "PriorityClass", V1Scheduling.PriorityClass.getDefaultInstance());
  }

  // --- kinds missing from client-java-proto, described from k8s.io/api generated.proto ---

  private static final String META = ".k8s.io.apimachinery.pkg.apis.meta.v1.";
  private static final String CORE = ".k8s.io.api.core.v1.";

  private static void described() {
    FileDescriptor discovery =
        file(
            "k8s.io/api/discovery/v1/generated.proto",
            "k8s.io.api.discovery.v1",
            message(
                "EndpointSlice",
                opt(1, "metadata", META + "ObjectMeta"),
                opt(4, "addressType", Type.TYPE_STRING),
                rep(2, "endpoints", ".k8s.io.api.discovery.v1.Endpoint"),
                rep(3, "ports", ".k8s.io.api.discovery.v1.EndpointPort")),
            message(
                    "Endpoint",
                    rep(1, "addresses", Type.TYPE_STRING),
                    opt(2, "conditions", ".k8s.io.api.discovery.v1.EndpointConditions"),
                    opt(3, "hostname", Type.TYPE_STRING),
                    opt(4, "targetRef", CORE + "ObjectReference"),
                    rep(
                        5,
                        "deprecatedTopology",
                        ".k8s.io.api.discovery.v1.Endpoint.DeprecatedTopologyEntry"),
                    opt(6, "nodeName", Type.TYPE_STRING),
                    opt(7, "zone", Type.TYPE_STRING),
                    opt(8, "hints", ".k8s.io.api.discovery.v1.EndpointHints"))
                .toBuilder()
                .addNestedType(stringMapEntry("DeprecatedTopologyEntry"))
                .build(),
            message(
                "EndpointConditions",
                opt(1, "ready", Type.TYPE_BOOL),
                opt(2, "serving", Type.TYPE_BOOL),
                opt(3, "terminating", Type.TYPE_BOOL)),
            message(
                "EndpointHints",
                rep(1, "forZones", ".k8s.io.api.discovery.v1.ForZone"),
                rep(2, "forNodes", ".k8s.io.api.discovery.v1.ForNode")),
            message("ForZone", opt(1, "name", Type.TYPE_STRING)),
            message("ForNode", opt(1, "name", Type.TYPE_STRING)),
            message(
                "EndpointPort",
                opt(1, "name", Type.TYPE_STRING),
                opt(2, "protocol", Type.TYPE_STRING),
                opt(3, "port", Type.TYPE_INT32),
                opt(4, "appProtocol", Type.TYPE_STRING)));
    put(
        "discovery.k8s.io/v1",
        "EndpointSlice",
        DynamicMessage.getDefaultInstance(discovery.findMessageTypeByName("EndpointSlice")));

    FileDescriptor coordination =
        file(
            "k8s.io/api/coordination/v1/generated.proto",
            "k8s.io.api.coordination.v1",
            message(
                "Lease",
                opt(1, "metadata", META + "ObjectMeta"),
                opt(2, "spec", ".k8s.io.api.coordination.v1.LeaseSpec")),
            message(
                "LeaseSpec",
                opt(1, "holderIdentity", Type.TYPE_STRING),
                opt(2, "leaseDurationSeconds", Type.TYPE_INT32),
                opt(3, "acquireTime", META + "MicroTime"),
                opt(4, "renewTime", META + "MicroTime"),
                opt(5, "leaseTransitions", Type.TYPE_INT32),
                opt(6, "strategy", Type.TYPE_STRING),
                opt(7, "preferredHolder", Type.TYPE_STRING)));
    put(
        "coordination.k8s.io/v1",
        "Lease",
        DynamicMessage.getDefaultInstance(coordination.findMessageTypeByName("Lease")));

    FileDescriptor events =
        file(
            "k8s.io/api/events/v1/generated.proto",
            "k8s.io.api.events.v1",
            message(
                "Event",
                opt(1, "metadata", META + "ObjectMeta"),
                opt(2, "eventTime", META + "MicroTime"),
                opt(3, "series", ".k8s.io.api.events.v1.EventSeries"),
                opt(4, "reportingController", Type.TYPE_STRING),
                opt(5, "reportingInstance", Type.TYPE_STRING),
                opt(6, "action", Type.TYPE_STRING),
                opt(7, "reason", Type.TYPE_STRING),
                opt(8, "regarding", CORE + "ObjectReference"),
                opt(9, "related", CORE + "ObjectReference"),
                opt(10, "note", Type.TYPE_STRING),
                opt(11, "type", Type.TYPE_STRING),
                opt(12, "deprecatedSource", CORE + "EventSource"),
                opt(13, "deprecatedFirstTimestamp", META + "Time"),
                opt(14, "deprecatedLastTimestamp", META + "Time"),
                opt(15, "deprecatedCount", Type.TYPE_INT32)),
            message(
                "EventSeries",
                opt(1, "count", Type.TYPE_INT32),
                opt(2, "lastObservedTime", META + "MicroTime")));
    put(
        "events.k8s.io/v1",
        "Event",
        DynamicMessage.getDefaultInstance(events.findMessageTypeByName("Event")));
  }

  private static FileDescriptor file(String name, String pkg, DescriptorProto... messages) {
    FileDescriptorProto.Builder file =
        FileDescriptorProto.newBuilder()
            .setName(name)
            .setPackage(pkg)
            .setSyntax("proto2")
            .addDependency(Meta.getDescriptor().getName())
            .addDependency(V1.getDescriptor().getName());
    for (DescriptorProto message : messages) {
      file.addMessageType(message);
    }
    try {
      return FileDescriptor.buildFrom(
          file.build(), new FileDescriptor[] {Meta.getDescriptor(), V1.getDescriptor()});
    } catch (DescriptorValidationException e) {
      throw new IllegalStateException("bad built-in descriptor " + name, e);
    }
  }

  private static DescriptorProto message(String name, FieldDescriptorProto... fields) {
    DescriptorProto.Builder message = DescriptorProto.newBuilder().setName(name);
    for (FieldDescriptorProto field : fields) {
      message.addField(field);
    }
    return message.build();
  }

  private static DescriptorProto stringMapEntry(String name) {
    return message(name, opt(1, "key", Type.TYPE_STRING), opt(2, "value", Type.TYPE_STRING))
        .toBuilder()
        .setOptions(MessageOptions.newBuilder().setMapEntry(true))
        .build();
  }

  private static FieldDescriptorProto opt(int number, String name, Type type) {
    return field(number, name, Label.LABEL_OPTIONAL).setType(type).build();
  }

  private static FieldDescriptorProto opt(int number, String name, String messageType) {
    return field(number, name, Label.LABEL_OPTIONAL)
        .setType(Type.TYPE_MESSAGE)
        .setTypeName(messageType)
        .build();
  }

  private static FieldDescriptorProto rep(int number, String name, Type type) {
    return field(number, name, Label.LABEL_REPEATED).setType(type).build();
  }

  private static FieldDescriptorProto rep(int number, String name, String messageType) {
    return field(number, name, Label.LABEL_REPEATED)
        .setType(Type.TYPE_MESSAGE)
        .setTypeName(messageType)
        .build();
  }

  private static FieldDescriptorProto.Builder field(int number, String name, Label label) {
    return FieldDescriptorProto.newBuilder()
        .setNumber(number)
        .setName(name)
        .setJsonName(name)
        .setLabel(label);
  }
}

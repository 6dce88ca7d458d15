package io.kubesim.apiserver.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import io.kubernetes.client.proto.IntStr.IntOrString;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Resource.Quantity;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Authorization;
import io.kubernetes.client.proto.V1Batch;
import io.kubesim.apiserver.registry.Bodies;
import io.kubesim.apiserver.request.ApiRequest;
import io.kubesim.core.api.ApiException;
import io.kubesim.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ProtobufBodiesTest {

  /** The k8s\0 prefix and a runtime.Unknown around the message, as the Go serializer writes. */
  private static byte[] body(String apiVersion, String kind, Message object) {
    return envelope(
        Runtime.Unknown.newBuilder()
            .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
            .setRaw(object.toByteString())
            .setContentEncoding("")
            .setContentType(""));
  }

  private static byte[] envelope(Runtime.Unknown.Builder unknown) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {'k', '8', 's', 0});
    out.writeBytes(unknown.build().toByteArray());
    return out.toByteArray();
  }

  private static JsonNode json(String text) {
    return Json.MAPPER.readTree(text);
  }

  private static List<String> keys(JsonNode node) {
    List<String> keys = new ArrayList<>();
    node.propertyNames().forEach(keys::add);
    return keys;
  }

  @Test
  void namespaceAsKubectlWritesIt() {
    // Go writes every non-pointer field, so kubectl's Namespace carries empty strings, a zero
    // generation and an empty creationTimestamp; the JSON is what Go's encoder makes of it.
    V1.Namespace namespace =
        V1.Namespace.newBuilder()
            .setMetadata(
                Meta.ObjectMeta.newBuilder()
                    .setName("team-a")
                    .setGenerateName("")
                    .setNamespace("")
                    .setSelfLink("")
                    .setUid("")
                    .setResourceVersion("")
                    .setGeneration(0)
                    .setCreationTimestamp(Meta.Time.getDefaultInstance())
                    .putLabels("team", "a")
                    .putLabels("env", "dev"))
            .setSpec(V1.NamespaceSpec.getDefaultInstance())
            .setStatus(V1.NamespaceStatus.getDefaultInstance())
            .build();

    JsonNode decoded = ProtobufBodies.decode(body("v1", "Namespace", namespace));

    assertThat(decoded)
        .isEqualTo(
            json(
                """
                {"apiVersion": "v1", "kind": "Namespace",
                 "metadata": {"name": "team-a", "creationTimestamp": null,
                              "labels": {"env": "dev", "team": "a"}},
                 "spec": {}, "status": {}}
                """));
    assertThat(keys(decoded)).containsExactly("apiVersion", "kind", "metadata", "spec", "status");
    assertThat(keys(decoded.get("metadata").get("labels"))).containsExactly("env", "team");
  }

  @Test
  void deploymentFromKubectlCreateDeployment() {
    // kubectl create deployment web --image=nginx --replicas=2 --port=80
    Meta.ObjectMeta.Builder labels = Meta.ObjectMeta.newBuilder().putLabels("app", "web");
    V1Apps.Deployment deployment =
        V1Apps.Deployment.newBuilder()
            .setMetadata(labels.clone().setName("web"))
            .setSpec(
                V1Apps.DeploymentSpec.newBuilder()
                    .setReplicas(2)
                    .setSelector(Meta.LabelSelector.newBuilder().putMatchLabels("app", "web"))
                    .setTemplate(
                        V1.PodTemplateSpec.newBuilder()
                            .setMetadata(labels)
                            .setSpec(
                                V1.PodSpec.newBuilder()
                                    .addContainers(
                                        V1.Container.newBuilder()
                                            .setName("nginx")
                                            .setImage("nginx")
                                            .addPorts(
                                                V1.ContainerPort.newBuilder().setContainerPort(80))
                                            .setResources(
                                                V1.ResourceRequirements.getDefaultInstance()))))
                    .setStrategy(V1Apps.DeploymentStrategy.getDefaultInstance()))
            .setStatus(V1Apps.DeploymentStatus.getDefaultInstance())
            .build();

    assertThat(ProtobufBodies.decode(body("apps/v1", "Deployment", deployment)))
        .isEqualTo(
            json(
                """
                {"apiVersion": "apps/v1", "kind": "Deployment",
                 "metadata": {"name": "web", "labels": {"app": "web"}},
                 "spec": {
                   "replicas": 2,
                   "selector": {"matchLabels": {"app": "web"}},
                   "template": {
                     "metadata": {"labels": {"app": "web"}},
                     "spec": {"containers": [
                       {"name": "nginx", "image": "nginx",
                        "ports": [{"containerPort": 80}], "resources": {}}]}},
                   "strategy": {}},
                 "status": {}}
                """));
  }

  @Test
  void secretBytesAreBase64AndPointerZeroValuesStay() {
    V1.Secret secret =
        V1.Secret.newBuilder()
            .setMetadata(Meta.ObjectMeta.newBuilder().setName("db").setNamespace("prod"))
            .putData("password", ByteString.copyFromUtf8("s3cr3t"))
            .putData("empty", ByteString.EMPTY)
            .putStringData("user", "admin")
            .setType("Opaque")
            .setImmutable(false)
            .build();

    assertThat(ProtobufBodies.decode(body("v1", "Secret", secret)))
        .isEqualTo(
            json(
                """
                {"apiVersion": "v1", "kind": "Secret",
                 "metadata": {"name": "db", "namespace": "prod"},
                 "immutable": false,
                 "data": {"empty": "", "password": "czNjcjN0"},
                 "stringData": {"user": "admin"},
                 "type": "Opaque"}
                """));
  }

  @Test
  void serviceTargetPortsAreNumbersOrNames() {
    V1.Service service =
        V1.Service.newBuilder()
            .setMetadata(Meta.ObjectMeta.newBuilder().setName("web"))
            .setSpec(
                V1.ServiceSpec.newBuilder()
                    .addPorts(
                        V1.ServicePort.newBuilder()
                            .setName("80-8080")
                            .setProtocol("TCP")
                            .setPort(80)
                            .setTargetPort(IntOrString.newBuilder().setType(0).setIntVal(8080)))
                    .addPorts(
                        V1.ServicePort.newBuilder()
                            .setName("https")
                            .setPort(443)
                            .setTargetPort(
                                IntOrString.newBuilder().setType(1).setStrVal("https-port")))
                    .putSelector("app", "web")
                    .setClusterIP("10.96.0.20")
                    .addClusterIPs("10.96.0.20")
                    .setType("ClusterIP"))
            .build();

    assertThat(ProtobufBodies.decode(body("v1", "Service", service)))
        .isEqualTo(
            json(
                """
                {"apiVersion": "v1", "kind": "Service",
                 "metadata": {"name": "web"},
                 "spec": {
                   "ports": [
                     {"name": "80-8080", "protocol": "TCP", "port": 80, "targetPort": 8080},
                     {"name": "https", "port": 443, "targetPort": "https-port"}],
                   "selector": {"app": "web"},
                   "clusterIP": "10.96.0.20",
                   "clusterIPs": ["10.96.0.20"],
                   "type": "ClusterIP"}}
                """));
  }

  @Test
  void selfSubjectAccessReviewFromAuthCanI() {
    // kubectl auth can-i create pods -n default
    V1Authorization.SelfSubjectAccessReview review =
        V1Authorization.SelfSubjectAccessReview.newBuilder()
            .setMetadata(Meta.ObjectMeta.newBuilder().setCreationTimestamp(Meta.Time.newBuilder()))
            .setSpec(
                V1Authorization.SelfSubjectAccessReviewSpec.newBuilder()
                    .setResourceAttributes(
                        V1Authorization.ResourceAttributes.newBuilder()
                            .setNamespace("default")
                            .setVerb("create")
                            .setGroup("")
                            .setResource("pods")))
            .setStatus(V1Authorization.SubjectAccessReviewStatus.newBuilder().setAllowed(false))
            .build();

    assertThat(
            ProtobufBodies.decode(
                body("authorization.k8s.io/v1", "SelfSubjectAccessReview", review)))
        .isEqualTo(
            json(
                """
                {"apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectAccessReview",
                 "metadata": {"creationTimestamp": null},
                 "spec": {"resourceAttributes":
                   {"namespace": "default", "verb": "create", "resource": "pods"}},
                 "status": {}}
                """));
  }

  @Test
  void cronJobWithScheduleAndTimestamps() {
    // kubectl create cronjob tick --image=busybox --schedule="*/5 * * * *" -- date
    V1Batch.CronJob cronJob =
        V1Batch.CronJob.newBuilder()
            .setMetadata(
                Meta.ObjectMeta.newBuilder()
                    .setName("tick")
                    .setCreationTimestamp(Meta.Time.newBuilder().setSeconds(1795628697))
                    .setDeletionGracePeriodSeconds(30))
            .setSpec(
                V1Batch.CronJobSpec.newBuilder()
                    .setSchedule("*/5 * * * *")
                    .setJobTemplate(
                        V1Batch.JobTemplateSpec.newBuilder()
                            .setMetadata(Meta.ObjectMeta.newBuilder().setName("tick"))
                            .setSpec(
                                V1Batch.JobSpec.newBuilder()
                                    .setTemplate(
                                        V1.PodTemplateSpec.newBuilder()
                                            .setSpec(
                                                V1.PodSpec.newBuilder()
                                                    .addContainers(
                                                        V1.Container.newBuilder()
                                                            .setName("tick")
                                                            .setImage("busybox")
                                                            .addCommand("date"))
                                                    .setRestartPolicy("OnFailure"))))))
            .setStatus(
                V1Batch.CronJobStatus.newBuilder()
                    .setLastScheduleTime(
                        Meta.Time.newBuilder().setSeconds(1795628697).setNanos(123_000_000)))
            .build();

    assertThat(ProtobufBodies.decode(body("batch/v1", "CronJob", cronJob)))
        .isEqualTo(
            json(
                """
                {"apiVersion": "batch/v1", "kind": "CronJob",
                 "metadata": {"name": "tick", "creationTimestamp": "2026-11-25T17:44:57Z",
                              "deletionGracePeriodSeconds": 30},
                 "spec": {
                   "schedule": "*/5 * * * *",
                   "jobTemplate": {
                     "metadata": {"name": "tick"},
                     "spec": {"template": {"spec": {
                       "containers": [{"name": "tick", "image": "busybox", "command": ["date"]}],
                       "restartPolicy": "OnFailure"}}}}},
                 "status": {"lastScheduleTime": "2026-11-25T17:44:57Z"}}
                """));
  }

  @Test
  void embeddedStructsAreInlinedAndQuantitiesAreStrings() {
    V1.Pod pod =
        V1.Pod.newBuilder()
            .setMetadata(Meta.ObjectMeta.newBuilder().setName("p"))
            .setSpec(
                V1.PodSpec.newBuilder()
                    .addVolumes(
                        V1.Volume.newBuilder()
                            .setName("config")
                            .setVolumeSource(
                                V1.VolumeSource.newBuilder()
                                    .setConfigMap(
                                        V1.ConfigMapVolumeSource.newBuilder()
                                            .setLocalObjectReference(
                                                V1.LocalObjectReference.newBuilder()
                                                    .setName("settings"))
                                            .setDefaultMode(420))))
                    .addContainers(
                        V1.Container.newBuilder()
                            .setName("app")
                            .setImage("app:1")
                            .setResources(
                                V1.ResourceRequirements.newBuilder()
                                    .putLimits(
                                        "cpu", Quantity.newBuilder().setString("500m").build())
                                    .putLimits(
                                        "memory", Quantity.newBuilder().setString("1Gi").build()))
                            .setReadinessProbe(
                                V1.Probe.newBuilder()
                                    .setHandler(
                                        V1.ProbeHandler.newBuilder()
                                            .setHttpGet(
                                                V1.HTTPGetAction.newBuilder()
                                                    .setPath("/healthz")
                                                    .setPort(
                                                        IntOrString.newBuilder()
                                                            .setType(0)
                                                            .setIntVal(8080))))
                                    .setPeriodSeconds(5)))
                    .setHostIPC(true))
            .setStatus(V1.PodStatus.newBuilder().setPodIP("10.244.0.7"))
            .build();

    assertThat(ProtobufBodies.decode(body("v1", "Pod", pod)))
        .isEqualTo(
            json(
                """
                {"apiVersion": "v1", "kind": "Pod",
                 "metadata": {"name": "p"},
                 "spec": {
                   "volumes": [{"name": "config",
                                "configMap": {"name": "settings", "defaultMode": 420}}],
                   "containers": [{"name": "app", "image": "app:1",
                     "resources": {"limits": {"cpu": "500m", "memory": "1Gi"}},
                     "readinessProbe": {"httpGet": {"path": "/healthz", "port": 8080},
                                        "periodSeconds": 5}}],
                   "hostIPC": true},
                 "status": {"podIP": "10.244.0.7"}}
                """));
  }

  @Test
  void controllerRevisionDataIsTheRawJson() {
    V1Apps.ControllerRevision revision =
        V1Apps.ControllerRevision.newBuilder()
            .setMetadata(Meta.ObjectMeta.newBuilder().setName("web-1"))
            .setData(
                Runtime.RawExtension.newBuilder()
                    .setRaw(ByteString.copyFromUtf8("{\"spec\":{\"replicas\":3}}")))
            .setRevision(1)
            .build();

    assertThat(ProtobufBodies.decode(body("apps/v1", "ControllerRevision", revision)))
        .isEqualTo(
            json(
                """
                {"apiVersion": "apps/v1", "kind": "ControllerRevision",
                 "metadata": {"name": "web-1"},
                 "data": {"spec": {"replicas": 3}},
                 "revision": 1}
                """));
  }

  @Test
  void leaseIsReadThroughTheDescriptorsWrittenHere() {
    Descriptor lease =
        ProtoKinds.prototype("coordination.k8s.io/v1", "Lease").getDescriptorForType();
    Descriptor spec = lease.findFieldByName("spec").getMessageType();
    Message renewTime =
        Meta.MicroTime.newBuilder().setSeconds(1795628697).setNanos(123_456_789).build();
    Message message =
        DynamicMessage.newBuilder(lease)
            .setField(
                lease.findFieldByName("metadata"),
                Meta.ObjectMeta.newBuilder()
                    .setName("node-1")
                    .setNamespace("kube-node-lease")
                    .build())
            .setField(
                lease.findFieldByName("spec"),
                DynamicMessage.newBuilder(spec)
                    .setField(spec.findFieldByName("holderIdentity"), "node-1")
                    .setField(spec.findFieldByName("leaseDurationSeconds"), 40)
                    .setField(spec.findFieldByName("renewTime"), renewTime)
                    .build())
            .build();

    assertThat(ProtobufBodies.decode(body("coordination.k8s.io/v1", "Lease", message)))
        .isEqualTo(
            json(
                """
                {"apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
                 "metadata": {"name": "node-1", "namespace": "kube-node-lease"},
                 "spec": {"holderIdentity": "node-1", "leaseDurationSeconds": 40,
                          "renewTime": "2026-11-25T17:44:57.123456Z"}}
                """));
  }

  @Test
  void endpointSliceIsReadThroughTheDescriptorsWrittenHere() {
    Descriptor slice =
        ProtoKinds.prototype("discovery.k8s.io/v1", "EndpointSlice").getDescriptorForType();
    Descriptor endpoint = slice.findFieldByName("endpoints").getMessageType();
    Descriptor conditions = endpoint.findFieldByName("conditions").getMessageType();
    Descriptor port = slice.findFieldByName("ports").getMessageType();
    Message message =
        DynamicMessage.newBuilder(slice)
            .setField(
                slice.findFieldByName("metadata"),
                Meta.ObjectMeta.newBuilder().setName("web-abc").build())
            .setField(slice.findFieldByName("addressType"), "IPv4")
            .addRepeatedField(
                slice.findFieldByName("endpoints"),
                DynamicMessage.newBuilder(endpoint)
                    .addRepeatedField(endpoint.findFieldByName("addresses"), "10.244.0.7")
                    .setField(
                        endpoint.findFieldByName("conditions"),
                        DynamicMessage.newBuilder(conditions)
                            .setField(conditions.findFieldByName("ready"), true)
                            .build())
                    .setField(endpoint.findFieldByName("nodeName"), "node-1")
                    .build())
            .addRepeatedField(
                slice.findFieldByName("ports"),
                DynamicMessage.newBuilder(port)
                    .setField(port.findFieldByName("name"), "http")
                    .setField(port.findFieldByName("port"), 8080)
                    .build())
            .build();

    assertThat(ProtobufBodies.decode(body("discovery.k8s.io/v1", "EndpointSlice", message)))
        .isEqualTo(
            json(
                """
                {"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
                 "metadata": {"name": "web-abc"},
                 "addressType": "IPv4",
                 "endpoints": [{"addresses": ["10.244.0.7"], "conditions": {"ready": true},
                                "nodeName": "node-1"}],
                 "ports": [{"name": "http", "port": 8080}]}
                """));
  }

  @Test
  void deleteOptionsUnderAnyGroupVersion() {
    Meta.DeleteOptions options =
        Meta.DeleteOptions.newBuilder()
            .setGracePeriodSeconds(0)
            .setPropagationPolicy("Foreground")
            .addDryRun("All")
            .build();

    assertThat(ProtobufBodies.decode(body("apps/v1", "DeleteOptions", options)))
        .isEqualTo(
            json(
                """
                {"apiVersion": "apps/v1", "kind": "DeleteOptions",
                 "gracePeriodSeconds": 0, "propagationPolicy": "Foreground", "dryRun": ["All"]}
                """));
  }

  @Test
  void everyServedKindIsMapped() {
    for (String type :
        List.of(
            "v1/Namespace",
            "v1/Pod",
            "v1/Service",
            "v1/Endpoints",
            "v1/Node",
            "v1/ConfigMap",
            "v1/Secret",
            "v1/Event",
            "v1/ServiceAccount",
            "v1/PersistentVolume",
            "v1/PersistentVolumeClaim",
            "v1/ResourceQuota",
            "v1/LimitRange",
            "v1/ReplicationController",
            "apps/v1/Deployment",
            "apps/v1/ReplicaSet",
            "apps/v1/StatefulSet",
            "apps/v1/DaemonSet",
            "apps/v1/ControllerRevision",
            "batch/v1/Job",
            "batch/v1/CronJob",
            "networking.k8s.io/v1/Ingress",
            "networking.k8s.io/v1/IngressClass",
            "storage.k8s.io/v1/StorageClass",
            "discovery.k8s.io/v1/EndpointSlice",
            "coordination.k8s.io/v1/Lease",
            "events.k8s.io/v1/Event",
            "authorization.k8s.io/v1/SelfSubjectAccessReview",
            "autoscaling/v1/Scale",
            "policy/v1/Eviction",
            "rbac.authorization.k8s.io/v1/Role",
            "scheduling.k8s.io/v1/PriorityClass")) {
      int slash = type.lastIndexOf('/');
      Message prototype = ProtoKinds.prototype(type.substring(0, slash), type.substring(slash + 1));
      assertThat(prototype).as(type).isNotNull();
      assertThat(prototype.getDescriptorForType().getName()).isEqualTo(type.substring(slash + 1));
    }
  }

  @Test
  void goDurationStrings() {
    assertThat(ProtoJson.goDuration(0)).isEqualTo("0s");
    assertThat(ProtoJson.goDuration(1)).isEqualTo("1ns");
    assertThat(ProtoJson.goDuration(1_500)).isEqualTo("1.5µs");
    assertThat(ProtoJson.goDuration(2_000_000)).isEqualTo("2ms");
    assertThat(ProtoJson.goDuration(1_500_000_000L)).isEqualTo("1.5s");
    assertThat(ProtoJson.goDuration(90_000_000_000L)).isEqualTo("1m30s");
    assertThat(ProtoJson.goDuration(3_600_000_000_000L)).isEqualTo("1h0m0s");
    assertThat(ProtoJson.goDuration(-3_723_000_000_000L)).isEqualTo("-1h2m3s");
  }

  @Test
  void requestBodiesWithTheProtobufMediaTypeAreDecoded() {
    V1.ConfigMap configMap =
        V1.ConfigMap.newBuilder()
            .setMetadata(Meta.ObjectMeta.newBuilder().setName("settings"))
            .putData("mode", "fast")
            .putBinaryData("blob", ByteString.copyFrom(new byte[] {0, 1, 2, (byte) 0xff}))
            .build();
    Map<String, String> headers =
        Map.of("content-type", "application/vnd.kubernetes.protobuf; charset=utf-8");

    ObjectNode object =
        Bodies.object(
            new ApiRequest(
                "POST",
                "/api/v1/namespaces/default/configmaps",
                Map.of(),
                headers,
                body("v1", "ConfigMap", configMap),
                "admin"));

    assertThat(object)
        .isEqualTo(
            json(
                """
                {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings"},
                 "data": {"mode": "fast"}, "binaryData": {"blob": "AAEC/w=="}}
                """));
    assertThatThrownBy(
            () ->
                Bodies.object(
                    new ApiRequest(
                        "POST",
                        "/api/v1/namespaces",
                        Map.of(),
                        headers,
                        new byte[] {'{', '}', ' ', ' '},
                        "admin")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400))
        .hasMessageContaining("k8s\\0");
  }

  @Test
  void badMagicIsRejected() {
    byte[] json = "{\"kind\":\"Namespace\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ProtobufBodies.decode(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k8s\\0");
    assertThatThrownBy(() -> ProtobufBodies.decode(new byte[] {'k', '8'}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void truncatedBodyIsRejected() {
    V1.Namespace namespace =
        V1.Namespace.newBuilder()
            .setMetadata(Meta.ObjectMeta.newBuilder().setName("team-a").putLabels("a", "b"))
            .build();
    byte[] whole = body("v1", "Namespace", namespace);
    for (int cut : new int[] {3, 9, 20}) {
      byte[] truncated = Arrays.copyOf(whole, whole.length - cut);
      assertThatThrownBy(() -> ProtobufBodies.decode(truncated))
          .as("cut %d bytes", cut)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("protobuf body");
    }
  }

  @Test
  void truncatedInnerObjectIsRejected() {
    byte[] raw =
        V1.Namespace.newBuilder()
            .setMetadata(Meta.ObjectMeta.newBuilder().setName("team-a"))
            .build()
            .toByteArray();
    byte[] body =
        envelope(
            Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion("v1").setKind("Namespace"))
                .setRaw(ByteString.copyFrom(raw, 0, raw.length - 2)));
    assertThatThrownBy(() -> ProtobufBodies.decode(body))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a valid Namespace");
  }

  @Test
  void unknownKindIsRejectedByName() {
    byte[] body = body("example.com/v1", "Widget", V1.ConfigMap.getDefaultInstance());
    assertThatThrownBy(() -> ProtobufBodies.decode(body))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Widget")
        .hasMessageContaining("example.com/v1");
  }

  @Test
  void encodedContentIsRejected() {
    byte[] body =
        envelope(
            Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion("v1").setKind("Namespace"))
                .setRaw(ByteString.copyFromUtf8("x"))
                .setContentEncoding("gzip"));
    assertThatThrownBy(() -> ProtobufBodies.decode(body))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gzip");
  }
}

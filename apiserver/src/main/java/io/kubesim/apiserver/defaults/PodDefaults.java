package io.kubesim.apiserver.defaults;

import static io.kubesim.apiserver.defaults.Fields.Fill.plain;
import static io.kubesim.apiserver.defaults.Fields.Fill.pointer;

import io.kubesim.apiserver.defaults.Fields.Fill;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pod, PodSpec and PodTemplateSpec defaults (k8s pkg/apis/core/v1 defaults.go and the generated
 * SetObjectDefaults_Pod / SetObjectDefaults_PodTemplate walk). Shared by every kind that embeds a
 * pod template.
 */
final class PodDefaults {
  private PodDefaults() {}

  /** PodSpec (SetDefaults_PodSpec): applies to pods and to pod templates alike. */
  private static final List<Fill> POD_SPEC =
      List.of(
          // spec.dnsPolicy
          plain("dnsPolicy", "ClusterFirst"),
          // spec.restartPolicy
          plain("restartPolicy", "Always"),
          // spec.terminationGracePeriodSeconds
          pointer("terminationGracePeriodSeconds", 30),
          // spec.schedulerName
          plain("schedulerName", "default-scheduler"));

  /** Container (SetDefaults_Container); imagePullPolicy is derived from the image separately. */
  private static final List<Fill> CONTAINER =
      List.of(
          // containers[].terminationMessagePath
          plain("terminationMessagePath", "/dev/termination-log"),
          // containers[].terminationMessagePolicy
          plain("terminationMessagePolicy", "File"));

  /** Probe (SetDefaults_Probe); all plain int32 fields, so 0 counts as unset. */
  private static final List<Fill> PROBE =
      List.of(
          // probe.timeoutSeconds
          plain("timeoutSeconds", 1),
          // probe.periodSeconds
          plain("periodSeconds", 10),
          // probe.successThreshold
          plain("successThreshold", 1),
          // probe.failureThreshold
          plain("failureThreshold", 3));

  /** HTTPGetAction (SetDefaults_HTTPGetAction), in probes and lifecycle handlers. */
  private static final List<Fill> HTTP_GET =
      List.of(
          // httpGet.path
          plain("path", "/"),
          // httpGet.scheme
          plain("scheme", "HTTP"));

  /** The file mode of secret, configMap, downwardAPI and projected volumes: 0644. */
  private static final int DEFAULT_MODE = 420;

  /**
   * Volume sources whose defaults are declarative (+default markers on the k8s.io/api types); the
   * same sources appear in PersistentVolume specs.
   */
  static final Map<String, List<Fill>> LEGACY_SOURCES =
      Map.of(
          // iscsi.iscsiInterface
          "iscsi", List.of(plain("iscsiInterface", "default")),
          // rbd.pool, rbd.user, rbd.keyring
          "rbd",
              List.of(
                  plain("pool", "rbd"),
                  plain("user", "admin"),
                  plain("keyring", "/etc/ceph/keyring")),
          // azureDisk.cachingMode, .fsType, .readOnly, .kind (all pointers)
          "azureDisk",
              List.of(
                  pointer("cachingMode", "ReadWrite"),
                  pointer("fsType", "ext4"),
                  pointer("readOnly", false),
                  pointer("kind", "Shared")),
          // scaleIO.storageMode, scaleIO.fsType
          "scaleIO", List.of(plain("storageMode", "ThinProvisioned"), plain("fsType", "xfs")));

  /** A Pod object: SetDefaults_Pod (pod-only) and then the PodSpec walk. */
  static void pod(ObjectNode pod) {
    ObjectNode spec = Fields.ensure(pod, "spec");
    if (spec == null) {
      return;
    }
    podOnly(spec);
    podSpec(spec);
  }

  /**
   * A PodTemplateSpec held at {@code owner.field}: the PodSpec walk on its spec, not
   * SetDefaults_Pod.
   */
  static void template(ObjectNode owner, String field) {
    podSpec(Fields.ensure(Fields.ensure(owner, field), "spec"));
  }

  /**
   * SetDefaults_Pod: defaults that materialise only on Pods, never in templates (so a template's
   * containers keep requests unset and enableServiceLinks absent).
   */
  private static void podOnly(ObjectNode spec) {
    for (String list : List.of("containers", "initContainers")) {
      for (ObjectNode container : Fields.objects(spec, list)) {
        requestsFromLimits(container);
      }
    }
    // spec.enableServiceLinks
    pointer("enableServiceLinks", true).applyTo(spec);
    // containers[].ports[].hostPort = containerPort, with host networking
    JsonNode hostNetwork = spec.get("hostNetwork");
    if (hostNetwork != null && hostNetwork.isBoolean() && hostNetwork.asBoolean()) {
      for (String list : List.of("containers", "initContainers")) {
        for (ObjectNode container : Fields.objects(spec, list)) {
          for (ObjectNode port : Fields.objects(container, "ports")) {
            JsonNode containerPort = port.get("containerPort");
            if (Fields.unsetOrZero(port, "hostPort") && containerPort != null) {
              port.set("hostPort", containerPort.deepCopy());
            }
          }
        }
      }
    }
  }

  /** containers[].resources.requests: each limit without a request becomes the request. */
  private static void requestsFromLimits(ObjectNode container) {
    ObjectNode resources = Fields.object(container, "resources");
    ObjectNode limits = Fields.object(resources, "limits");
    if (limits == null || limits.isEmpty()) {
      return;
    }
    ObjectNode requests = Fields.ensure(resources, "requests");
    if (requests == null) {
      return;
    }
    for (Map.Entry<String, JsonNode> limit : limits.properties()) {
      if (!requests.has(limit.getKey())) {
        requests.set(limit.getKey(), limit.getValue().deepCopy());
      }
    }
  }

  /** SetDefaults_PodSpec plus everything nested in a PodSpec. */
  static void podSpec(ObjectNode spec) {
    if (spec == null) {
      return;
    }
    Fields.fill(spec, POD_SPEC);
    // spec.securityContext: {}
    Fields.ensure(spec, "securityContext");
    for (ObjectNode volume : Fields.objects(spec, "volumes")) {
      volume(volume);
    }
    for (String list : List.of("initContainers", "containers", "ephemeralContainers")) {
      for (ObjectNode container : Fields.objects(spec, list)) {
        container(container);
      }
    }
  }

  /** SetDefaults_Container and the generated walk over ports, env, probes and lifecycle. */
  static void container(ObjectNode container) {
    // containers[].imagePullPolicy
    if (Fields.unsetOrZero(container, "imagePullPolicy")) {
      container.put("imagePullPolicy", pullPolicy(Fields.text(container, "image")));
    }
    Fields.fill(container, CONTAINER);
    // containers[].resources: not a default, but Go's encoding of the non-pointer struct, which a
    // real apiserver's stored object always carries (and kubectl's rollback patch sends back)
    Fields.ensure(container, "resources");
    for (ObjectNode port : Fields.objects(container, "ports")) {
      // containers[].ports[].protocol
      plain("protocol", "TCP").applyTo(port);
    }
    for (ObjectNode env : Fields.objects(container, "env")) {
      fieldRef(Fields.path(env, "valueFrom.fieldRef"));
    }
    for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
      probe(Fields.object(container, probe));
    }
    ObjectNode lifecycle = Fields.object(container, "lifecycle");
    for (String hook : List.of("postStart", "preStop")) {
      Fields.fill(Fields.path(lifecycle, hook + ".httpGet"), HTTP_GET);
    }
  }

  private static void probe(ObjectNode probe) {
    if (probe == null) {
      return;
    }
    Fields.fill(probe, PROBE);
    Fields.fill(Fields.object(probe, "httpGet"), HTTP_GET);
    // probe.grpc.service: "" (a pointer with a declarative default)
    pointer("service", "").applyTo(Fields.object(probe, "grpc"));
  }

  /** ObjectFieldSelector.apiVersion (SetDefaults_ObjectFieldSelector). */
  private static void fieldRef(ObjectNode fieldRef) {
    plain("apiVersion", "v1").applyTo(fieldRef);
  }

  /** SetDefaults_Volume and the per-source defaults. */
  static void volume(ObjectNode volume) {
    // volumes[].emptyDir: {} when no source is given at all
    boolean anySource = false;
    for (Map.Entry<String, JsonNode> field : volume.properties()) {
      anySource |= !field.getKey().equals("name") && !field.getValue().isNull();
    }
    if (!anySource) {
      volume.putObject("emptyDir");
    }
    // volumes[].image.pullPolicy, by the reference's tag like a container's image
    ObjectNode image = Fields.object(volume, "image");
    if (image != null && Fields.unsetOrZero(image, "pullPolicy")) {
      image.put("pullPolicy", pullPolicy(Fields.text(image, "reference")));
    }
    // volumes[].hostPath.type: "" (HostPathUnset)
    pointer("type", "").applyTo(Fields.object(volume, "hostPath"));
    // volumes[].{secret,configMap,downwardAPI,projected}.defaultMode: 420 (0644)
    for (String source : List.of("secret", "configMap", "downwardAPI", "projected")) {
      pointer("defaultMode", DEFAULT_MODE).applyTo(Fields.object(volume, source));
    }
    for (ObjectNode item : Fields.objects(Fields.object(volume, "downwardAPI"), "items")) {
      fieldRef(Fields.object(item, "fieldRef"));
    }
    for (ObjectNode projection : Fields.objects(Fields.object(volume, "projected"), "sources")) {
      for (ObjectNode item : Fields.objects(Fields.object(projection, "downwardAPI"), "items")) {
        fieldRef(Fields.object(item, "fieldRef"));
      }
      // projected.sources[].serviceAccountToken.expirationSeconds: one hour
      pointer("expirationSeconds", 3600).applyTo(Fields.object(projection, "serviceAccountToken"));
    }
    // volumes[].ephemeral.volumeClaimTemplate.spec: PersistentVolumeClaimSpec defaults
    CoreDefaults.claimSpec(Fields.path(volume, "ephemeral.volumeClaimTemplate.spec"));
    legacySources(volume);
  }

  static void legacySources(ObjectNode sources) {
    LEGACY_SOURCES.forEach((source, fills) -> Fields.fill(Fields.object(sources, source), fills));
  }

  /**
   * Always when the image's tag is {@code latest} (an image with neither tag nor digest counts as
   * {@code latest}), otherwise IfNotPresent. A digest without a tag, or a reference that does not
   * parse, gives IfNotPresent, as parsers.ParseImageName returns no tag for those.
   */
  static String pullPolicy(String image) {
    return "latest".equals(ImageReference.tag(image)) ? "Always" : "IfNotPresent";
  }
}

package io.kubesim.controllermanager.statefulset;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.kubesim.controllermanager.Kube;
import io.kubesim.controllermanager.history.Revisions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A StatefulSet pod's identity (stateful_set_utils.go): the name {@code <set>-<ordinal>}, the
 * labels {@value #POD_NAME_LABEL} and {@value #POD_INDEX_LABEL}, hostname and subdomain, and one
 * claim per volumeClaimTemplate named {@code <template>-<set>-<ordinal>}. With {@code
 * spec.ordinals.start: 1} and 3 replicas the pods are web-1, web-2 and web-3.
 */
final class StatefulPods {
  static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
  static final String POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";

  /** statefulPodRegex: the parent's name, a dash, the ordinal. */
  private static final Pattern NAME = Pattern.compile("(.*)-([0-9]+)$");

  private StatefulPods() {}

  /** getOrdinal: the number after the last dash, or -1 (none, or beyond int32). */
  static int ordinal(Pod pod) {
    Matcher m = NAME.matcher(pod.getMetadata().getName());
    if (!m.matches()) {
      return -1;
    }
    try {
      return Integer.parseInt(m.group(2));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** isMemberOf: the pod's name is this set's name and an ordinal. */
  static boolean memberOf(StatefulSet set, Pod pod) {
    Matcher m = NAME.matcher(pod.getMetadata().getName());
    return m.matches() && m.group(1).equals(set.getMetadata().getName());
  }

  static int startOrdinal(StatefulSet set) {
    return set.getSpec().getOrdinals() == null
        ? 0
        : Kube.orZero(set.getSpec().getOrdinals().getStart());
  }

  static int replicas(StatefulSet set) {
    return set.getSpec().getReplicas() == null ? 1 : set.getSpec().getReplicas();
  }

  /** podInOrdinalRange: start <= ordinal < start + replicas. */
  static boolean inRange(Pod pod, StatefulSet set) {
    int ordinal = ordinal(pod);
    return ordinal >= startOrdinal(set) && ordinal < startOrdinal(set) + replicas(set);
  }

  static String podName(StatefulSet set, int ordinal) {
    return set.getMetadata().getName() + "-" + ordinal;
  }

  static String claimName(StatefulSet set, String template, int ordinal) {
    return template + "-" + set.getMetadata().getName() + "-" + ordinal;
  }

  /**
   * getPersistentVolumeClaims: the pod's claims, in template order, each the template with the
   * pod's claim name and the set's selector labels added to the template's own.
   */
  static List<PersistentVolumeClaim> claims(StatefulSet set, int ordinal) {
    List<PersistentVolumeClaim> claims = new ArrayList<>();
    if (set.getSpec().getVolumeClaimTemplates() == null) {
      return claims;
    }
    Map<String, String> selector =
        set.getSpec().getSelector() == null || set.getSpec().getSelector().getMatchLabels() == null
            ? Map.of()
            : set.getSpec().getSelector().getMatchLabels();
    for (PersistentVolumeClaim template : set.getSpec().getVolumeClaimTemplates()) {
      PersistentVolumeClaim claim = Kube.copy(template, PersistentVolumeClaim.class);
      ObjectMeta meta = claim.getMetadata() == null ? new ObjectMeta() : claim.getMetadata();
      Map<String, String> labels = new LinkedHashMap<>();
      if (meta.getLabels() != null) {
        labels.putAll(meta.getLabels());
      }
      labels.putAll(selector);
      meta.setLabels(labels.isEmpty() ? null : labels);
      meta.setName(claimName(set, template.getMetadata().getName(), ordinal));
      meta.setNamespace(set.getMetadata().getNamespace());
      claim.setMetadata(meta);
      claim.setApiVersion("v1");
      claim.setKind("PersistentVolumeClaim");
      claim.setStatus(null);
      claims.add(claim);
    }
    return claims;
  }

  /**
   * newVersionedStatefulSetPod's pod from one template: GetPodFromTemplate (labels, annotations,
   * finalizers, spec, the controllerRef, generateName {@code <set>-}), then initIdentity and
   * updateStorage, and the revision's name as {@value Revisions#HASH_LABEL}.
   */
  static Pod newPod(StatefulSet set, PodTemplateSpec template, int ordinal, String revision) {
    PodTemplateSpec copy = Kube.copy(template, PodTemplateSpec.class);
    ObjectMeta from = copy.getMetadata() == null ? new ObjectMeta() : copy.getMetadata();
    Pod pod = new Pod();
    pod.setApiVersion("v1");
    pod.setKind("Pod");
    ObjectMeta meta = new ObjectMeta();
    meta.setName(podName(set, ordinal));
    meta.setGenerateName(set.getMetadata().getName() + "-");
    meta.setNamespace(set.getMetadata().getNamespace());
    Map<String, String> labels = new LinkedHashMap<>();
    if (from.getLabels() != null) {
      labels.putAll(from.getLabels());
    }
    labels.put(POD_NAME_LABEL, meta.getName());
    labels.put(POD_INDEX_LABEL, Integer.toString(ordinal));
    labels.put(Revisions.HASH_LABEL, revision);
    meta.setLabels(labels);
    meta.setAnnotations(from.getAnnotations());
    meta.setFinalizers(from.getFinalizers());
    meta.setOwnerReferences(List.of(Kube.controllerRef(set)));
    pod.setMetadata(meta);
    pod.setSpec(copy.getSpec());
    pod.getSpec().setHostname(meta.getName());
    pod.getSpec().setSubdomain(set.getSpec().getServiceName());
    pod.getSpec().setVolumes(volumes(set, ordinal, pod.getSpec().getVolumes()));
    return pod;
  }

  /** updateStorage: a volume per claim template (its claim), then the template's other volumes. */
  private static List<Volume> volumes(StatefulSet set, int ordinal, List<Volume> current) {
    List<Volume> volumes = new ArrayList<>();
    List<String> claimed = new ArrayList<>();
    for (PersistentVolumeClaim claim : claims(set, ordinal)) {
      String name = templateName(set, claim);
      claimed.add(name);
      volumes.add(
          new VolumeBuilder()
              .withName(name)
              .withNewPersistentVolumeClaim(claim.getMetadata().getName(), null)
              .build());
    }
    if (current != null) {
      current.stream().filter(v -> !claimed.contains(v.getName())).forEach(volumes::add);
    }
    return volumes.isEmpty() ? null : volumes;
  }

  private static String templateName(StatefulSet set, PersistentVolumeClaim claim) {
    String name = claim.getMetadata().getName();
    String suffix = "-" + set.getMetadata().getName() + "-";
    return name.substring(0, name.lastIndexOf(suffix));
  }

  /** identityMatches: name, namespace and the pod-name label are the set's for its ordinal. */
  static boolean identityMatches(StatefulSet set, Pod pod) {
    int ordinal = ordinal(pod);
    return ordinal >= 0
        && memberOf(set, pod)
        && pod.getMetadata().getName().equals(podName(set, ordinal))
        && set.getMetadata().getNamespace().equals(pod.getMetadata().getNamespace())
        && pod.getMetadata().getName().equals(Kube.labels(pod).get(POD_NAME_LABEL));
  }

  /** The labels updateIdentity sets, for a pod whose identity does not match. */
  static Map<String, String> identityLabels(Pod pod) {
    return Map.of(
        POD_NAME_LABEL,
        pod.getMetadata().getName(),
        POD_INDEX_LABEL,
        Integer.toString(ordinal(pod)));
  }

  static String revision(Pod pod) {
    return Kube.labels(pod).getOrDefault(Revisions.HASH_LABEL, "");
  }

  /** isCreated: the apiserver gave it a phase (a pod this sync plans has none). */
  static boolean created(Pod pod) {
    return !Kube.phase(pod).isEmpty();
  }

  static boolean runningAndReady(Pod pod) {
    return "Running".equals(Kube.phase(pod)) && Kube.isPodReady(pod);
  }

  static boolean available(Pod pod, int minReadySeconds, Instant now) {
    return Kube.isPodAvailable(pod, minReadySeconds, now);
  }

  /** isUnavailable: not running and ready, terminating, or not ready for minReadySeconds. */
  static boolean unavailable(Pod pod, int minReadySeconds, Instant now) {
    return !(runningAndReady(pod) && !Kube.deleting(pod)) || !available(pod, minReadySeconds, now);
  }
}

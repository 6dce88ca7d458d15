package io.kubesim.controllermanager;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.kubesim.core.json.Json;
import io.kubesim.core.selector.LabelSelector;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** Small, pure helpers over fabric8 objects shared by the planners. */
public final class Kube {
  private Kube() {}

  /** A deep copy (through the JSON tree), so that a planner never mutates what it was given. */
  public static <T> T copy(T object, Class<T> type) {
    return object == null ? null : Json.MAPPER.treeToValue(Json.MAPPER.valueToTree(object), type);
  }

  public static JsonNode tree(Object object) {
    return Json.MAPPER.valueToTree(object);
  }

  public static int orZero(Integer value) {
    return value == null ? 0 : value;
  }

  public static long orZero(Long value) {
    return value == null ? 0 : value;
  }

  /** An RFC 3339 timestamp as the API serialises metav1.Time; null or blank is "zero". */
  public static Instant time(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    return OffsetDateTime.parse(text).toInstant();
  }

  /** metav1.Time has second precision on the wire. */
  public static String format(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  public static Map<String, String> labels(HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    return labels == null ? Map.of() : labels;
  }

  public static Map<String, String> annotations(HasMetadata object) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    return annotations == null ? Map.of() : annotations;
  }

  /** The owner reference with {@code controller: true}, if any (metav1.GetControllerOf). */
  public static Optional<OwnerReference> controllerOf(HasMetadata object) {
    if (object.getMetadata().getOwnerReferences() == null) {
      return Optional.empty();
    }
    return object.getMetadata().getOwnerReferences().stream()
        .filter(ref -> Boolean.TRUE.equals(ref.getController()))
        .findFirst();
  }

  /** metav1.NewControllerRef: controller=true, blockOwnerDeletion=true. */
  public static OwnerReference controllerRef(HasMetadata owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  /** A metav1.LabelSelector as a matcher; a null selector selects nothing (as the Go helper). */
  public static LabelSelector selector(io.fabric8.kubernetes.api.model.LabelSelector selector) {
    if (selector == null) {
      return null;
    }
    return LabelSelector.fromObject(tree(selector));
  }

  public static boolean matches(LabelSelector selector, HasMetadata object) {
    return selector != null && selector.matches(labels(object));
  }

  public static boolean deleting(HasMetadata object) {
    String ts = object.getMetadata().getDeletionTimestamp();
    return ts != null && !ts.isBlank();
  }

  public static String phase(Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getPhase() == null
        ? ""
        : pod.getStatus().getPhase();
  }

  /** controller.IsPodActive: not Succeeded, not Failed, not being deleted. */
  public static boolean isPodActive(Pod pod) {
    String phase = phase(pod);
    return !"Succeeded".equals(phase) && !"Failed".equals(phase) && !deleting(pod);
  }

  public static Optional<PodCondition> readyCondition(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .findFirst();
  }

  public static boolean isPodReady(Pod pod) {
    return readyCondition(pod).map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  /** When the pod last became ready (the Ready condition's lastTransitionTime), or null. */
  public static Instant readySince(Pod pod) {
    return readyCondition(pod).map(c -> time(c.getLastTransitionTime())).orElse(null);
  }

  /**
   * podutil.IsPodAvailable: ready, and ready for longer than minReadySeconds. With
   * minReadySeconds=10, a pod ready since 12:00:00 is available from 12:00:10 (strictly after).
   */
  public static boolean isPodAvailable(Pod pod, int minReadySeconds, Instant now) {
    if (!isPodReady(pod)) {
      return false;
    }
    if (minReadySeconds == 0) {
      return true;
    }
    Instant since = readySince(pod);
    return since != null && since.plusSeconds(minReadySeconds).isBefore(now);
  }
}

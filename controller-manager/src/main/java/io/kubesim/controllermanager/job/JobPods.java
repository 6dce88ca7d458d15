package io.kubesim.controllermanager.job;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.kubesim.controllermanager.Kube;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the job controller reads from and writes into its pods. */
final class JobPods {
  private JobPods() {}

  /** Keeps a finished pod until the controller has counted it (finalizer-based tracking). */
  static final String TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";

  /** Annotation and (PodIndexLabel, on in 1.32) label with an Indexed Job pod's index. */
  static final String COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";

  static final String COMPLETION_INDEX_ENV = "JOB_COMPLETION_INDEX";
  static final String INDEX_FAILURE_COUNT = "batch.kubernetes.io/job-index-failure-count";
  static final String INDEX_IGNORED_FAILURE_COUNT =
      "batch.kubernetes.io/job-index-ignored-failure-count";
  static final int UNKNOWN_INDEX = -1;

  /** names.MaxGeneratedNameLength: 63 minus the 5 random characters. */
  private static final int MAX_GENERATED_NAME = 58;

  static boolean isIndexed(Job job) {
    return "Indexed".equals(job.getSpec().getCompletionMode());
  }

  static boolean hasBackoffLimitPerIndex(Job job) {
    return job.getSpec().getBackoffLimitPerIndex() != null;
  }

  static boolean suspended(Job job) {
    return Boolean.TRUE.equals(job.getSpec().getSuspend());
  }

  static int completions(Job job) {
    return Kube.orZero(job.getSpec().getCompletions());
  }

  static boolean hasTrackingFinalizer(Pod pod) {
    List<String> finalizers = pod.getMetadata().getFinalizers();
    return finalizers != null && finalizers.contains(TRACKING_FINALIZER);
  }

  static String uid(Pod pod) {
    return pod.getMetadata().getUid();
  }

  /** The pod's completion index, or {@link #UNKNOWN_INDEX} when missing or not a number. */
  static int completionIndex(Pod pod) {
    return nonNegative(Kube.annotations(pod).get(COMPLETION_INDEX), UNKNOWN_INDEX);
  }

  /** A valid index of an Indexed Job: known and below completions. */
  static boolean validIndex(Job job, Pod pod) {
    int ix = completionIndex(pod);
    return ix != UNKNOWN_INDEX && ix < completions(job);
  }

  static int indexFailureCount(Pod pod) {
    return nonNegative(Kube.annotations(pod).get(INDEX_FAILURE_COUNT), 0);
  }

  static int indexIgnoredFailureCount(Pod pod) {
    return nonNegative(Kube.annotations(pod).get(INDEX_IGNORED_FAILURE_COUNT), 0);
  }

  private static int nonNegative(String text, int otherwise) {
    if (text == null) {
      return otherwise;
    }
    try {
      int value = Integer.parseInt(text);
      return value < 0 ? otherwise : value;
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }

  /** podReplacementPolicy Failed (always with a podFailurePolicy): replace only Failed pods. */
  static boolean onlyReplaceFailedPods(Job job) {
    return "Failed".equals(job.getSpec().getPodReplacementPolicy())
        || job.getSpec().getPodFailurePolicy() != null;
  }

  /**
   * isPodFailed: phase Failed; or, unless only failed pods are replaced, deleted before it
   * succeeded (an orphan the kubelet never finished counts as a failure).
   */
  static boolean isFailed(Pod pod, Job job) {
    String phase = Kube.phase(pod);
    if (phase.equals("Failed")) {
      return true;
    }
    if (onlyReplaceFailedPods(job)) {
      return false;
    }
    return Kube.deleting(pod) && !phase.equals("Succeeded");
  }

  /** controller.IsPodTerminating: deleted but not in a terminal phase yet. */
  static boolean isTerminating(Pod pod) {
    String phase = Kube.phase(pod);
    return Kube.deleting(pod) && !phase.equals("Succeeded") && !phase.equals("Failed");
  }

  /**
   * getFinishedTime: the last container's finish, else when Ready turned False, else the deletion
   * time minus its grace period, else the creation time.
   */
  static Instant finishedTime(Pod pod) {
    Instant containers = containersFinished(pod);
    if (containers != null) {
      return containers;
    }
    if (pod.getStatus() != null && pod.getStatus().getConditions() != null) {
      for (PodCondition c : pod.getStatus().getConditions()) {
        if ("Ready".equals(c.getType()) && "False".equals(c.getStatus())) {
          Instant at = Kube.time(c.getLastTransitionTime());
          if (at != null) {
            return at;
          }
        }
      }
    }
    Instant deleted = Kube.time(pod.getMetadata().getDeletionTimestamp());
    if (deleted != null) {
      return deleted.minusSeconds(Kube.orZero(pod.getMetadata().getDeletionGracePeriodSeconds()));
    }
    Instant created = Kube.time(pod.getMetadata().getCreationTimestamp());
    return created == null ? Instant.EPOCH : created;
  }

  private static Instant containersFinished(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return null;
    }
    Instant latest = null;
    for (ContainerStatus s : pod.getStatus().getContainerStatuses()) {
      if (s.getState() == null || s.getState().getTerminated() == null) {
        return null;
      }
      Instant at = Kube.time(s.getState().getTerminated().getFinishedAt());
      if (at == null) {
        return null;
      }
      latest = latest == null || at.isAfter(latest) ? at : latest;
    }
    return latest;
  }

  /**
   * controller.ActivePods, the order pods are removed in: unscheduled before scheduled, Pending
   * before Unknown before Running, not ready before ready, ready more recently first, more restarts
   * first, newer first.
   */
  static final Comparator<Pod> REMOVAL_ORDER =
      (a, b) -> {
        boolean aNode = nodeName(a).isEmpty();
        boolean bNode = nodeName(b).isEmpty();
        if (aNode != bNode) {
          return aNode ? -1 : 1;
        }
        int phase = Integer.compare(phaseRank(a), phaseRank(b));
        if (phase != 0) {
          return phase;
        }
        boolean aReady = Kube.isPodReady(a);
        boolean bReady = Kube.isPodReady(b);
        if (aReady != bReady) {
          return aReady ? 1 : -1;
        }
        if (aReady) {
          Instant ra = Kube.readySince(a);
          Instant rb = Kube.readySince(b);
          if (ra != null && rb != null && !ra.equals(rb)) {
            return rb.compareTo(ra);
          }
        }
        int restarts = Integer.compare(restarts(b), restarts(a));
        if (restarts != 0) {
          return restarts;
        }
        Instant ca = Kube.time(a.getMetadata().getCreationTimestamp());
        Instant cb = Kube.time(b.getMetadata().getCreationTimestamp());
        if (ca != null && cb != null && !ca.equals(cb)) {
          return cb.compareTo(ca);
        }
        return 0;
      };

  private static String nodeName(Pod pod) {
    String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
    return node == null ? "" : node;
  }

  private static int phaseRank(Pod pod) {
    return switch (Kube.phase(pod)) {
      case "Pending" -> 0;
      case "Unknown" -> 1;
      case "Running" -> 2;
      default -> 3;
    };
  }

  private static int restarts(Pod pod) {
    int max = 0;
    if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
      for (ContainerStatus s : pod.getStatus().getContainerStatuses()) {
        max = Math.max(max, Kube.orZero(s.getRestartCount()));
      }
    }
    return max;
  }

  /**
   * The pod template with the tracking finalizer and, for an Indexed Job, the JOB_COMPLETION_INDEX
   * variable (from the index label) in every container.
   */
  static PodTemplateSpec template(Job job) {
    PodTemplateSpec template = Kube.copy(job.getSpec().getTemplate(), PodTemplateSpec.class);
    if (template.getMetadata() == null) {
      template.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
    }
    List<String> finalizers =
        template.getMetadata().getFinalizers() == null
            ? new ArrayList<>()
            : new ArrayList<>(template.getMetadata().getFinalizers());
    if (!finalizers.contains(TRACKING_FINALIZER)) {
      finalizers.add(TRACKING_FINALIZER);
    }
    template.getMetadata().setFinalizers(finalizers);
    if (isIndexed(job)) {
      if (template.getSpec().getInitContainers() != null) {
        template.getSpec().getInitContainers().forEach(JobPods::addIndexEnv);
      }
      template.getSpec().getContainers().forEach(JobPods::addIndexEnv);
    }
    return template;
  }

  private static void addIndexEnv(Container c) {
    List<EnvVar> env = c.getEnv() == null ? new ArrayList<>() : new ArrayList<>(c.getEnv());
    if (env.stream().anyMatch(v -> COMPLETION_INDEX_ENV.equals(v.getName()))) {
      return;
    }
    env.add(
        new EnvVarBuilder()
            .withName(COMPLETION_INDEX_ENV)
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.labels['" + COMPLETION_INDEX + "']")
            .endFieldRef()
            .endValueFrom()
            .build());
    c.setEnv(env);
  }

  /**
   * A new pod from the (prepared) template: generateName {@code <job>-} or, for index 3, {@code
   * <job>-3-} with the index annotation, label and hostname; {@code failures} and {@code ignored}
   * are the per-index counts carried to the replacement (backoffLimitPerIndex), or null.
   */
  static Pod newPod(Job job, PodTemplateSpec template, int index, int[] failures) {
    String name = job.getMetadata().getName();
    Map<String, String> labels = copy(template.getMetadata().getLabels());
    Map<String, String> annotations = copy(template.getMetadata().getAnnotations());
    String generateName = name + "-";
    var spec = Kube.copy(template.getSpec(), io.fabric8.kubernetes.api.model.PodSpec.class);
    if (index != UNKNOWN_INDEX) {
      annotations.put(COMPLETION_INDEX, Integer.toString(index));
      labels.put(COMPLETION_INDEX, Integer.toString(index));
      spec.setHostname(name + "-" + index);
      generateName = generateNameWithIndex(name, index);
      if (failures != null) {
        annotations.put(INDEX_FAILURE_COUNT, Integer.toString(failures[0]));
        if (failures[1] > 0) {
          annotations.put(INDEX_IGNORED_FAILURE_COUNT, Integer.toString(failures[1]));
        }
      }
    }
    return new PodBuilder()
        .withNewMetadata()
        .withGenerateName(generateName)
        .withNamespace(job.getMetadata().getNamespace())
        .withLabels(labels.isEmpty() ? null : labels)
        .withAnnotations(annotations.isEmpty() ? null : annotations)
        .withFinalizers(template.getMetadata().getFinalizers())
        .withOwnerReferences(Kube.controllerRef(job))
        .endMetadata()
        .withSpec(spec)
        .build();
  }

  /** podGenerateNameWithIndex: {@code <job>-<index>-}, the job name cut to fit 58 characters. */
  static String generateNameWithIndex(String jobName, int index) {
    String suffix = "-" + index + "-";
    String prefix = jobName + suffix;
    if (prefix.length() > MAX_GENERATED_NAME) {
      prefix = prefix.substring(0, MAX_GENERATED_NAME - suffix.length()) + suffix;
    }
    return prefix;
  }

  private static Map<String, String> copy(Map<String, String> map) {
    return map == null ? new LinkedHashMap<>() : new LinkedHashMap<>(map);
  }
}

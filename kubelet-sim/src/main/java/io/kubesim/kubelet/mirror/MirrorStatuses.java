package io.kubesim.kubelet.mirror;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.kubesim.kubelet.runtime.Images;
import io.kubesim.kubelet.status.PodStatuses;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The status of a mirror pod, whose one container is a kubesim process: running while the process
 * is a member of the cluster, terminated with 137 (SIGKILL), reason Error, once it is gone, as
 * containerd reports a container killed from outside; a new process is a restart of the container.
 * Pure: the previous status, the member (null when none plays the pod) and the time.
 */
final class MirrorStatuses {
  /** 128 + SIGKILL: what a killed container exits with. */
  static final int KILLED = 137;

  private MirrorStatuses() {}

  /** The status and whether a new container started (for the kubelet's events). */
  record Result(PodStatus status, boolean started) {}

  /** The container id of a member's process in this pod: stable per process, node and component. */
  static String containerId(String memberId, String component, String node) {
    return "containerd://" + Images.sha256(memberId + "/" + component + "/" + node);
  }

  /** The id of the container a status reports (running or last terminated), or null. */
  static String containerId(PodStatus status) {
    ContainerStatus c = container(status);
    return c == null || c.getContainerID() == null || c.getContainerID().isEmpty()
        ? null
        : c.getContainerID();
  }

  /**
   * @param pod the static pod (its container's name and image, its resources)
   * @param previous the status reported so far, null for a new pod
   * @param containerId the container of the member playing the pod, null when none does
   */
  static Result status(
      Pod pod, PodStatus previous, String containerId, MirrorNode node, Instant now) {
    ContainerStatus before = container(previous);
    String beforeId = containerId(previous);
    String name = pod.getSpec().getContainers().get(0).getName();
    String image = pod.getSpec().getContainers().get(0).getImage();
    ContainerStatus after;
    boolean started = false;
    if (containerId == null) {
      after = stopped(before, now);
    } else if (containerId.equals(beforeId)
        && before.getState() != null
        && before.getState().getRunning() != null) {
      after = new ContainerStatusBuilder(before).withReady(true).withStarted(true).build();
    } else {
      started = true;
      after =
          new ContainerStatusBuilder()
              .withName(name)
              .withImage(image)
              .withImageID("sha256:" + Images.sha256(image))
              .withContainerID(containerId)
              .withState(running(now))
              .withLastState(beforeId == null ? new ContainerState() : terminated(before, now))
              .withReady(true)
              .withStarted(true)
              .withRestartCount(before == null ? 0 : restarts(before) + (beforeId == null ? 0 : 1))
              .build();
    }
    if (after == null) {
      return new Result(previous, false);
    }
    PodStatus status =
        new PodStatusBuilder()
            .withPhase("Running")
            .withConditions(conditions(after, previous, now))
            .withHostIP(node.ip())
            .withHostIPs(new HostIP(node.ip()))
            .withPodIP(node.ip())
            .withPodIPs(new PodIP(node.ip()))
            .withStartTime(
                previous != null && previous.getStartTime() != null
                    ? previous.getStartTime()
                    : PodStatuses.time(now))
            .withContainerStatuses(after)
            .withQosClass(qosClass(pod))
            .build();
    return new Result(status, started);
  }

  /** The container of a pod whose process is gone; null when it never ran. */
  private static ContainerStatus stopped(ContainerStatus before, Instant now) {
    if (before == null || before.getContainerID() == null || before.getContainerID().isEmpty()) {
      return null;
    }
    ContainerStatusBuilder b =
        new ContainerStatusBuilder(before).withReady(false).withStarted(false);
    if (before.getState() != null && before.getState().getRunning() != null) {
      b.withState(terminated(before, now));
    }
    return b.build();
  }

  private static ContainerState running(Instant now) {
    return new ContainerStateBuilder()
        .withNewRunning()
        .withStartedAt(PodStatuses.time(now))
        .endRunning()
        .build();
  }

  /** The state a container ends in when its process dies: its running state turned terminated. */
  private static ContainerState terminated(ContainerStatus before, Instant now) {
    ContainerState state = before.getState();
    if (state != null && state.getTerminated() != null) {
      return state;
    }
    String startedAt =
        state == null || state.getRunning() == null ? null : state.getRunning().getStartedAt();
    return new ContainerStateBuilder()
        .withNewTerminated()
        .withExitCode(KILLED)
        .withReason("Error")
        .withStartedAt(startedAt)
        .withFinishedAt(PodStatuses.time(now))
        .withContainerID(before.getContainerID())
        .endTerminated()
        .build();
  }

  private static int restarts(ContainerStatus c) {
    return c.getRestartCount() == null ? 0 : c.getRestartCount();
  }

  private static ContainerStatus container(PodStatus status) {
    return status == null
            || status.getContainerStatuses() == null
            || status.getContainerStatuses().isEmpty()
        ? null
        : status.getContainerStatuses().get(0);
  }

  /**
   * The kubelet's: ready to start containers, initialized and scheduled; ready as the container.
   */
  private static List<PodCondition> conditions(
      ContainerStatus container, PodStatus previous, Instant now) {
    boolean ready = Boolean.TRUE.equals(container.getReady());
    String reason = ready ? null : "ContainersNotReady";
    String message = ready ? null : "containers with unready status: [" + container.getName() + "]";
    List<PodCondition> out = new ArrayList<>();
    out.add(condition("PodReadyToStartContainers", true, null, null));
    out.add(condition("Initialized", true, null, null));
    out.add(condition("Ready", ready, reason, message));
    out.add(condition("ContainersReady", ready, reason, message));
    out.add(condition("PodScheduled", true, null, null));
    for (PodCondition c : out) {
      PodCondition was =
          previous == null || previous.getConditions() == null
              ? null
              : previous.getConditions().stream()
                  .filter(p -> c.getType().equals(p.getType()))
                  .findFirst()
                  .orElse(null);
      c.setLastTransitionTime(
          was != null
                  && Objects.equals(was.getStatus(), c.getStatus())
                  && was.getLastTransitionTime() != null
              ? was.getLastTransitionTime()
              : PodStatuses.time(now));
    }
    return out;
  }

  private static PodCondition condition(
      String type, boolean status, String reason, String message) {
    return new PodConditionBuilder()
        .withType(type)
        .withStatus(status ? "True" : "False")
        .withReason(reason)
        .withMessage(message)
        .build();
  }

  /** Burstable with requests (the control plane's cpu), BestEffort without (kube-proxy). */
  private static String qosClass(Pod pod) {
    return pod.getSpec().getContainers().stream()
            .anyMatch(
                c ->
                    c.getResources() != null
                        && ((c.getResources().getRequests() != null
                                && !c.getResources().getRequests().isEmpty())
                            || (c.getResources().getLimits() != null
                                && !c.getResources().getLimits().isEmpty())))
        ? "Burstable"
        : "BestEffort";
  }
}

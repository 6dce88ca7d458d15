package io.kubesim.apiserver.table;

import static io.kubesim.apiserver.table.Printing.NONE;
import static io.kubesim.apiserver.table.Printing.age;
import static io.kubesim.apiserver.table.Printing.bool;
import static io.kubesim.apiserver.table.Printing.humanDuration;
import static io.kubesim.apiserver.table.Printing.instant;
import static io.kubesim.apiserver.table.Printing.name;
import static io.kubesim.apiserver.table.Printing.num;
import static io.kubesim.apiserver.table.Printing.orNone;
import static io.kubesim.apiserver.table.Printing.str;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The pods printer: READY, the aggregate STATUS reason, RESTARTS and the wide columns. */
final class PodPrinter implements TablePrinter {
  private static final List<Column> COLUMNS =
      List.of(
          Columns.NAME,
          Columns.string(
              "Ready", "The aggregate readiness state of this pod for accepting traffic."),
          Columns.string("Status", "The aggregate status of the containers in this pod."),
          Columns.string(
              "Restarts",
              "The number of times the containers in this pod have been restarted and when the last"
                  + " container in this pod has restarted."),
          Columns.AGE,
          Columns.wide(
              "IP",
              "podIP address allocated to the pod. Routable at least within the cluster. Empty if"
                  + " not yet allocated."),
          Columns.wide(
              "Node",
              "NodeName indicates in which node this pod is scheduled. If empty, this pod is a"
                  + " candidate for scheduling by the scheduler defined in schedulerName. Once this"
                  + " field is set, the kubelet for this node becomes responsible for the lifecycle"
                  + " of this pod. This field should not be used to express a desire for the pod to"
                  + " be scheduled on a specific node."
                  + " https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename"),
          Columns.wide(
              "Nominated Node",
              "nominatedNodeName is set only when this pod preempts other pods on the node, but it"
                  + " cannot be scheduled right away as preemption victims receive their graceful"
                  + " termination periods. This field does not guarantee that the pod will be"
                  + " scheduled on this node. Scheduler may decide to place the pod elsewhere if"
                  + " other nodes become available sooner. Scheduler may also decide to give the"
                  + " resources on this node to a higher priority pod that is created after"
                  + " preemption. As a result, this field may be different than PodSpec.nodeName"
                  + " when the pod is scheduled."),
          Columns.wide(
              "Readiness Gates",
              "If specified, all readiness gates will be evaluated for pod readiness. A pod is"
                  + " ready when all its containers are ready AND all conditions specified in the"
                  + " readiness gates have status equal to \"True\" More info:"
                  + " https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates"));

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(JsonNode pod, Instant now) {
    JsonNode spec = pod.path("spec");
    JsonNode status = pod.path("status");
    long restarts = 0;
    long sidecarRestarts = 0;
    int totalContainers = spec.path("containers").size();
    int readyContainers = 0;
    Instant lastRestart = null;
    Instant lastSidecarRestart = null;

    String phase = str(status.path("phase"));
    String reason = phase;
    if (!str(status.path("reason")).isEmpty()) {
      reason = str(status.path("reason"));
    }
    for (JsonNode condition : status.path("conditions")) {
      if ("PodScheduled".equals(str(condition.path("type")))
          && "SchedulingGated".equals(str(condition.path("reason")))) {
        reason = "SchedulingGated";
      }
    }

    Map<String, Boolean> sidecars = new HashMap<>();
    for (JsonNode init : spec.path("initContainers")) {
      boolean sidecar = "Always".equals(str(init.path("restartPolicy")));
      sidecars.put(str(init.path("name")), sidecar);
      if (sidecar) {
        totalContainers++;
      }
    }

    boolean initializing = false;
    JsonNode initStatuses = status.path("initContainerStatuses");
    int initCount = spec.path("initContainers").size();
    for (int i = 0; i < initStatuses.size(); i++) {
      JsonNode container = initStatuses.get(i);
      restarts += num(container.path("restartCount"));
      Instant finished = lastTerminationFinished(container);
      lastRestart = later(lastRestart, finished);
      boolean sidecar = sidecars.getOrDefault(str(container.path("name")), false);
      if (sidecar) {
        sidecarRestarts += num(container.path("restartCount"));
        lastSidecarRestart = later(lastSidecarRestart, finished);
      }
      JsonNode terminated = container.path("state").path("terminated");
      JsonNode waiting = container.path("state").path("waiting");
      if (terminated.isObject() && num(terminated.path("exitCode")) == 0) {
        continue;
      } else if (sidecar && bool(container.path("started"))) {
        if (bool(container.path("ready"))) {
          readyContainers++;
        }
        continue;
      } else if (terminated.isObject()) {
        String terminatedReason = str(terminated.path("reason"));
        if (terminatedReason.isEmpty()) {
          reason =
              num(terminated.path("signal")) != 0
                  ? "Init:Signal:" + num(terminated.path("signal"))
                  : "Init:ExitCode:" + num(terminated.path("exitCode"));
        } else {
          reason = "Init:" + terminatedReason;
        }
      } else if (waiting.isObject()
          && !str(waiting.path("reason")).isEmpty()
          && !"PodInitializing".equals(str(waiting.path("reason")))) {
        reason = "Init:" + str(waiting.path("reason"));
      } else {
        reason = "Init:" + i + "/" + initCount;
      }
      initializing = true;
      break;
    }

    if (!initializing || conditionTrue(status, "Initialized")) {
      restarts = sidecarRestarts;
      lastRestart = lastSidecarRestart;
      boolean hasRunning = false;
      JsonNode statuses = status.path("containerStatuses");
      for (int i = statuses.size() - 1; i >= 0; i--) {
        JsonNode container = statuses.get(i);
        restarts += num(container.path("restartCount"));
        lastRestart = later(lastRestart, lastTerminationFinished(container));
        JsonNode state = container.path("state");
        JsonNode waiting = state.path("waiting");
        JsonNode terminated = state.path("terminated");
        if (waiting.isObject() && !str(waiting.path("reason")).isEmpty()) {
          reason = str(waiting.path("reason"));
        } else if (terminated.isObject() && !str(terminated.path("reason")).isEmpty()) {
          reason = str(terminated.path("reason"));
        } else if (terminated.isObject()) {
          reason =
              num(terminated.path("signal")) != 0
                  ? "Signal:" + num(terminated.path("signal"))
                  : "ExitCode:" + num(terminated.path("exitCode"));
        } else if (bool(container.path("ready")) && state.path("running").isObject()) {
          hasRunning = true;
          readyContainers++;
        }
      }
      if ("Completed".equals(reason) && hasRunning) {
        reason = conditionTrue(status, "Ready") ? "Running" : "NotReady";
      }
    }

    boolean deleting = !str(pod.path("metadata").path("deletionTimestamp")).isEmpty();
    if (deleting && "NodeLost".equals(str(status.path("reason")))) {
      reason = "Unknown";
    } else if (deleting && !"Succeeded".equals(phase) && !"Failed".equals(phase)) {
      reason = "Terminating";
    }

    String restartsCell = Long.toString(restarts);
    if (restarts != 0 && lastRestart != null) {
      restartsCell = restarts + " (" + humanDuration(Duration.between(lastRestart, now)) + " ago)";
    }

    String podIp = "";
    JsonNode podIps = status.path("podIPs");
    if (podIps.size() > 0) {
      podIp = str(podIps.get(0).path("ip"));
    } else {
      podIp = str(status.path("podIP"));
    }

    String readinessGates = NONE;
    JsonNode gates = spec.path("readinessGates");
    if (gates.size() > 0) {
      int trueConditions = 0;
      for (JsonNode gate : gates) {
        String type = str(gate.path("conditionType"));
        for (JsonNode condition : status.path("conditions")) {
          if (type.equals(str(condition.path("type")))) {
            if ("True".equals(str(condition.path("status")))) {
              trueConditions++;
            }
            break;
          }
        }
      }
      readinessGates = trueConditions + "/" + gates.size();
    }

    return List.of(
        name(pod),
        readyContainers + "/" + totalContainers,
        reason,
        restartsCell,
        age(pod, now),
        orNone(podIp),
        orNone(str(spec.path("nodeName"))),
        orNone(str(status.path("nominatedNodeName"))),
        readinessGates);
  }

  private static Instant lastTerminationFinished(JsonNode containerStatus) {
    JsonNode terminated = containerStatus.path("lastState").path("terminated");
    return terminated.isObject() ? instant(terminated.path("finishedAt")) : null;
  }

  private static Instant later(Instant current, Instant candidate) {
    if (candidate == null) {
      return current;
    }
    return current == null || current.isBefore(candidate) ? candidate : current;
  }

  /** Whether the first condition of the type has status True. */
  private static boolean conditionTrue(JsonNode status, String type) {
    for (JsonNode condition : status.path("conditions")) {
      if (type.equals(str(condition.path("type")))) {
        return "True".equals(str(condition.path("status")));
      }
    }
    return false;
  }
}

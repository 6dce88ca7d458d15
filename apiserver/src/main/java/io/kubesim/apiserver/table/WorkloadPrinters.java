package io.kubesim.apiserver.table;

import static io.kubesim.apiserver.table.Printing.NONE;
import static io.kubesim.apiserver.table.Printing.UNSET;
import static io.kubesim.apiserver.table.Printing.age;
import static io.kubesim.apiserver.table.Printing.containerImages;
import static io.kubesim.apiserver.table.Printing.containerNames;
import static io.kubesim.apiserver.table.Printing.formatLabelSelector;
import static io.kubesim.apiserver.table.Printing.formatLabels;
import static io.kubesim.apiserver.table.Printing.humanDuration;
import static io.kubesim.apiserver.table.Printing.instant;
import static io.kubesim.apiserver.table.Printing.name;
import static io.kubesim.apiserver.table.Printing.num;
import static io.kubesim.apiserver.table.Printing.since;
import static io.kubesim.apiserver.table.Printing.str;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/** Printers of the workload kinds: core/v1 ReplicationController, apps/v1 and batch/v1. */
final class WorkloadPrinters {
  private WorkloadPrinters() {}

  private static final String SELECTOR_DOC =
      "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the"
          + " ones affected by this deployment. It must match the pod template's labels.";

  static final TablePrinter DEPLOYMENTS =
      new SimplePrinter(
          List.of(
              Columns.NAME,
              Columns.string("Ready", "Number of the pod with ready state"),
              Columns.string(
                  "Up-to-date",
                  "Total number of non-terminating pods targeted by this deployment that have the"
                      + " desired template spec."),
              Columns.string(
                  "Available",
                  "Total number of available non-terminating pods (ready for at least"
                      + " minReadySeconds) targeted by this deployment."),
              Columns.AGE,
              Columns.containers(),
              Columns.images(),
              Columns.selector(SELECTOR_DOC)),
          (o, now) -> {
            JsonNode status = o.path("status");
            String selector = Printing.selectorString(o.path("spec").path("selector"));
            return List.of(
                name(o),
                num(status.path("readyReplicas")) + "/" + num(o.path("spec").path("replicas")),
                num(status.path("updatedReplicas")),
                num(status.path("availableReplicas")),
                age(o, now),
                containerNames(template(o)),
                containerImages(template(o)),
                selector == null ? "<invalid>" : selector);
          });

  static final TablePrinter REPLICA_SETS =
      new SimplePrinter(
          List.of(
              Columns.NAME,
              Columns.integer(
                  "Desired",
                  "Replicas is the number of desired pods. This is a pointer to distinguish between"
                      + " explicit zero and unspecified. Defaults to 1. More info:"
                      + " https://kubernetes.io/docs/concepts/workloads/controllers/replicaset"),
              Columns.integer(
                  "Current",
                  "Replicas is the most recently observed number of non-terminating pods. More"
                      + " info:"
                      + " https://kubernetes.io/docs/concepts/workloads/controllers/replicaset"),
              Columns.integer(
                  "Ready",
                  "The number of non-terminating pods targeted by this ReplicaSet with a Ready"
                      + " Condition."),
              Columns.AGE,
              Columns.containers(),
              Columns.images(),
              Columns.selector(
                  "Selector is a label query over pods that should match the replica count. Label"
                      + " keys and values that must match in order to be controlled by this replica"
                      + " set. It must match the pod template's labels. More info:"
                      + " https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors")),
          (o, now) ->
              List.of(
                  name(o),
                  num(o.path("spec").path("replicas")),
                  num(o.path("status").path("replicas")),
                  num(o.path("status").path("readyReplicas")),
                  age(o, now),
                  containerNames(template(o)),
                  containerImages(template(o)),
                  formatLabelSelector(o.path("spec").path("selector"))));

  /** printReplicationController: the spec's label map is printed as labels.FormatLabels does. */
  static final TablePrinter REPLICATION_CONTROLLERS =
      new SimplePrinter(
          List.of(
              Columns.NAME,
              Columns.integer(
                  "Desired",
                  "Replicas is the number of desired replicas. This is a pointer to distinguish"
                      + " between explicit zero and unspecified. Defaults to 1. More info:"
                      + " https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller"),
              Columns.integer(
                  "Current",
                  "Replicas is the most recently observed number of replicas. More info:"
                      + " https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller"),
              Columns.integer(
                  "Ready", "The number of ready replicas for this replication controller."),
              Columns.AGE,
              Columns.containers(),
              Columns.images(),
              Columns.selector(
                  "Selector is a label query over pods that should match the Replicas count. If"
                      + " Selector is empty, it is defaulted to the labels present on the Pod"
                      + " template. Label keys and values that must match in order to be controlled"
                      + " by this replication controller, if empty defaulted to labels on Pod"
                      + " template. More info:"
                      + " https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors")),
          (o, now) ->
              List.of(
                  name(o),
                  num(o.path("spec").path("replicas")),
                  num(o.path("status").path("replicas")),
                  num(o.path("status").path("readyReplicas")),
                  age(o, now),
                  containerNames(template(o)),
                  containerImages(template(o)),
                  formatLabels(o.path("spec").path("selector"))));

  static final TablePrinter STATEFUL_SETS =
      new SimplePrinter(
          List.of(
              Columns.NAME,
              Columns.string("Ready", "Number of the pod with ready state"),
              Columns.AGE,
              Columns.containers(),
              Columns.images()),
          (o, now) ->
              List.of(
                  name(o),
                  num(o.path("status").path("readyReplicas"))
                      + "/"
                      + num(o.path("spec").path("replicas")),
                  age(o, now),
                  containerNames(template(o)),
                  containerImages(template(o))));

  static final TablePrinter DAEMON_SETS =
      new SimplePrinter(
          List.of(
              Columns.NAME,
              Columns.integer(
                  "Desired",
                  "The total number of nodes that should be running the daemon pod (including"
                      + " nodes correctly running the daemon pod). More info:"
                      + " https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/"),
              Columns.integer(
                  "Current",
                  "The number of nodes that are running at least 1 daemon pod and are supposed to"
                      + " run the daemon pod. More info:"
                      + " https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/"),
              Columns.integer(
                  "Ready",
                  "The number of nodes that should be running the daemon pod and have one or more"
                      + " of the daemon pod running with a Ready Condition."),
              Columns.integer(
                  "Up-to-date", "The total number of nodes that are running updated daemon pod"),
              Columns.integer(
                  "Available",
                  "The number of nodes that should be running the daemon pod and have one or more"
                      + " of the daemon pod running and available (ready for at least"
                      + " spec.minReadySeconds)"),
              Columns.string(
                  "Node Selector",
                  "NodeSelector is a selector which must be true for the pod to fit on a node."
                      + " Selector which must match a node's labels for the pod to be scheduled on"
                      + " that node. More info:"
                      + " https://kubernetes.io/docs/concepts/configuration/assign-pod-node/"),
              Columns.AGE,
              Columns.containers(),
              Columns.images(),
              Columns.selector(
                  "A label query over pods that are managed by the daemon set. Must match in order"
                      + " to be controlled. It must match the pod template's labels. More info:"
                      + " https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors")),
          (o, now) -> {
            JsonNode status = o.path("status");
            return List.of(
                name(o),
                num(status.path("desiredNumberScheduled")),
                num(status.path("currentNumberScheduled")),
                num(status.path("numberReady")),
                num(status.path("updatedNumberScheduled")),
                num(status.path("numberAvailable")),
                formatLabels(template(o).path("nodeSelector")),
                age(o, now),
                containerNames(template(o)),
                containerImages(template(o)),
                formatLabelSelector(o.path("spec").path("selector")));
          });

  static final TablePrinter CONTROLLER_REVISIONS =
      new SimplePrinter(
          List.of(
              Columns.NAME,
              Columns.string("Controller", "Controller of the object"),
              Columns.string(
                  "Revision", "Revision indicates the revision of the state represented by Data."),
              Columns.AGE),
          (o, now) -> {
            String controller = NONE;
            for (JsonNode owner : o.path("metadata").path("ownerReferences")) {
              if (Printing.bool(owner.path("controller"))) {
                String apiVersion = str(owner.path("apiVersion"));
                int slash = apiVersion.indexOf('/');
                String group = slash < 0 ? "" : apiVersion.substring(0, slash);
                String kind = str(owner.path("kind"));
                String groupKind = group.isEmpty() ? kind : kind + "." + group;
                controller =
                    groupKind.isEmpty()
                        ? str(owner.path("name"))
                        : groupKind.toLowerCase(Locale.ROOT) + "/" + str(owner.path("name"));
                break;
              }
            }
            return List.of(name(o), controller, num(o.path("revision")), age(o, now));
          });

  // ---------------------------------------------------------------- batch

  private static final String JOB_SELECTOR_DOC =
      "A label query over pods that should match the pod count. Normally, the system sets this"
          + " field for you. More info:"
          + " https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors";

  static final TablePrinter JOBS =
      new SimplePrinter(
          List.of(
              Columns.NAME,
              Columns.string("Status", "Status of the job."),
              Columns.string("Completions", "The number of pods which reached phase Succeeded."),
              Columns.string("Duration", "Time required to complete the job."),
              Columns.AGE,
              Columns.containers(),
              Columns.images(),
              Columns.selector(JOB_SELECTOR_DOC)),
          WorkloadPrinters::job);

  private static List<Object> job(JsonNode o, Instant now) {
    JsonNode spec = o.path("spec");
    JsonNode status = o.path("status");
    long succeeded = num(status.path("succeeded"));
    String completions;
    if (spec.path("completions").isNumber()) {
      completions = succeeded + "/" + num(spec.path("completions"));
    } else {
      long parallelism = num(spec.path("parallelism"));
      completions = parallelism > 1 ? succeeded + "/1 of " + parallelism : succeeded + "/1";
    }
    Instant start = instant(status.path("startTime"));
    Instant completion = instant(status.path("completionTime"));
    String duration = "";
    if (start != null) {
      duration = humanDuration(Duration.between(start, completion == null ? now : completion));
    }
    String state;
    JsonNode conditions = status.path("conditions");
    if (jobCondition(conditions, "Complete")) {
      state = "Complete";
    } else if (jobCondition(conditions, "Failed")) {
      state = "Failed";
    } else if (!str(o.path("metadata").path("deletionTimestamp")).isEmpty()) {
      state = "Terminating";
    } else if (jobCondition(conditions, "Suspended")) {
      state = "Suspended";
    } else if (jobCondition(conditions, "FailureTarget")) {
      state = "FailureTarget";
    } else {
      state = "Running";
    }
    JsonNode podSpec = spec.path("template").path("spec");
    return List.of(
        name(o),
        state,
        completions,
        duration,
        age(o, now),
        containerNames(podSpec),
        containerImages(podSpec),
        formatLabelSelector(spec.path("selector")));
  }

  /** Whether the first condition of the type is True, as hasJobCondition decides. */
  private static boolean jobCondition(JsonNode conditions, String type) {
    for (JsonNode condition : conditions) {
      if (type.equals(str(condition.path("type")))) {
        return "True".equals(str(condition.path("status")));
      }
    }
    return false;
  }

  static final TablePrinter CRON_JOBS =
      new SimplePrinter(
          List.of(
              Columns.NAME,
              Columns.string(
                  "Schedule",
                  "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron."),
              Columns.string(
                  "Timezone",
                  "The time zone name for the given schedule, see"
                      + " https://en.wikipedia.org/wiki/List_of_tz_database_time_zones. If not"
                      + " specified, this will default to the time zone of the"
                      + " kube-controller-manager process. The set of valid time zone names and the"
                      + " time zone offset is loaded from the system-wide time zone database by the"
                      + " API server during CronJob validation and the controller manager during"
                      + " execution. If no system-wide time zone database can be found a bundled"
                      + " version of the database is used instead. If the time zone name becomes"
                      + " invalid during the lifetime of a CronJob or due to a change in host"
                      + " configuration, the controller will stop creating new new Jobs and will"
                      + " create a system event with the reason UnknownTimeZone. More information"
                      + " can be found in"
                      + " https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones"),
              Columns.bool(
                  "Suspend",
                  "This flag tells the controller to suspend subsequent executions, it does not"
                      + " apply to already started executions.  Defaults to false."),
              Columns.integer("Active", "A list of pointers to currently running jobs."),
              Columns.string(
                  "Last Schedule",
                  "Information when was the last time the job was successfully scheduled."),
              Columns.AGE,
              Columns.containers(),
              Columns.images(),
              Columns.selector(JOB_SELECTOR_DOC)),
          (o, now) -> {
            JsonNode spec = o.path("spec");
            JsonNode jobSpec = spec.path("jobTemplate").path("spec");
            JsonNode podSpec = jobSpec.path("template").path("spec");
            JsonNode lastSchedule = o.path("status").path("lastScheduleTime");
            JsonNode suspend = spec.path("suspend");
            String suspendCell =
                suspend.isBoolean() ? (suspend.asBoolean() ? "True" : "False") : UNSET;
            return List.of(
                name(o),
                str(spec.path("schedule")),
                spec.path("timeZone").isString() ? str(spec.path("timeZone")) : NONE,
                suspendCell,
                Printing.count(o.path("status").path("active")),
                instant(lastSchedule) == null ? NONE : since(lastSchedule, now),
                age(o, now),
                containerNames(podSpec),
                containerImages(podSpec),
                formatLabelSelector(jobSpec.path("selector")));
          });

  private static JsonNode template(JsonNode workload) {
    return workload.path("spec").path("template").path("spec");
  }
}

package io.kubesim.apiserver.patch;

import java.util.HashMap;
import java.util.Map;

/**
 * The patch strategies of the built-in kinds, as a data table: for each kind, a map from a JSON
 * path (dotted, with {@code []} standing for "an element of this list") to the strategy the
 * Kubernetes Go types declare on that field with their {@code patchStrategy} / {@code
 * patchMergeKey} struct tags. Fields not listed are lists that replace (as in JSON merge patch) or
 * maps that merge.
 *
 * <p>Sources: the struct tags of k8s.io/api core/v1, apps/v1, batch/v1 types.go (and
 * metav1.ObjectMeta). Lists marked {@code +listType=atomic} without a patch strategy (for example
 * {@code resizePolicy}, {@code envFrom}, {@code tolerations}, {@code Node spec.taints}, {@code
 * Endpoints subsets}, {@code containerStatuses}) are deliberately absent: they replace.
 */
public final class StrategicMergeSchema {

  /**
   * The strategy of one field. For a list: {@code merge} with a {@code mergeKey} (a list of objects
   * merged element by element), {@code merge} without one (a set-like list of primitives), or
   * neither (replace). {@code retainKeys} is declared on some fields (volumes, Deployment
   * strategy); applying a patch only needs the {@code $retainKeys} directive the client sends, so
   * it is kept here as documentation of the API.
   */
  public record Rule(boolean merge, String mergeKey, boolean retainKeys) {
    public static final Rule REPLACE = new Rule(false, null, false);

    /** Parses "merge", "merge:key", "merge:key,retainKeys" or "retainKeys". */
    static Rule parse(String spec) {
      boolean retain = spec.endsWith("retainKeys");
      if (spec.startsWith("merge:")) {
        String key = spec.substring("merge:".length());
        int comma = key.indexOf(',');
        return new Rule(true, comma < 0 ? key : key.substring(0, comma), retain);
      }
      return new Rule(spec.startsWith("merge"), null, retain);
    }
  }

  private static final String[][] OBJECT_META = {
    {"finalizers", "merge"}, // patchStrategy:"merge", a set of strings
    {"ownerReferences", "merge:uid"},
  };

  /** Container and EphemeralContainerCommon. */
  private static final String[][] CONTAINER = {
    {"ports", "merge:containerPort"},
    {"env", "merge:name"},
    {"volumeMounts", "merge:mountPath"},
    {"volumeDevices", "merge:devicePath"},
  };

  private static final String[][] POD_SPEC = {
    {"volumes", "merge:name,retainKeys"},
    {"initContainers", "merge:name"},
    {"containers", "merge:name"},
    {"ephemeralContainers", "merge:name"},
    {"imagePullSecrets", "merge:name"},
    {"hostAliases", "merge:ip"},
    {"topologySpreadConstraints", "merge:topologyKey"},
    {"resourceClaims", "merge:name,retainKeys"},
    {"schedulingGates", "merge:name"},
  };

  private static final String[][] POD_STATUS = {
    {"conditions", "merge:type"},
    {"podIPs", "merge:ip"},
    {"hostIPs", "merge:ip"},
    {"resourceClaimStatuses", "merge:name,retainKeys"},
  };

  private static final String[][] CONDITIONS = {{"conditions", "merge:type"}};

  private static final Map<String, Map<String, Rule>> KINDS = new HashMap<>();

  static {
    // core
    kind("", "Pod").meta().podSpec("spec").rows("status", POD_STATUS);
    kind("", "Service")
        .meta()
        .rows("spec", new String[][] {{"ports", "merge:port"}})
        .rows("status", CONDITIONS);
    kind("", "Node")
        .meta()
        .rows("spec", new String[][] {{"podCIDRs", "merge"}})
        .rows("status", new String[][] {{"conditions", "merge:type"}, {"addresses", "merge:type"}});
    kind("", "Namespace").meta().rows("status", CONDITIONS);
    kind("", "PersistentVolumeClaim").meta().rows("status", CONDITIONS);
    kind("", "ServiceAccount").meta().rows("", new String[][] {{"secrets", "merge:name"}});
    kind("", "ReplicationController").meta().template("spec.template").rows("status", CONDITIONS);
    for (String plain :
        new String[] {
          "Endpoints",
          "ConfigMap",
          "Secret",
          "Event",
          "PersistentVolume",
          "ResourceQuota",
          "LimitRange"
        }) {
      kind("", plain).meta();
    }
    // apps
    kind("apps", "Deployment")
        .meta()
        .template("spec.template")
        .rows("spec", new String[][] {{"strategy", "retainKeys"}})
        .rows("status", CONDITIONS);
    for (String workload : new String[] {"ReplicaSet", "StatefulSet", "DaemonSet"}) {
      kind("apps", workload).meta().template("spec.template").rows("status", CONDITIONS);
    }
    kind("apps", "ControllerRevision").meta();
    // batch
    kind("batch", "Job").meta().template("spec.template").rows("status", CONDITIONS);
    kind("batch", "CronJob")
        .meta()
        .rows("spec.jobTemplate.metadata", OBJECT_META)
        .template("spec.jobTemplate.spec.template");
    // everything else we serve: only ObjectMeta carries strategies
    kind("networking.k8s.io", "Ingress").meta();
    kind("networking.k8s.io", "IngressClass").meta();
    kind("storage.k8s.io", "StorageClass").meta();
    kind("discovery.k8s.io", "EndpointSlice").meta();
    kind("coordination.k8s.io", "Lease").meta();
    kind("events.k8s.io", "Event").meta();
    kind("autoscaling", "Scale").meta();
    kind("apiregistration.k8s.io", "APIService").meta().rows("status", CONDITIONS);
    kind("policy", "PodDisruptionBudget").meta().rows("status", CONDITIONS);
    kind("scheduling.k8s.io", "PriorityClass").meta();
    // RBAC rules and subjects are atomic lists: a patch replaces them whole.
    for (String rbac : new String[] {"Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"}) {
      kind("rbac.authorization.k8s.io", rbac).meta();
    }
  }

  private StrategicMergeSchema() {}

  /**
   * The rules of a kind, or null when strategic merge patch is not available for it. Server-side
   * apply reads the same table: a merge key is its associative-list key.
   */
  public static Map<String, Rule> forKind(String group, String kind) {
    return KINDS.get(key(group, kind));
  }

  private static String key(String group, String kind) {
    return (group == null ? "" : group) + "/" + kind;
  }

  private static Builder kind(String group, String kind) {
    Map<String, Rule> rules = new HashMap<>();
    KINDS.put(key(group, kind), rules);
    return new Builder(rules);
  }

  private record Builder(Map<String, Rule> rules) {
    Builder rows(String prefix, String[][] rows) {
      for (String[] row : rows) {
        rules.put(prefix.isEmpty() ? row[0] : prefix + "." + row[0], Rule.parse(row[1]));
      }
      return this;
    }

    Builder meta() {
      return rows("metadata", OBJECT_META);
    }

    Builder podSpec(String prefix) {
      rows(prefix, POD_SPEC);
      for (String containers :
          new String[] {"containers", "initContainers", "ephemeralContainers"}) {
        rows(prefix + "." + containers + "[]", CONTAINER);
      }
      return this;
    }

    /** A PodTemplateSpec: its own ObjectMeta and a PodSpec. */
    Builder template(String prefix) {
      return rows(prefix + ".metadata", OBJECT_META).podSpec(prefix + ".spec");
    }
  }
}

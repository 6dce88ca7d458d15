package io.kubesim.apiserver.table;

import java.util.Map;

/**
 * The server-side printers by resource, with the columns and cells kube-apiserver 1.32 sends for
 * {@code Accept: application/json;as=Table;g=meta.k8s.io;v=v1}. Every other resource gets a default
 * printer, so a served resource always has one.
 */
public final class TablePrinters {
  private TablePrinters() {}

  private static final Map<String, TablePrinter> PRINTERS =
      Map.ofEntries(
          Map.entry("/namespaces", CorePrinters.NAMESPACES),
          Map.entry("/pods", new PodPrinter()),
          Map.entry("/services", CorePrinters.SERVICES),
          Map.entry("/endpoints", CorePrinters.ENDPOINTS),
          Map.entry("/nodes", CorePrinters.NODES),
          Map.entry("/configmaps", CorePrinters.CONFIG_MAPS),
          Map.entry("/secrets", CorePrinters.SECRETS),
          Map.entry("/serviceaccounts", CorePrinters.SERVICE_ACCOUNTS),
          Map.entry("/events", CorePrinters.EVENTS),
          Map.entry("events.k8s.io/events", CorePrinters.EVENTS),
          Map.entry("/resourcequotas", CorePrinters.RESOURCE_QUOTAS),
          Map.entry("/persistentvolumes", CorePrinters.PERSISTENT_VOLUMES),
          Map.entry("/persistentvolumeclaims", CorePrinters.PERSISTENT_VOLUME_CLAIMS),
          Map.entry("/limitranges", OtherPrinters.CREATED_AT),
          Map.entry("/replicationcontrollers", WorkloadPrinters.REPLICATION_CONTROLLERS),
          Map.entry("apiregistration.k8s.io/apiservices", OtherPrinters.API_SERVICES),
          Map.entry("apps/deployments", WorkloadPrinters.DEPLOYMENTS),
          Map.entry("apps/replicasets", WorkloadPrinters.REPLICA_SETS),
          Map.entry("apps/statefulsets", WorkloadPrinters.STATEFUL_SETS),
          Map.entry("apps/daemonsets", WorkloadPrinters.DAEMON_SETS),
          Map.entry("apps/controllerrevisions", WorkloadPrinters.CONTROLLER_REVISIONS),
          Map.entry("batch/jobs", WorkloadPrinters.JOBS),
          Map.entry("batch/cronjobs", WorkloadPrinters.CRON_JOBS),
          Map.entry("networking.k8s.io/ingresses", NetworkingPrinters.INGRESSES),
          Map.entry("networking.k8s.io/ingressclasses", NetworkingPrinters.INGRESS_CLASSES),
          Map.entry("discovery.k8s.io/endpointslices", NetworkingPrinters.ENDPOINT_SLICES),
          Map.entry("storage.k8s.io/storageclasses", OtherPrinters.STORAGE_CLASSES),
          Map.entry("coordination.k8s.io/leases", OtherPrinters.LEASES),
          Map.entry("rbac.authorization.k8s.io/roles", OtherPrinters.CREATED_AT),
          Map.entry("rbac.authorization.k8s.io/clusterroles", OtherPrinters.CREATED_AT),
          Map.entry("rbac.authorization.k8s.io/rolebindings", PolicyPrinters.ROLE_BINDINGS),
          Map.entry(
              "rbac.authorization.k8s.io/clusterrolebindings",
              PolicyPrinters.CLUSTER_ROLE_BINDINGS),
          Map.entry("policy/poddisruptionbudgets", PolicyPrinters.POD_DISRUPTION_BUDGETS),
          Map.entry("scheduling.k8s.io/priorityclasses", PolicyPrinters.PRIORITY_CLASSES),
          Map.entry("apiextensions.k8s.io/customresourcedefinitions", OtherPrinters.CREATED_AT));

  /** The printer of a resource; the core group is "" (or null). */
  public static TablePrinter forResource(String group, String plural) {
    String key = (group == null ? "" : group) + "/" + plural;
    return PRINTERS.getOrDefault(key, OtherPrinters.DEFAULT);
  }
}

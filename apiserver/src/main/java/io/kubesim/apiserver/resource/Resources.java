package io.kubesim.apiserver.resource;

import io.kubesim.apiserver.resource.ResourceType.Subresource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every resource the apiserver serves, in discovery order. Names and short names as in 1.32. */
public final class Resources {
  static final List<String> ALL_VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
  static final List<String> STATUS_VERBS = List.of("get", "patch", "update");

  private static final List<ResourceType> TYPES = build();
  private static final Map<String, ResourceType> BY_PATH = index();

  private Resources() {}

  public static List<ResourceType> all() {
    return TYPES;
  }

  /** Looks up {@code group/version/plural}. */
  public static Optional<ResourceType> find(String group, String version, String plural) {
    return Optional.ofNullable(BY_PATH.get(group + "/" + version + "/" + plural));
  }

  /** The type with this apiVersion and kind, if served. */
  public static Optional<ResourceType> byKind(String apiVersion, String kind) {
    return TYPES.stream()
        .filter(t -> t.apiVersion().equals(apiVersion) && t.kind().equals(kind))
        .findFirst();
  }

  /** Group-versions in the order kubectl sees them: core first, then groups. */
  public static List<String> groupVersions() {
    return TYPES.stream().map(ResourceType::apiVersion).distinct().toList();
  }

  private static Map<String, ResourceType> index() {
    Map<String, ResourceType> byPath = new LinkedHashMap<>();
    for (ResourceType type : TYPES) {
      byPath.put(type.group() + "/" + type.version() + "/" + type.plural(), type);
    }
    return byPath;
  }

  private static List<ResourceType> build() {
    List<ResourceType> t = new ArrayList<>();
    // core/v1
    t.add(core("Namespace", "namespaces", false, List.of("ns"), List.of(), "status"));
    t.add(
        core(
            "Pod",
            "pods",
            true,
            List.of("po"),
            List.of("all"),
            "status",
            "binding",
            "log",
            "exec",
            "attach",
            "portforward",
            "eviction",
            "ephemeralcontainers"));
    t.add(core("Service", "services", true, List.of("svc"), List.of("all"), "status"));
    t.add(core("Endpoints", "endpoints", true, List.of("ep"), List.of()));
    t.add(core("Node", "nodes", false, List.of("no"), List.of(), "status", "proxy"));
    t.add(core("ConfigMap", "configmaps", true, List.of("cm"), List.of()));
    t.add(core("Secret", "secrets", true, List.of(), List.of()));
    t.add(core("Event", "events", true, List.of("ev"), List.of()));
    t.add(core("ServiceAccount", "serviceaccounts", true, List.of("sa"), List.of(), "token"));
    t.add(core("PersistentVolume", "persistentvolumes", false, List.of("pv"), List.of(), "status"));
    t.add(
        core(
            "PersistentVolumeClaim",
            "persistentvolumeclaims",
            true,
            List.of("pvc"),
            List.of(),
            "status"));
    t.add(
        core(
            "ReplicationController",
            "replicationcontrollers",
            true,
            List.of("rc"),
            List.of("all"),
            "status",
            "scale"));
    t.add(core("ResourceQuota", "resourcequotas", true, List.of("quota"), List.of(), "status"));
    t.add(core("LimitRange", "limitranges", true, List.of("limits"), List.of()));
    // apiregistration.k8s.io/v1: the aggregator's registrations of API group-versions
    t.add(
        type(
            "apiregistration.k8s.io",
            "APIService",
            "apiservices",
            false,
            List.of(),
            List.of("api-extensions"),
            "status"));
    // apps/v1
    t.add(apps("Deployment", "deployments", List.of("deploy"), "status", "scale"));
    t.add(apps("ReplicaSet", "replicasets", List.of("rs"), "status", "scale"));
    t.add(apps("StatefulSet", "statefulsets", List.of("sts"), "status", "scale"));
    t.add(apps("DaemonSet", "daemonsets", List.of("ds"), "status"));
    t.add(type("apps", "ControllerRevision", "controllerrevisions", true, List.of(), List.of()));
    // batch/v1
    t.add(type("batch", "Job", "jobs", true, List.of(), List.of("all"), "status"));
    t.add(type("batch", "CronJob", "cronjobs", true, List.of("cj"), List.of("all"), "status"));
    // networking, storage, discovery, coordination, events
    t.add(
        type(
            "networking.k8s.io",
            "Ingress",
            "ingresses",
            true,
            List.of("ing"),
            List.of(),
            "status"));
    t.add(type("networking.k8s.io", "IngressClass", "ingressclasses", false, List.of(), List.of()));
    t.add(
        type("storage.k8s.io", "StorageClass", "storageclasses", false, List.of("sc"), List.of()));
    t.add(type("discovery.k8s.io", "EndpointSlice", "endpointslices", true, List.of(), List.of()));
    t.add(type("coordination.k8s.io", "Lease", "leases", true, List.of(), List.of()));
    t.add(type("events.k8s.io", "Event", "events", true, List.of("ev"), List.of()));
    // policy, scheduling, rbac
    t.add(
        type(
            "policy",
            "PodDisruptionBudget",
            "poddisruptionbudgets",
            true,
            List.of("pdb"),
            List.of(),
            "status"));
    t.add(
        type(
            "scheduling.k8s.io",
            "PriorityClass",
            "priorityclasses",
            false,
            List.of("pc"),
            List.of()));
    String rbac = "rbac.authorization.k8s.io";
    t.add(type(rbac, "ClusterRoleBinding", "clusterrolebindings", false, List.of(), List.of()));
    t.add(type(rbac, "ClusterRole", "clusterroles", false, List.of(), List.of()));
    t.add(type(rbac, "RoleBinding", "rolebindings", true, List.of(), List.of()));
    t.add(type(rbac, "Role", "roles", true, List.of(), List.of()));
    // authorization.k8s.io: reviews are answered, never stored (kubectl auth can-i).
    t.add(review("SelfSubjectAccessReview", "selfsubjectaccessreviews"));
    return List.copyOf(t);
  }

  /** A create-only, cluster-scoped question to the apiserver, as the authorization group has. */
  private static ResourceType review(String kind, String plural) {
    return new ResourceType(
        "authorization.k8s.io",
        "v1",
        kind,
        plural,
        kind.toLowerCase(java.util.Locale.ROOT),
        false,
        List.of(),
        List.of(),
        List.of("create"),
        List.of());
  }

  /** Whether objects of this type are kept (reviews are only answered). */
  public static boolean stored(ResourceType type) {
    return !type.group().equals("authorization.k8s.io");
  }

  private static ResourceType core(
      String kind,
      String plural,
      boolean namespaced,
      List<String> shortNames,
      List<String> categories,
      String... subresources) {
    return make("", kind, plural, namespaced, shortNames, categories, subresources);
  }

  private static ResourceType apps(
      String kind, String plural, List<String> shortNames, String... subresources) {
    return make("apps", kind, plural, true, shortNames, List.of("all"), subresources);
  }

  private static ResourceType type(
      String group,
      String kind,
      String plural,
      boolean namespaced,
      List<String> shortNames,
      List<String> categories,
      String... subresources) {
    return make(group, kind, plural, namespaced, shortNames, categories, subresources);
  }

  private static ResourceType make(
      String group,
      String kind,
      String plural,
      boolean namespaced,
      List<String> shortNames,
      List<String> categories,
      String... subresources) {
    List<Subresource> subs = new ArrayList<>();
    for (String name : subresources) {
      subs.add(subresource(group, kind, name));
    }
    return new ResourceType(
        group,
        "v1",
        kind,
        plural,
        kind.toLowerCase(java.util.Locale.ROOT),
        namespaced,
        shortNames,
        categories,
        ALL_VERBS,
        List.copyOf(subs));
  }

  /** What each subresource answers with and which verbs it takes, as discovery reports. */
  private static Subresource subresource(String group, String kind, String name) {
    return switch (name) {
      case "status" -> new Subresource(name, group, "v1", kind, STATUS_VERBS);
      case "scale" -> new Subresource(name, "autoscaling", "v1", "Scale", STATUS_VERBS);
      case "binding" -> new Subresource(name, "", "v1", "Binding", List.of("create"));
      case "eviction" -> new Subresource(name, "policy", "v1", "Eviction", List.of("create"));
      case "log" -> new Subresource(name, "", "v1", "Pod", List.of("get"));
      case "exec" -> new Subresource(name, "", "v1", "PodExecOptions", List.of("create", "get"));
      case "attach" ->
          new Subresource(name, "", "v1", "PodAttachOptions", List.of("create", "get"));
      case "portforward" ->
          new Subresource(name, "", "v1", "PodPortForwardOptions", List.of("create", "get"));
      case "token" ->
          new Subresource(name, "authentication.k8s.io", "v1", "TokenRequest", List.of("create"));
      case "ephemeralcontainers" -> new Subresource(name, "", "v1", "Pod", STATUS_VERBS);
      case "proxy" ->
          new Subresource(
              name,
              "",
              "v1",
              "NodeProxyOptions",
              List.of("create", "delete", "get", "patch", "update"));
      default -> throw new IllegalArgumentException("unknown subresource " + name);
    };
  }
}

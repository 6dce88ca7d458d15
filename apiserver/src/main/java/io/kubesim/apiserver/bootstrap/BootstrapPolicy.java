package io.kubesim.apiserver.bootstrap;

import io.kubesim.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The cluster roles, bindings and priority classes a new cluster starts with (k8s
 * plugin/pkg/auth/authorizer/rbac/bootstrappolicy and pkg/apis/scheduling): enough for the admin
 * (group system:masters) to do anything, for every authenticated user to read discovery and ask
 * "can I?", and for the user-facing view / edit / admin roles to be bound to service accounts.
 *
 * <p>Real clusters aggregate view, edit and admin from labelled roles; kubesim has no aggregation
 * controller, so their rules are written out here over the resources kubesim serves.
 */
final class BootstrapPolicy {
  private BootstrapPolicy() {}

  static final String RBAC = "rbac.authorization.k8s.io/v1";
  private static final List<String> READ = List.of("get", "list", "watch");
  private static final List<String> WRITE =
      List.of("create", "delete", "deletecollection", "patch", "update");

  static List<ObjectNode> clusterRoles() {
    List<ObjectNode> roles = new ArrayList<>();
    ObjectNode admin = role("cluster-admin");
    resourceRule(admin, List.of("*"), List.of("*"), List.of("*"));
    urlRule(admin, List.of("*"), List.of("*"));
    roles.add(admin);

    ObjectNode discovery = role("system:discovery");
    urlRule(
        discovery,
        List.of(
            "/api",
            "/api/*",
            "/apis",
            "/apis/*",
            "/healthz",
            "/livez",
            "/openapi",
            "/openapi/*",
            "/readyz",
            "/version",
            "/version/"),
        List.of("get"));
    roles.add(discovery);

    ObjectNode basic = role("system:basic-user");
    resourceRule(
        basic,
        List.of("authorization.k8s.io"),
        List.of("selfsubjectaccessreviews", "selfsubjectrulesreviews"),
        List.of("create"));
    resourceRule(
        basic, List.of("authentication.k8s.io"), List.of("selfsubjectreviews"), List.of("create"));
    roles.add(basic);

    ObjectNode publicInfo = role("system:public-info-viewer");
    urlRule(
        publicInfo,
        List.of("/healthz", "/livez", "/readyz", "/version", "/version/"),
        List.of("get"));
    roles.add(publicInfo);

    roles.add(view());
    roles.add(edit());
    roles.add(adminRole());
    return roles;
  }

  static List<ObjectNode> clusterRoleBindings() {
    return List.of(
        binding("cluster-admin", "system:masters"),
        binding("system:discovery", "system:authenticated"),
        binding("system:basic-user", "system:authenticated"),
        binding("system:public-info-viewer", "system:authenticated", "system:unauthenticated"));
  }

  static List<ObjectNode> priorityClasses() {
    return List.of(
        priorityClass(
            "system-node-critical",
            2000001000L,
            "Used for system critical pods that must not be moved from their current node."),
        priorityClass(
            "system-cluster-critical",
            2000000000L,
            "Used for system critical pods that must run in the cluster, but can be moved to"
                + " another node if necessary."));
  }

  /** Read access to the namespaced objects people look at, secrets excepted. */
  private static ObjectNode view() {
    ObjectNode view = role("view");
    resourceRule(
        view,
        List.of(""),
        List.of(
            "configmaps",
            "endpoints",
            "persistentvolumeclaims",
            "persistentvolumeclaims/status",
            "pods",
            "pods/log",
            "pods/status",
            "replicationcontrollers",
            "replicationcontrollers/scale",
            "replicationcontrollers/status",
            "services",
            "services/status",
            "serviceaccounts",
            "events",
            "limitranges",
            "resourcequotas",
            "resourcequotas/status",
            "namespaces",
            "namespaces/status",
            "bindings"),
        READ);
    resourceRule(
        view,
        List.of("apps"),
        List.of(
            "controllerrevisions",
            "daemonsets",
            "daemonsets/status",
            "deployments",
            "deployments/scale",
            "deployments/status",
            "replicasets",
            "replicasets/scale",
            "replicasets/status",
            "statefulsets",
            "statefulsets/scale",
            "statefulsets/status"),
        READ);
    resourceRule(
        view,
        List.of("batch"),
        List.of("cronjobs", "cronjobs/status", "jobs", "jobs/status"),
        READ);
    resourceRule(
        view,
        List.of("networking.k8s.io"),
        List.of("ingresses", "ingresses/status", "networkpolicies"),
        READ);
    resourceRule(
        view,
        List.of("policy"),
        List.of("poddisruptionbudgets", "poddisruptionbudgets/status"),
        READ);
    resourceRule(view, List.of("discovery.k8s.io"), List.of("endpointslices"), READ);
    resourceRule(view, List.of("events.k8s.io"), List.of("events"), READ);
    // what metrics-server's system:aggregated-metrics-reader adds to view, edit and admin
    resourceRule(view, List.of("metrics.k8s.io"), List.of("pods", "nodes"), READ);
    return view;
  }

  /** view, plus writing workloads, services, config and secrets. */
  private static ObjectNode edit() {
    ObjectNode edit = role("edit");
    ObjectNode view = view();
    edit.set("rules", view.get("rules").deepCopy());
    resourceRule(edit, List.of(""), List.of("secrets"), READ);
    resourceRule(
        edit,
        List.of(""),
        List.of(
            "configmaps",
            "endpoints",
            "persistentvolumeclaims",
            "pods",
            "pods/attach",
            "pods/eviction",
            "pods/exec",
            "pods/portforward",
            "pods/proxy",
            "replicationcontrollers",
            "replicationcontrollers/scale",
            "secrets",
            "serviceaccounts",
            "serviceaccounts/token",
            "services",
            "events"),
        WRITE);
    resourceRule(
        edit,
        List.of("apps"),
        List.of(
            "daemonsets",
            "deployments",
            "deployments/rollback",
            "deployments/scale",
            "replicasets",
            "replicasets/scale",
            "statefulsets",
            "statefulsets/scale"),
        WRITE);
    resourceRule(edit, List.of("batch"), List.of("cronjobs", "jobs"), WRITE);
    resourceRule(
        edit, List.of("networking.k8s.io"), List.of("ingresses", "networkpolicies"), WRITE);
    resourceRule(edit, List.of("policy"), List.of("poddisruptionbudgets"), WRITE);
    return edit;
  }

  /** edit, plus roles and role bindings within the namespace. */
  private static ObjectNode adminRole() {
    ObjectNode admin = role("admin");
    admin.set("rules", edit().get("rules").deepCopy());
    List<String> all = new ArrayList<>(READ);
    all.addAll(WRITE);
    resourceRule(
        admin, List.of("rbac.authorization.k8s.io"), List.of("rolebindings", "roles"), all);
    resourceRule(
        admin,
        List.of("authorization.k8s.io"),
        List.of("localsubjectaccessreviews"),
        List.of("create"));
    return admin;
  }

  private static ObjectNode role(String name) {
    ObjectNode role = object("ClusterRole", name);
    role.putArray("rules");
    return role;
  }

  private static ObjectNode object(String kind, String name) {
    ObjectNode object = Json.object();
    object.put("apiVersion", RBAC);
    object.put("kind", kind);
    ObjectNode metadata = object.putObject("metadata");
    metadata.put("name", name);
    metadata.putObject("labels").put("kubernetes.io/bootstrapping", "rbac-defaults");
    metadata.putObject("annotations").put("rbac.authorization.kubernetes.io/autoupdate", "true");
    return object;
  }

  private static void resourceRule(
      ObjectNode role, List<String> groups, List<String> resources, List<String> verbs) {
    ObjectNode rule = ((ArrayNode) role.get("rules")).addObject();
    strings(rule.putArray("apiGroups"), groups);
    strings(rule.putArray("resources"), resources);
    strings(rule.putArray("verbs"), verbs);
  }

  private static void urlRule(ObjectNode role, List<String> urls, List<String> verbs) {
    ObjectNode rule = ((ArrayNode) role.get("rules")).addObject();
    strings(rule.putArray("nonResourceURLs"), urls);
    strings(rule.putArray("verbs"), verbs);
  }

  private static ObjectNode binding(String role, String... groups) {
    ObjectNode binding = object("ClusterRoleBinding", role);
    ObjectNode ref = binding.putObject("roleRef");
    ref.put("apiGroup", "rbac.authorization.k8s.io");
    ref.put("kind", "ClusterRole");
    ref.put("name", role);
    ArrayNode subjects = binding.putArray("subjects");
    for (String group : groups) {
      ObjectNode subject = subjects.addObject();
      subject.put("apiGroup", "rbac.authorization.k8s.io");
      subject.put("kind", "Group");
      subject.put("name", group);
    }
    return binding;
  }

  private static ObjectNode priorityClass(String name, long value, String description) {
    ObjectNode pc = Json.object();
    pc.put("apiVersion", "scheduling.k8s.io/v1");
    pc.put("kind", "PriorityClass");
    pc.putObject("metadata").put("name", name);
    pc.put("value", value);
    pc.put("description", description);
    return pc;
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}

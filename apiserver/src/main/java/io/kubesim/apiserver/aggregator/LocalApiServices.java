package io.kubesim.apiserver.aggregator;

import io.kubesim.apiserver.resource.Resources;
import io.kubesim.core.json.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * The APIService kube-apiserver registers for each group-version it serves itself (its autoregister
 * controller: {@code v1.} for the core group, {@code v1.apps}, ...), with the discovery priorities
 * of kube-apiserver's apiVersionPriorities table (pkg/controlplane/apiserver/aggregator.go merged
 * with cmd/kube-apiserver's). apiregistration.k8s.io has none: the aggregator serves it and always
 * lists it first.
 */
public final class LocalApiServices {
  public static final String GROUP = "apiregistration.k8s.io";

  /** The label autoregister puts on what it manages: created or updated when the server starts. */
  public static final String AUTOMANAGED = "kube-aggregator.kubernetes.io/automanaged";

  /** groupPriorityMinimum orders groups (highest first), versionPriority versions in a group. */
  record Priority(int group, int version) {}

  /** By "group/version", "" the core group; the GA versions of the 1.32 table. */
  private static final Map<String, Priority> PRIORITIES =
      Map.ofEntries(
          Map.entry("/v1", new Priority(18000, 1)),
          Map.entry("apps/v1", new Priority(17800, 15)),
          Map.entry("events.k8s.io/v1", new Priority(17750, 15)),
          Map.entry("authentication.k8s.io/v1", new Priority(17700, 15)),
          Map.entry("authorization.k8s.io/v1", new Priority(17600, 15)),
          Map.entry("autoscaling/v1", new Priority(17500, 15)),
          Map.entry("autoscaling/v2", new Priority(17500, 30)),
          Map.entry("batch/v1", new Priority(17400, 15)),
          Map.entry("certificates.k8s.io/v1", new Priority(17300, 15)),
          Map.entry("networking.k8s.io/v1", new Priority(17200, 15)),
          Map.entry("policy/v1", new Priority(17100, 15)),
          Map.entry("rbac.authorization.k8s.io/v1", new Priority(17000, 15)),
          Map.entry("storage.k8s.io/v1", new Priority(16800, 15)),
          Map.entry("apiextensions.k8s.io/v1", new Priority(16700, 15)),
          Map.entry("admissionregistration.k8s.io/v1", new Priority(16700, 15)),
          Map.entry("scheduling.k8s.io/v1", new Priority(16600, 15)),
          Map.entry("coordination.k8s.io/v1", new Priority(16500, 15)),
          Map.entry("node.k8s.io/v1", new Priority(16300, 15)),
          Map.entry("discovery.k8s.io/v1", new Priority(16200, 15)),
          Map.entry("flowcontrol.apiserver.k8s.io/v1", new Priority(16100, 21)));

  private LocalApiServices() {}

  /**
   * The order of groups in discovery, as the aggregator's /apis lists them: apiregistration.k8s.io
   * first, then by groupPriorityMinimum, highest first, then by name.
   */
  public static final Comparator<String> GROUP_ORDER =
      Comparator.comparing((String group) -> !group.equals(GROUP))
          .thenComparing(group -> -priority(group, "v1").group())
          .thenComparing(Comparator.naturalOrder());

  static Priority priority(String group, String version) {
    return PRIORITIES.getOrDefault(group + "/" + version, new Priority(0, 0));
  }

  /** One APIService per group-version this server serves, apiregistration.k8s.io excepted. */
  public static List<ObjectNode> all() {
    List<ObjectNode> services = new ArrayList<>();
    for (String groupVersion : Resources.groupVersions()) {
      int slash = groupVersion.indexOf('/');
      String group = slash < 0 ? "" : groupVersion.substring(0, slash);
      String version = groupVersion.substring(slash + 1);
      // autoregister skips a group-version missing from its table ("Skipping APIService creation")
      if (!group.equals(GROUP) && PRIORITIES.containsKey(group + "/" + version)) {
        services.add(of(group, version));
      }
    }
    return services;
  }

  /** The APIService named {@code version.group}, without status (a local one is Available). */
  static ObjectNode of(String group, String version) {
    Priority priority = priority(group, version);
    ObjectNode service = Json.object();
    service.put("apiVersion", GROUP + "/v1");
    service.put("kind", "APIService");
    ObjectNode metadata = service.putObject("metadata");
    metadata.put("name", version + "." + group);
    metadata.putObject("labels").put(AUTOMANAGED, "onstart");
    ObjectNode spec = service.putObject("spec");
    if (!group.isEmpty()) {
      spec.put("group", group);
    }
    spec.put("version", version);
    spec.put("groupPriorityMinimum", priority.group());
    spec.put("versionPriority", priority.version());
    return service;
  }
}

package io.kubesim.core.quota;

import io.kubesim.core.quantity.Quantity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Pods (pkg/quota/v1/evaluator/core/pods.go): {@code count/pods} counts every stored pod; {@code
 * pods} and the compute resources ({@code requests.cpu}, {@code limits.memory}, {@code cpu} as
 * requests.cpu, ephemeral-storage, hugepages, {@code requests.<extended>}) count pods that still
 * run: not Succeeded or Failed, and not past their deletion grace period (a pod stuck terminating
 * on a lost node). Scopes: Terminating (activeDeadlineSeconds set), NotTerminating, BestEffort,
 * NotBestEffort, PriorityClass, CrossNamespacePodAffinity.
 */
public final class PodEvaluator implements Evaluator {
  private static final List<String> NAMES =
      List.of(
          "count/pods",
          "cpu",
          "memory",
          "ephemeral-storage",
          "requests.cpu",
          "requests.memory",
          "requests.ephemeral-storage",
          "limits.cpu",
          "limits.memory",
          "limits.ephemeral-storage",
          "pods");

  /**
   * A quota on these requires every container to state them: an early mistake kept for
   * compatibility, never extended to newer resources.
   */
  private static final Set<String> REQUIRED_ON_CONTAINERS =
      Set.of("cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory");

  @Override
  public String groupResource() {
    return "pods";
  }

  /** Creates of pods, and updates through pods/resize. */
  @Override
  public boolean handles(String operation, String subresource, JsonNode object, JsonNode old) {
    if (subresource == null) {
      return operation.equals("CREATE");
    }
    return subresource.equals("resize") && operation.equals("UPDATE");
  }

  @Override
  public List<String> matchingResources(Collection<String> input) {
    List<String> out = new ArrayList<>();
    for (String name : input) {
      if (NAMES.contains(name)
          || name.startsWith("hugepages-")
          || name.startsWith("requests.hugepages-")
          || extendedForQuota(name)) {
        out.add(name);
      }
    }
    return out;
  }

  /** {@code requests.nvidia.com/gpu}: extended resources are quota'd by request only. */
  private static boolean extendedForQuota(String name) {
    return !native_(name) && name.startsWith("requests.");
  }

  private static boolean native_(String name) {
    return !name.contains("/") || name.contains("kubernetes.io/");
  }

  /** A container resource that is extended: {@code example.com/dongle}. */
  private static boolean extended(String name) {
    return !native_(name) && !name.startsWith("requests.");
  }

  @Override
  public boolean matchesScope(ScopeSelector scope, JsonNode pod) {
    JsonNode spec = pod.path("spec");
    return switch (scope.scopeName()) {
      case "Terminating" -> terminating(spec);
      case "NotTerminating" -> !terminating(spec);
      case "BestEffort" -> PodResources.bestEffort(pod);
      case "NotBestEffort" -> !PodResources.bestEffort(pod);
      case "PriorityClass" -> {
        String name = spec.path("priorityClassName").asString("");
        yield scope.matchesValue(name.isEmpty() ? null : name);
      }
      case "CrossNamespacePodAffinity" -> crossNamespaceAffinity(spec.path("affinity"));
      default -> false;
    };
  }

  private static boolean terminating(JsonNode spec) {
    JsonNode deadline = spec.get("activeDeadlineSeconds");
    return deadline != null && deadline.isNumber() && deadline.asLong() >= 0;
  }

  private static boolean crossNamespaceAffinity(JsonNode affinity) {
    for (String kind : new String[] {"podAffinity", "podAntiAffinity"}) {
      JsonNode terms = affinity.path(kind);
      for (JsonNode term : terms.path("requiredDuringSchedulingIgnoredDuringExecution")) {
        if (crossNamespace(term)) {
          return true;
        }
      }
      for (JsonNode weighted : terms.path("preferredDuringSchedulingIgnoredDuringExecution")) {
        if (crossNamespace(weighted.path("podAffinityTerm"))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean crossNamespace(JsonNode term) {
    return !term.path("namespaces").isEmpty()
        || term.has("namespaceSelector") && !term.path("namespaceSelector").isNull();
  }

  @Override
  public Map<String, Quantity> usage(JsonNode pod, Instant now) {
    Map<String, Quantity> out = new TreeMap<>();
    out.put("count/pods", Quantity.parse("1"));
    if (!counted(pod, now)) {
      return out;
    }
    return ResourceList.add(
        out, compute(PodResources.requests(pod, true), PodResources.limits(pod, true)));
  }

  /**
   * QuotaV1Pod: a Succeeded or Failed pod no longer counts, nor one whose deletion grace period has
   * passed.
   */
  static boolean counted(JsonNode pod, Instant now) {
    String phase = pod.path("status").path("phase").asString("");
    if (phase.equals("Succeeded") || phase.equals("Failed")) {
      return false;
    }
    JsonNode metadata = pod.path("metadata");
    String deletion = metadata.path("deletionTimestamp").asString("");
    JsonNode grace = metadata.get("deletionGracePeriodSeconds");
    if (!deletion.isEmpty() && grace != null && grace.isNumber()) {
      Instant end = Instant.parse(deletion).plusSeconds(grace.asLong());
      return !now.isAfter(end);
    }
    return true;
  }

  /** podComputeUsageHelper: one pod and the compute resources of these requests and limits. */
  private static Map<String, Quantity> compute(
      Map<String, Quantity> requests, Map<String, Quantity> limits) {
    Map<String, Quantity> out = new TreeMap<>();
    out.put("pods", Quantity.parse("1"));
    for (String name : new String[] {"cpu", "memory", "ephemeral-storage"}) {
      Quantity request = requests.get(name);
      if (request != null) {
        out.put(name, request);
        out.put("requests." + name, request);
      }
      Quantity limit = limits.get(name);
      if (limit != null) {
        out.put("limits." + name, limit);
      }
    }
    requests.forEach(
        (name, request) -> {
          if (name.startsWith("hugepages-")) {
            out.put(name, request);
            out.put("requests." + name, request);
          } else if (extended(name)) {
            out.put("requests." + name, request);
          }
        });
    return out;
  }

  /**
   * {@code must specify limits.cpu for: nginx; requests.memory for: init,nginx}: the cpu and memory
   * resources the quota tracks that some container does not state.
   */
  @Override
  public String constraints(Collection<String> required, JsonNode pod) {
    Set<String> requiredSet = new TreeSet<>(required);
    requiredSet.retainAll(REQUIRED_ON_CONTAINERS);
    Map<String, Set<String>> missing = new TreeMap<>();
    JsonNode spec = pod.path("spec");
    for (String list : new String[] {"containers", "initContainers"}) {
      for (JsonNode container : spec.path(list)) {
        Set<String> stated =
            compute(PodResources.of(container, "requests"), PodResources.of(container, "limits"))
                .keySet();
        for (String name : requiredSet) {
          if (!stated.contains(name)) {
            missing
                .computeIfAbsent(name, k -> new TreeSet<>())
                .add(container.path("name").asString(""));
          }
        }
      }
    }
    if (missing.isEmpty()) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    missing.forEach(
        (name, containers) -> parts.add(name + " for: " + String.join(",", containers)));
    return "must specify " + String.join("; ", parts);
  }
}

package io.kubesim.core.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PodEvaluatorTest {
  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  private static final PodEvaluator PODS = new PodEvaluator();

  record UsageCase(String name, String pod, Map<String, String> usage) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<UsageCase> usage() {
    return Stream.of(
        new UsageCase(
            "a running pod uses one pod and its containers' requests and limits",
            """
            spec:
              containers:
              - name: a
                resources:
                  requests: {cpu: 400m, memory: 600Mi}
                  limits: {cpu: 800m, memory: 800Mi}
              - name: b
                resources:
                  requests: {cpu: 100m}
            """,
            Map.of(
                "count/pods", "1",
                "pods", "1",
                "cpu", "500m",
                "requests.cpu", "500m",
                "limits.cpu", "800m",
                "memory", "600Mi",
                "requests.memory", "600Mi",
                "limits.memory", "800Mi")),
        new UsageCase(
            "a succeeded pod only counts as a stored object",
            """
            spec:
              containers:
              - name: a
                resources: {requests: {cpu: "1"}}
            status: {phase: Succeeded}
            """,
            Map.of("count/pods", "1")),
        new UsageCase(
            "a pod past its deletion grace period no longer counts",
            """
            metadata:
              deletionTimestamp: "2026-01-01T11:59:00Z"
              deletionGracePeriodSeconds: 30
            spec:
              containers: [{name: a}]
            """,
            Map.of("count/pods", "1")),
        new UsageCase(
            "a pod inside its deletion grace period still counts",
            """
            metadata:
              deletionTimestamp: "2026-01-01T11:59:50Z"
              deletionGracePeriodSeconds: 30
            spec:
              containers: [{name: a}]
            """,
            Map.of("count/pods", "1", "pods", "1")),
        new UsageCase(
            "an init container asking more than the containers sets the pod's request",
            """
            spec:
              initContainers:
              - name: init
                resources: {requests: {cpu: "1"}}
              containers:
              - name: a
                resources: {requests: {cpu: 200m}}
            """,
            Map.of("count/pods", "1", "pods", "1", "cpu", "1", "requests.cpu", "1")),
        new UsageCase(
            "a sidecar adds to the containers and to the init containers after it",
            """
            spec:
              initContainers:
              - name: sidecar
                restartPolicy: Always
                resources: {requests: {cpu: 100m}}
              - name: init
                resources: {requests: {cpu: 300m}}
              containers:
              - name: a
                resources: {requests: {cpu: 150m}}
            """,
            Map.of("count/pods", "1", "pods", "1", "cpu", "400m", "requests.cpu", "400m")),
        new UsageCase(
            "extended resources are charged as requests, hugepages under both names",
            """
            spec:
              containers:
              - name: a
                resources:
                  requests: {example.com/dongle: "2", hugepages-2Mi: 4Mi}
                  limits: {example.com/dongle: "2", hugepages-2Mi: 4Mi}
            """,
            Map.of(
                "count/pods", "1",
                "pods", "1",
                "requests.example.com/dongle", "2",
                "hugepages-2Mi", "4Mi",
                "requests.hugepages-2Mi", "4Mi")));
  }

  @ParameterizedTest
  @MethodSource
  void usage(UsageCase c) {
    assertThat(Yaml.text(PODS.usage(Yaml.of(c.pod()), NOW))).isEqualTo(c.usage());
  }

  record ScopeCase(String name, ScopeSelector scope, String pod, boolean matches) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final String BEST_EFFORT = "spec: {containers: [{name: a}]}";
  private static final String BURSTABLE =
      "spec: {containers: [{name: a, resources: {requests: {memory: 1Mi}}}]}";

  private static ScopeSelector exists(String scope) {
    return new ScopeSelector(scope, "Exists", List.of());
  }

  static Stream<ScopeCase> scopes() {
    return Stream.of(
        new ScopeCase(
            "a pod without requests is BestEffort", exists("BestEffort"), BEST_EFFORT, true),
        new ScopeCase(
            "a pod with a request is not BestEffort", exists("BestEffort"), BURSTABLE, false),
        new ScopeCase(
            "a pod with a request is NotBestEffort", exists("NotBestEffort"), BURSTABLE, true),
        new ScopeCase(
            "a zero request still leaves a pod BestEffort",
            exists("BestEffort"),
            "spec: {containers: [{name: a, resources: {requests: {cpu: \"0\"}}}]}",
            true),
        new ScopeCase(
            "a pod with an active deadline is Terminating",
            exists("Terminating"),
            "spec: {activeDeadlineSeconds: 60, containers: [{name: a}]}",
            true),
        new ScopeCase(
            "a pod without a deadline is NotTerminating",
            exists("NotTerminating"),
            BEST_EFFORT,
            true),
        new ScopeCase(
            "PriorityClass In matches a pod of a listed class",
            new ScopeSelector("PriorityClass", "In", List.of("high", "medium")),
            "spec: {priorityClassName: high, containers: [{name: a}]}",
            true),
        new ScopeCase(
            "PriorityClass In does not match a pod without a class",
            new ScopeSelector("PriorityClass", "In", List.of("high")),
            BEST_EFFORT,
            false),
        new ScopeCase(
            "PriorityClass NotIn matches a pod without a class",
            new ScopeSelector("PriorityClass", "NotIn", List.of("high")),
            BEST_EFFORT,
            true),
        new ScopeCase(
            "PriorityClass Exists needs a class",
            exists("PriorityClass"),
            "spec: {priorityClassName: low, containers: [{name: a}]}",
            true),
        new ScopeCase(
            "an affinity term naming namespaces is cross-namespace",
            exists("CrossNamespacePodAffinity"),
            """
            spec:
              containers: [{name: a}]
              affinity:
                podAffinity:
                  requiredDuringSchedulingIgnoredDuringExecution:
                  - topologyKey: kubernetes.io/hostname
                    namespaces: [other]
            """,
            true),
        new ScopeCase(
            "an affinity term in its own namespace is not cross-namespace",
            exists("CrossNamespacePodAffinity"),
            """
            spec:
              containers: [{name: a}]
              affinity:
                podAntiAffinity:
                  preferredDuringSchedulingIgnoredDuringExecution:
                  - weight: 1
                    podAffinityTerm: {topologyKey: kubernetes.io/hostname}
            """,
            false));
  }

  @ParameterizedTest
  @MethodSource
  void scopes(ScopeCase c) {
    assertThat(PODS.matchesScope(c.scope(), Yaml.of(c.pod()))).isEqualTo(c.matches());
  }

  record ConstraintCase(String name, List<String> hard, String pod, String error) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<ConstraintCase> constraints() {
    return Stream.of(
        new ConstraintCase(
            "a quota on limits.cpu needs every container to state a cpu limit",
            List.of("limits.cpu", "pods"),
            "spec: {containers: [{name: nginx}]}",
            "must specify limits.cpu for: nginx"),
        new ConstraintCase(
            "missing resources are listed by name with their containers",
            List.of("requests.memory", "limits.cpu"),
            """
            spec:
              initContainers: [{name: init}]
              containers:
              - name: nginx
                resources: {limits: {cpu: "1"}}
            """,
            "must specify limits.cpu for: init; requests.memory for: init,nginx"),
        new ConstraintCase(
            "a quota on pods alone asks nothing of containers",
            List.of("pods"),
            "spec: {containers: [{name: nginx}]}",
            null),
        new ConstraintCase(
            "ephemeral storage was never required",
            List.of("requests.ephemeral-storage"),
            "spec: {containers: [{name: nginx}]}",
            null));
  }

  @ParameterizedTest
  @MethodSource
  void constraints(ConstraintCase c) {
    assertThat(PODS.constraints(c.hard(), Yaml.of(c.pod()))).isEqualTo(c.error());
  }
}

package io.kubesim.apiserver.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.core.quota.Evaluators;
import io.kubesim.core.quota.ResourceList;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

class QuotaCheckTest {
  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

  /** A request: the operation, the object and, for an update, the stored one. */
  record Request(Operation operation, ResourceType type, String object, String old) {
    Attributes attributes() {
      ObjectNode o = Yaml.of(object);
      return new Attributes(
          operation,
          type,
          null,
          "demo",
          o.path("metadata").path("name").asString(""),
          o,
          old == null ? null : Yaml.of(old),
          false);
    }
  }

  static Request createPod(String yaml) {
    return new Request(Operation.CREATE, Yaml.PODS, yaml, null);
  }

  record Case(
      String name, List<String> quotas, Request request, Map<String, String> used, String error) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static String quota(String name, String hard, String used) {
    return "metadata: {name: "
        + name
        + "}\nspec: {hard: "
        + hard
        + "}\nstatus: {hard: "
        + hard
        + (used == null ? "" : ", used: " + used)
        + "}";
  }

  private static final String NGINX = "metadata: {name: x}\nspec: {containers: [{name: nginx}]}";

  private static final String SMALL =
      """
      metadata: {name: quota-mem-cpu-demo-2}
      spec:
        containers:
        - name: quota-mem-cpu-demo-2-ctr
          resources:
            requests: {cpu: 400m, memory: 700Mi}
            limits: {cpu: 800m, memory: 1Gi}
      """;

  private static final String MEM_CPU =
      "{requests.cpu: \"1\", requests.memory: 1Gi, limits.cpu: \"2\", limits.memory: 2Gi}";

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "a pod within the quota is charged one pod",
            List.of(quota("q", "{pods: \"2\"}", "{pods: \"1\"}")),
            createPod(NGINX),
            Map.of("q", "pods=2"),
            null),
        new Case(
            "the pod past the last one is refused with what it asked, used and was limited",
            List.of(quota("q", "{pods: \"2\"}", "{pods: \"2\"}")),
            createPod(NGINX),
            null,
            "pods \"x\" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2,"
                + " limited: pods=2"),
        new Case(
            "the docs' second pod exceeds requests.memory only",
            List.of(
                quota(
                    "mem-cpu-demo",
                    MEM_CPU,
                    "{requests.cpu: 400m, requests.memory: 600Mi, limits.cpu: 800m, limits.memory: 800Mi}")),
            createPod(SMALL),
            null,
            "pods \"quota-mem-cpu-demo-2\" is forbidden: exceeded quota: mem-cpu-demo, requested:"
                + " requests.memory=700Mi, used: requests.memory=600Mi, limited:"
                + " requests.memory=1Gi"),
        new Case(
            "a pod without the cpu limit a quota tracks is refused before any count",
            List.of(quota("q", "{limits.cpu: \"2\", limits.memory: 2Gi}", "{}")),
            createPod(NGINX),
            null,
            "pods \"x\" is forbidden: failed quota: q: must specify limits.cpu for: nginx;"
                + " limits.memory for: nginx"),
        new Case(
            "a quota the controller has not counted yet refuses what it would limit",
            List.of(quota("q", "{pods: \"2\"}", null)),
            createPod(NGINX),
            null,
            "pods \"x\" is forbidden: status unknown for quota: q, resources: pods"),
        new Case(
            "a quota without status limits nothing yet",
            List.of("metadata: {name: q}\nspec: {hard: {pods: \"0\"}}"),
            createPod(NGINX),
            Map.of(),
            null),
        new Case(
            "a BestEffort quota does not charge a pod with requests",
            List.of(
                quota("q", "{pods: \"0\"}", "{pods: \"0\"}") + "\n",
                "metadata: {name: be}\nspec: {hard: {pods: \"0\"}, scopes: [BestEffort]}\n"
                    + "status: {hard: {pods: \"0\"}, used: {pods: \"0\"}}"),
            createPod(SMALL),
            null,
            "pods \"quota-mem-cpu-demo-2\" is forbidden: exceeded quota: q, requested: pods=1,"
                + " used: pods=0, limited: pods=0"),
        new Case(
            "every covering quota is charged",
            List.of(
                quota("a", "{pods: \"5\"}", "{pods: \"1\"}"),
                quota(
                    "b",
                    "{count/pods: \"5\", requests.cpu: \"1\"}",
                    "{count/pods: \"0\", requests.cpu: \"0\"}")),
            createPod(SMALL),
            Map.of("a", "pods=2", "b", "count/pods=1,requests.cpu=400m"),
            null),
        new Case(
            "an object count quota is charged by a create of its kind",
            List.of(
                quota("q", "{count/deployments.apps: \"1\"}", "{count/deployments.apps: \"1\"}")),
            new Request(
                Operation.CREATE,
                io.kubesim.apiserver.resource.Resources.find("apps", "v1", "deployments").get(),
                "metadata: {name: web}",
                null),
            null,
            "deployments.apps \"web\" is forbidden: exceeded quota: q, requested:"
                + " count/deployments.apps=1, used: count/deployments.apps=1, limited:"
                + " count/deployments.apps=1"),
        new Case(
            "a service turned into a NodePort is charged its node ports",
            List.of(quota("q", "{services.nodeports: \"1\"}", "{services.nodeports: \"0\"}")),
            new Request(
                Operation.UPDATE,
                io.kubesim.apiserver.resource.Resources.find("", "v1", "services").get(),
                "metadata: {name: s}\nspec: {type: NodePort, ports: [{port: 80}, {port: 81}]}",
                "metadata: {name: s, resourceVersion: \"5\"}\nspec: {ports: [{port: 80}, {port: 81}]}"),
            null,
            "services \"s\" is forbidden: exceeded quota: q, requested: services.nodeports=2,"
                + " used: services.nodeports=0, limited: services.nodeports=1"),
        new Case(
            "a grown claim is charged only the growth",
            List.of(quota("q", "{requests.storage: 5Gi}", "{requests.storage: 2Gi}")),
            new Request(
                Operation.UPDATE,
                Yaml.CLAIMS,
                "metadata: {name: c}\nspec: {resources: {requests: {storage: 3Gi}}}",
                "metadata: {name: c, resourceVersion: \"5\"}\n"
                    + "spec: {resources: {requests: {storage: 1Gi}}}"),
            Map.of("q", "requests.storage=4Gi"),
            null));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void aRequestAgainstTheNamespaceQuotas(Case c) {
    List<ObjectNode> quotas = c.quotas().stream().map(Yaml::of).toList();
    Attributes a = c.request().attributes();
    Map<String, String> used = new TreeMap<>();
    String error =
        Yaml.refusal(
            () ->
                QuotaCheck.check(quotas, a, Evaluators.forResource(a.resource()), NOW)
                    .forEach(
                        charge -> used.put(charge.quota(), ResourceList.pretty(charge.used()))));
    assertThat(error).isEqualTo(c.error());
    if (c.error() == null) {
      assertThat(used).isEqualTo(c.used());
    }
  }
}

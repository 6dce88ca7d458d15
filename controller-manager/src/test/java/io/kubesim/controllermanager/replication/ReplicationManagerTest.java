package io.kubesim.controllermanager.replication;

import static io.kubesim.controllermanager.TestPods.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.kubesim.controllermanager.Kube;
import io.kubesim.controllermanager.replicaset.ReplicaSetPlanner;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

class ReplicationManagerTest {
  private static ObjectNode json(String text) {
    return (ObjectNode) Json.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The docs' nginx ReplicationController, as the apiserver stores it. */
  static ObjectNode nginx() {
    return json(
        """
        {"apiVersion":"v1","kind":"ReplicationController",
         "metadata":{"name":"nginx","namespace":"default","uid":"rc-uid","generation":1,
                     "labels":{"app":"nginx"}},
         "spec":{"replicas":3,"minReadySeconds":5,"selector":{"app":"nginx"},
                 "template":{"metadata":{"name":"nginx","labels":{"app":"nginx"}},
                             "spec":{"containers":[{"name":"nginx","image":"nginx",
                                                    "ports":[{"containerPort":80}]}]}}},
         "status":{"replicas":2,"readyReplicas":1}}""");
  }

  record Case(String name, ObjectNode controller, String expectedSpec) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> conversions() {
    ObjectNode noSelector = nginx();
    ((ObjectNode) noSelector.get("spec")).remove("selector");
    return Stream.of(
        new Case(
            "The label map becomes the selector's matchLabels; everything else is kept",
            nginx(),
            """
            {"replicas":3,"minReadySeconds":5,"selector":{"matchLabels":{"app":"nginx"}},
             "template":{"metadata":{"name":"nginx","labels":{"app":"nginx"}},
                         "spec":{"containers":[{"name":"nginx","image":"nginx",
                                                "ports":[{"containerPort":80}]}]}}}"""),
        new Case(
            "A missing selector is an empty one",
            noSelector,
            """
            {"replicas":3,"minReadySeconds":5,"selector":{"matchLabels":{}},
             "template":{"metadata":{"name":"nginx","labels":{"app":"nginx"}},
                         "spec":{"containers":[{"name":"nginx","image":"nginx",
                                                "ports":[{"containerPort":80}]}]}}}"""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("conversions")
  void convertsToAReplicaSet(Case c) {
    ObjectNode before = c.controller().deepCopy();

    ObjectNode converted = ReplicationManager.asReplicaSet(c.controller());

    assertThat(converted.get("spec")).isEqualTo(json(c.expectedSpec()));
    assertThat(converted.get("metadata")).isEqualTo(before.get("metadata"));
    assertThat(converted.get("status")).isEqualTo(before.get("status"));
    assertThat(c.controller()).as("the stored object is not changed").isEqualTo(before);
  }

  @Test
  void theReplicaSetViewKeepsTheKindSoPodsAreOwnedByTheReplicationController() {
    ReplicaSet rs = ApiClient.as(ReplicationManager.asReplicaSet(nginx()), ReplicaSet.class);

    ReplicaSetPlanner.Plan plan = ReplicaSetPlanner.plan(rs, List.<Pod>of(), NOW);

    assertThat(plan.creates()).hasSize(3);
    Pod pod = plan.creates().get(0);
    assertThat(pod.getMetadata().getGenerateName()).isEqualTo("nginx-");
    assertThat(pod.getMetadata().getLabels())
        .containsExactlyEntriesOf(java.util.Map.of("app", "nginx"));
    OwnerReference owner = Kube.controllerOf(pod).orElseThrow();
    assertThat(List.of(owner.getApiVersion(), owner.getKind(), owner.getName(), owner.getUid()))
        .containsExactly("v1", "ReplicationController", "nginx", "rc-uid");
    assertThat(owner.getBlockOwnerDeletion()).isTrue();
    assertThat(Kube.selector(rs.getSpec().getSelector()).toString()).isEqualTo("app=nginx");
  }

  @Test
  void itsStatusHasTheReplicationControllersFields() {
    ReplicaSet rs = ApiClient.as(ReplicationManager.asReplicaSet(nginx()), ReplicaSet.class);

    ObjectNode status =
        ApiClient.tree(ReplicaSetPlanner.calculateStatus(rs, List.of(), "no quota", NOW));

    assertThat(status.propertyNames())
        .containsExactlyInAnyOrder(
            "replicas",
            "fullyLabeledReplicas",
            "readyReplicas",
            "availableReplicas",
            "observedGeneration",
            "conditions");
    assertThat(status.at("/conditions/0/type").asString()).isEqualTo("ReplicaFailure");
    assertThat(status.at("/conditions/0/reason").asString()).isEqualTo("FailedCreate");
  }

  @Test
  void theKindIsTheReplicationManagersAsKubeControllerManagerNamesIt() {
    assertThat(ReplicationManager.KIND.queue()).isEqualTo("replicationmanager");
    assertThat(ReplicationManager.KIND.eventSource()).isEqualTo("replication-controller");
    assertThat(ReplicationManager.KIND.path().collection("default"))
        .isEqualTo("/api/v1/namespaces/default/replicationcontrollers");
  }
}

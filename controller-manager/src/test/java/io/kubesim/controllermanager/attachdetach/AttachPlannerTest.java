package io.kubesim.controllermanager.attachdetach;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.controllermanager.attachdetach.AttachPlanner.Plan;
import io.kubesim.controllermanager.attachdetach.AttachPlanner.Use;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AttachPlannerTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  private static Use use(String namespace, String pod, String node, int age) {
    return new Use(namespace, pod, node, T0.minusSeconds(age));
  }

  private static Use use(String pod, String node, int age) {
    return use("default", pod, node, age);
  }

  record Case(
      String name,
      boolean exclusive,
      List<Use> uses,
      Set<String> attachedTo,
      Set<String> attach,
      Set<String> detach,
      Map<String, String> refused) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final String USED_BY_DB_0 =
      "Multi-Attach error for volume \"pv-1\" Volume is already used by pod(s) db-0";

  static List<Case> cases() {
    return List.of(
        new Case(
            "the first pod's node gets the volume",
            true,
            List.of(use("db-0", "n1", 10)),
            Set.of(),
            Set.of("n1"),
            Set.of(),
            Map.of()),
        new Case(
            "pods on the same node share it",
            true,
            List.of(use("db-0", "n1", 10), use("db-1", "n1", 5)),
            Set.of("n1"),
            Set.of(),
            Set.of(),
            Map.of()),
        new Case(
            "a pod on another node is refused, naming the pod that holds it",
            true,
            List.of(use("db-1", "n2", 50), use("db-0", "n1", 10)),
            Set.of("n1"),
            Set.of(),
            Set.of(),
            Map.of("db-1", USED_BY_DB_0)),
        new Case(
            "with nothing attached yet the oldest pod wins and the others are refused",
            true,
            List.of(use("db-1", "n2", 5), use("db-0", "n1", 10)),
            Set.of(),
            Set.of("n1"),
            Set.of(),
            Map.of("db-1", USED_BY_DB_0)),
        new Case(
            "pods of other namespaces are only counted",
            true,
            List.of(use("a", "db-0", "n1", 10), use("b", "web", "n2", 5)),
            Set.of("n1"),
            Set.of(),
            Set.of(),
            Map.of(
                "web",
                "Multi-Attach error for volume \"pv-1\" Volume is already used by 1 pod(s) in"
                    + " different namespaces")),
        new Case(
            "the first pod gone, the volume moves to the waiting pod's node",
            true,
            List.of(use("db-1", "n2", 5)),
            Set.of("n1"),
            Set.of("n2"),
            Set.of("n1"),
            Map.of()),
        new Case(
            "no pod left, the volume is detached",
            true,
            List.of(),
            Set.of("n1"),
            Set.of(),
            Set.of("n1"),
            Map.of()),
        new Case(
            "a ReadWriteMany or ReadOnlyMany volume is never attached nor refused",
            false,
            List.of(use("db-0", "n1", 10), use("db-1", "n2", 5)),
            Set.of(),
            Set.of(),
            Set.of(),
            Map.of()));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void plansWhereTheVolumeIsAttached(Case c) {
    Plan plan = AttachPlanner.plan("pv-1", c.exclusive(), c.uses(), c.attachedTo());
    assertThat(plan.attach()).as("attach").isEqualTo(c.attach());
    assertThat(plan.detach()).as("detach").isEqualTo(c.detach());
    Map<String, String> refused = new TreeMap<>();
    plan.refused()
        .forEach(
            (u, e) -> {
              assertThat(e.reason()).isEqualTo("FailedAttachVolume");
              assertThat(e.type()).isEqualTo("Warning");
              refused.put(u.pod(), e.message());
            });
    assertThat(refused).as("refused").isEqualTo(c.refused());
  }
}

package io.kubesim.kubelet.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The planner driven pass after pass against a fake API that applies each plan, with what a user or
 * the controller-manager does in between; each pass is 10 s after the previous one.
 */
class MirrorPlannerTest {
  static final MirrorNode CP = new MirrorNode("cp", "10.0.0.2", "uid-cp");
  static final MirrorNode WORKER = new MirrorNode("worker", "10.0.0.3", "uid-worker");
  static final Instant T0 = Instant.parse("2025-06-01T10:00:00Z");

  static ComponentMember member(String id, String component, String... nodes) {
    return new ComponentMember(id, component, List.of(nodes), null);
  }

  static final ComponentMember SCHED_A = member("a", "kube-scheduler", "cp");
  static final ComponentMember SCHED_A2 = member("a2", "kube-scheduler", "cp");
  static final ComponentMember SCHED_B = member("b", "kube-scheduler", "cp");
  static final ComponentMember PROXY = member("p", "kube-proxy", "cp", "worker", "worker2");
  static final ComponentMember API =
      new ComponentMember("api", "kube-apiserver", List.of("cp"), "10.0.0.9:6443");
  static final ComponentMember API_MOVED =
      new ComponentMember("api", "kube-apiserver", List.of("cp"), "10.0.0.10:6443");

  /** One thing that happens between passes. */
  sealed interface Step {}

  /** The kubelet plans with these members and the API applies the plan. */
  record Pass(List<ComponentMember> members) implements Step {}

  /** {@code kubectl delete pod}: the apiserver sets a deletionTimestamp. */
  record UserDeletes(String pod) implements Step {}

  /** The node lifecycle controller's MarkPodsNotReady. */
  record MarkedNotReady(String pod) implements Step {}

  /** The kubelet process starts again: it forgets what it wanted. */
  record KubeletRestarts() implements Step {}

  /** A pod someone made with the mirror annotation, of no static pod. */
  record OrphanAppears(String pod) implements Step {}

  static Pass pass(ComponentMember... members) {
    return new Pass(List.of(members));
  }

  record Case(String name, List<MirrorNode> nodes, List<Step> steps, String writes, String pods) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "a member's component gets a running, ready pod named like kind's",
            List.of(CP),
            List.of(pass(SCHED_A)),
            "create kube-scheduler-cp",
            "kube-scheduler-cp 1/1 Running 0 Ready=True"),
        new Case(
            "a pod whose process still runs is not written again",
            List.of(CP),
            List.of(pass(SCHED_A), pass(SCHED_A)),
            "",
            "kube-scheduler-cp 1/1 Running 0 Ready=True"),
        new Case(
            "the pod of a process that is gone shows its container killed: 0/1 Error",
            List.of(CP),
            List.of(pass(SCHED_A), pass()),
            "status kube-scheduler-cp",
            "kube-scheduler-cp 0/1 Error 0 Ready=False"),
        new Case(
            "a process that comes back is a restart of the container",
            List.of(CP),
            List.of(pass(SCHED_A), pass(), pass(SCHED_A2)),
            "status kube-scheduler-cp",
            "kube-scheduler-cp 1/1 Running 1 Ready=True last=Error(137)"),
        new Case(
            "a process replaced between two passes is a restart all the same",
            List.of(CP),
            List.of(pass(SCHED_A), pass(SCHED_A2)),
            "status kube-scheduler-cp",
            "kube-scheduler-cp 1/1 Running 1 Ready=True last=Error(137)"),
        new Case(
            "no pod is made for a component that never ran",
            List.of(CP),
            List.of(pass(), pass()),
            "",
            ""),
        new Case(
            "a second replica on the node reads as a second manifest",
            List.of(CP),
            List.of(pass(SCHED_A, SCHED_B)),
            "create kube-scheduler-2-cp, create kube-scheduler-cp",
            "kube-scheduler-2-cp 1/1 Running 0 Ready=True, kube-scheduler-cp 1/1 Running 0 Ready=True"),
        new Case(
            "the first replica restarted takes its pod back; the second is untouched",
            List.of(CP),
            List.of(pass(SCHED_A, SCHED_B), pass(SCHED_B), pass(SCHED_B, SCHED_A2)),
            "status kube-scheduler-cp",
            "kube-scheduler-2-cp 1/1 Running 0 Ready=True,"
                + " kube-scheduler-cp 1/1 Running 1 Ready=True last=Error(137)"),
        new Case(
            "kube-proxy serving several nodes gets a pod on each of this kubelet's nodes",
            List.of(CP, WORKER),
            List.of(pass(PROXY)),
            "create kube-proxy-cp, create kube-proxy-worker",
            "kube-proxy-cp 1/1 Running 0 Ready=True, kube-proxy-worker 1/1 Running 0 Ready=True"),
        new Case(
            "a component on another node gets no pod here",
            List.of(WORKER),
            List.of(pass(SCHED_A)),
            "",
            ""),
        new Case(
            "a pod a user deletes is deleted at once",
            List.of(CP),
            List.of(
                pass(SCHED_A),
                pass(),
                pass(SCHED_A2),
                new UserDeletes("kube-scheduler-cp"),
                pass(SCHED_A2)),
            "delete kube-scheduler-cp",
            ""),
        new Case(
            "a deleted pod comes back with its container's restarts",
            List.of(CP),
            List.of(
                pass(SCHED_A),
                pass(),
                pass(SCHED_A2),
                new UserDeletes("kube-scheduler-cp"),
                pass(SCHED_A2),
                pass(SCHED_A2)),
            "create kube-scheduler-cp",
            "kube-scheduler-cp 1/1 Running 1 Ready=True last=Error(137)"),
        new Case(
            "a restarted kubelet finds its pods and writes nothing",
            List.of(CP),
            List.of(pass(SCHED_A, SCHED_B), new KubeletRestarts(), pass(SCHED_A, SCHED_B)),
            "",
            "kube-scheduler-2-cp 1/1 Running 0 Ready=True, kube-scheduler-cp 1/1 Running 0 Ready=True"),
        new Case(
            "a pod the node lifecycle controller marked not ready is ready again while it runs",
            List.of(CP),
            List.of(pass(SCHED_A), new MarkedNotReady("kube-scheduler-cp"), pass(SCHED_A)),
            "status kube-scheduler-cp",
            "kube-scheduler-cp 1/1 Running 0 Ready=True"),
        new Case(
            "a pod marked not ready while its process is gone stays not ready",
            List.of(CP),
            List.of(pass(SCHED_A), new MarkedNotReady("kube-scheduler-cp"), pass()),
            "status kube-scheduler-cp",
            "kube-scheduler-cp 0/1 Error 0 Ready=False"),
        new Case(
            "a mirror pod of no manifest is an orphan and deleted",
            List.of(CP),
            List.of(pass(SCHED_A), new OrphanAppears("etcd-cp"), pass(SCHED_A)),
            "delete etcd-cp",
            "kube-scheduler-cp 1/1 Running 0 Ready=True"),
        new Case(
            "an apiserver advertising a new address replaces its pod",
            List.of(CP),
            List.of(pass(API), pass(API_MOVED)),
            "delete kube-apiserver-cp",
            ""),
        new Case(
            "the replaced apiserver pod keeps its container",
            List.of(CP),
            List.of(pass(API), pass(API_MOVED), pass(API_MOVED)),
            "create kube-apiserver-cp",
            "kube-apiserver-cp 1/1 Running 0 Ready=True"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theKubeletKeepsOnePodPerProcessAsAKubeadmNodeShowsItsStaticPods(Case c) {
    FakeApi api = new FakeApi();
    Map<String, Pod> remembered = Map.of();
    MirrorPlanner.Plan last = null;
    Instant now = T0;
    for (Step step : c.steps()) {
      if (step instanceof Pass p) {
        last = MirrorPlanner.plan(p.members(), c.nodes(), api.list(), remembered, now);
        remembered = last.wanted();
        api.apply(last);
        now = now.plusSeconds(10);
      } else if (step instanceof UserDeletes d) {
        api.markDeleted(d.pod(), now);
      } else if (step instanceof MarkedNotReady m) {
        api.markNotReady(m.pod(), now);
      } else if (step instanceof KubeletRestarts) {
        remembered = Map.of();
      } else if (step instanceof OrphanAppears o) {
        api.orphan(o.pod());
      }
    }
    assertThat(writes(last)).isEqualTo(c.writes());
    assertThat(api.table()).isEqualTo(c.pods());
  }

  static String writes(MirrorPlanner.Plan plan) {
    List<String> out = new ArrayList<>();
    plan.create().forEach(p -> out.add("create " + p.getMetadata().getName()));
    plan.updateStatus().forEach(p -> out.add("status " + p.getMetadata().getName()));
    plan.delete().forEach(p -> out.add("delete " + p.getMetadata().getName()));
    return String.join(", ", out.stream().sorted().toList());
  }

  /** The pods of the API, applied plans in, as the API would store them. */
  static final class FakeApi {
    private final Map<String, Pod> pods = new TreeMap<>();
    private int uids;

    List<Pod> list() {
      return List.copyOf(pods.values());
    }

    void apply(MirrorPlanner.Plan plan) {
      plan.delete().forEach(p -> pods.remove(p.getMetadata().getName()));
      for (Pod p : plan.create()) {
        assertThat(p.getMetadata().getUid()).as("a created pod has no uid yet").isNull();
        pods.put(
            p.getMetadata().getName(),
            new PodBuilder(p).editMetadata().withUid("uid-" + ++uids).endMetadata().build());
      }
      for (Pod p : plan.updateStatus()) {
        Pod stored = pods.get(p.getMetadata().getName());
        pods.put(
            p.getMetadata().getName(), new PodBuilder(stored).withStatus(p.getStatus()).build());
      }
    }

    void markDeleted(String name, Instant now) {
      pods.put(
          name,
          new PodBuilder(pods.get(name))
              .editMetadata()
              .withDeletionTimestamp(now.toString())
              .endMetadata()
              .build());
    }

    void markNotReady(String name, Instant now) {
      Pod pod = new PodBuilder(pods.get(name)).build();
      pod.getStatus().getConditions().stream()
          .filter(c -> c.getType().equals("Ready"))
          .forEach(
              c -> {
                c.setStatus("False");
                c.setLastTransitionTime(now.toString());
              });
      pods.put(name, pod);
    }

    void orphan(String name) {
      pods.put(
          name,
          new PodBuilder()
              .withNewMetadata()
              .withName(name)
              .withNamespace("kube-system")
              .withUid("orphan")
              .addToAnnotations(Manifests.MIRROR, "x")
              .endMetadata()
              .withNewSpec()
              .withNodeName("cp")
              .addNewContainer()
              .withName("etcd")
              .endContainer()
              .endSpec()
              .build());
    }

    /** NAME READY STATUS RESTARTS as kubectl prints them, the Ready condition and last state. */
    String table() {
      List<String> rows = new ArrayList<>();
      for (Pod p : pods.values()) {
        if (p.getStatus() == null || p.getStatus().getContainerStatuses() == null) {
          continue;
        }
        ContainerStatus c = p.getStatus().getContainerStatuses().get(0);
        boolean running = c.getState().getRunning() != null;
        String status = running ? "Running" : c.getState().getTerminated().getReason();
        String ready =
            p.getStatus().getConditions().stream()
                .filter(x -> x.getType().equals("Ready"))
                .map(PodCondition::getStatus)
                .findFirst()
                .orElse("?");
        String last =
            c.getLastState() != null && c.getLastState().getTerminated() != null
                ? " last="
                    + c.getLastState().getTerminated().getReason()
                    + "("
                    + c.getLastState().getTerminated().getExitCode()
                    + ")"
                : "";
        rows.add(
            p.getMetadata().getName()
                + " "
                + (c.getReady() && running ? 1 : 0)
                + "/1 "
                + status
                + " "
                + c.getRestartCount()
                + " Ready="
                + ready
                + last);
      }
      return String.join(", ", rows);
    }
  }
}

package io.kubesim.scheduler.plugins;

import static io.kubesim.scheduler.Fixtures.container;
import static io.kubesim.scheduler.Fixtures.info;
import static io.kubesim.scheduler.Fixtures.node;
import static io.kubesim.scheduler.Fixtures.pod;
import static io.kubesim.scheduler.Fixtures.req;
import static io.kubesim.scheduler.Fixtures.taint;
import static io.kubesim.scheduler.Fixtures.toleration;
import static io.kubesim.scheduler.Fixtures.withHostPort;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kubesim.scheduler.framework.FilterPlugin;
import io.kubesim.scheduler.framework.NodeInfo;
import io.kubesim.scheduler.framework.Status;
import io.kubesim.scheduler.framework.Status.Code;
import io.kubesim.scheduler.plugins.nodeaffinity.NodeAffinity;
import io.kubesim.scheduler.plugins.nodename.NodeName;
import io.kubesim.scheduler.plugins.nodeports.NodePorts;
import io.kubesim.scheduler.plugins.noderesources.NodeResourcesFit;
import io.kubesim.scheduler.plugins.nodeunschedulable.NodeUnschedulable;
import io.kubesim.scheduler.plugins.tainttoleration.TaintToleration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FiltersTest {

  record Case(
      String name, FilterPlugin plugin, Pod pod, NodeInfo node, Code code, List<String> reasons) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case passes(String name, FilterPlugin plugin, Pod pod, NodeInfo node) {
    return new Case(name, plugin, pod, node, Code.SUCCESS, List.of());
  }

  static Case fails(
      String name, FilterPlugin plugin, Pod pod, NodeInfo node, Code code, String... reasons) {
    return new Case(name, plugin, pod, node, code, List.of(reasons));
  }

  private static final Code UNRESOLVABLE = Code.UNSCHEDULABLE_AND_UNRESOLVABLE;
  private static final Code UNSCHEDULABLE = Code.UNSCHEDULABLE;

  static Stream<Case> cases() {
    var unschedulable = new NodeUnschedulable();
    var nodeName = new NodeName();
    var affinity = new NodeAffinity();
    var taints = new TaintToleration();
    var ports = new NodePorts();
    var fit = new NodeResourcesFit();
    NodeInfo cordoned = info(node("w1").editSpec().withUnschedulable(true).endSpec());
    NodeInfo controlPlane =
        info(
            node("cp")
                .editSpec()
                .withTaints(taint("node-role.kubernetes.io/control-plane", null, "NoSchedule"))
                .endSpec());
    NodeInfo gpuNode =
        info(node("gpu").editSpec().withTaints(taint("gpu", "true", "NoExecute")).endSpec());
    NodeInfo preferNode =
        info(node("p").editSpec().withTaints(taint("spot", "yes", "PreferNoSchedule")).endSpec());
    NodeInfo zoneA =
        info(
            node("a")
                .editMetadata()
                .addToLabels("topology.kubernetes.io/zone", "a")
                .addToLabels("disktype", "ssd")
                .addToLabels("cores", "16")
                .endMetadata());
    Pod web = pod("web", container()).build();
    NodeInfo port80Taken = info(node("w1"), pod("old", withHostPort(80, "TCP", null)).build());
    NodeInfo port80TakenOnIp =
        info(node("w1"), pod("old", withHostPort(80, "TCP", "10.0.0.1")).build());

    return Stream.of(
        passes("A schedulable node accepts any pod", unschedulable, web, info(node("w1"))),
        fails(
            "A cordoned node rejects a pod",
            unschedulable,
            web,
            cordoned,
            UNRESOLVABLE,
            "node(s) were unschedulable"),
        passes(
            "A cordoned node accepts a pod tolerating the unschedulable taint",
            unschedulable,
            withTolerations(
                web, toleration("node.kubernetes.io/unschedulable", "Exists", null, "NoSchedule")),
            cordoned),
        fails(
            "A cordoned node rejects a pod tolerating only NoExecute of that key",
            unschedulable,
            withTolerations(
                web, toleration("node.kubernetes.io/unschedulable", "Exists", null, "NoExecute")),
            cordoned,
            UNRESOLVABLE,
            "node(s) were unschedulable"),
        passes(
            "A pod without spec.nodeName fits any node by name", nodeName, web, info(node("w1"))),
        passes("A pod naming the node fits it", nodeName, named(web, "w1"), info(node("w1"))),
        fails(
            "A pod naming another node does not fit",
            nodeName,
            named(web, "w2"),
            info(node("w1")),
            UNRESOLVABLE,
            "node(s) didn't match the requested node name"),
        passes(
            "A nodeSelector matching the labels fits",
            affinity,
            selector(web, "disktype", "ssd"),
            zoneA),
        fails(
            "A nodeSelector with another value does not fit",
            affinity,
            selector(web, "disktype", "hdd"),
            zoneA,
            UNRESOLVABLE,
            "node(s) didn't match Pod's node affinity/selector"),
        passes(
            "An In expression on the zone fits",
            affinity,
            required(web, term(req("topology.kubernetes.io/zone", "In", "a", "b"))),
            zoneA),
        fails(
            "A NotIn expression excluding the zone does not fit",
            affinity,
            required(web, term(req("topology.kubernetes.io/zone", "NotIn", "a"))),
            zoneA,
            UNRESOLVABLE,
            "node(s) didn't match Pod's node affinity/selector"),
        passes(
            "A NotIn expression on a missing label fits",
            affinity,
            required(web, term(req("gpu", "NotIn", "yes"))),
            zoneA),
        passes(
            "An Exists expression on a present label fits",
            affinity,
            required(web, term(req("disktype", "Exists"))),
            zoneA),
        fails(
            "A DoesNotExist expression on a present label does not fit",
            affinity,
            required(web, term(req("disktype", "DoesNotExist"))),
            zoneA,
            UNRESOLVABLE,
            "node(s) didn't match Pod's node affinity/selector"),
        passes(
            "A Gt expression below the label's integer fits",
            affinity,
            required(web, term(req("cores", "Gt", "8"))),
            zoneA),
        fails(
            "An Lt expression below the label's integer does not fit",
            affinity,
            required(web, term(req("cores", "Lt", "8"))),
            zoneA,
            UNRESOLVABLE,
            "node(s) didn't match Pod's node affinity/selector"),
        fails(
            "A Gt expression on a non-integer label does not fit",
            affinity,
            required(web, term(req("disktype", "Gt", "1"))),
            zoneA,
            UNRESOLVABLE,
            "node(s) didn't match Pod's node affinity/selector"),
        passes(
            "Terms are ORed: the second term matches",
            affinity,
            required(web, term(req("disktype", "In", "hdd")), term(req("disktype", "In", "ssd"))),
            zoneA),
        fails(
            "Expressions inside a term are ANDed",
            affinity,
            required(web, term(req("disktype", "In", "ssd"), req("cores", "Lt", "4"))),
            zoneA,
            UNRESOLVABLE,
            "node(s) didn't match Pod's node affinity/selector"),
        passes(
            "A matchFields metadata.name term picks the node by name",
            affinity,
            required(web, fieldTerm(req("metadata.name", "In", "a"))),
            zoneA),
        fails(
            "A matchFields metadata.name term naming another node does not fit",
            affinity,
            required(web, fieldTerm(req("metadata.name", "In", "b"))),
            zoneA,
            UNRESOLVABLE,
            "node(s) didn't match Pod's node affinity/selector"),
        fails(
            "An empty term matches no node",
            affinity,
            required(web, new NodeSelectorTerm()),
            zoneA,
            UNRESOLVABLE,
            "node(s) didn't match Pod's node affinity/selector"),
        fails(
            "The control-plane taint without a value is printed with an empty value",
            taints,
            web,
            controlPlane,
            UNRESOLVABLE,
            "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"),
        passes(
            "An Exists toleration of the control-plane key tolerates it",
            taints,
            withTolerations(
                web,
                toleration("node-role.kubernetes.io/control-plane", "Exists", null, "NoSchedule")),
            controlPlane),
        passes(
            "An empty key with Exists tolerates every taint",
            taints,
            withTolerations(web, toleration(null, "Exists", null, null)),
            gpuNode),
        fails(
            "A NoExecute taint with a value is printed as key: value",
            taints,
            web,
            gpuNode,
            UNRESOLVABLE,
            "node(s) had untolerated taint {gpu: true}"),
        fails(
            "An Equal toleration with another value does not tolerate",
            taints,
            withTolerations(web, toleration("gpu", "Equal", "false", "NoExecute")),
            gpuNode,
            UNRESOLVABLE,
            "node(s) had untolerated taint {gpu: true}"),
        passes(
            "An Equal toleration with the value and no effect tolerates",
            taints,
            withTolerations(web, toleration("gpu", "Equal", "true", null)),
            gpuNode),
        passes("A PreferNoSchedule taint does not filter", taints, web, preferNode),
        passes("A pod without host ports fits next to one using port 80", ports, web, port80Taken),
        fails(
            "Host port 80/TCP is taken on 0.0.0.0",
            ports,
            pod("new", withHostPort(80, null, null)).build(),
            port80Taken,
            UNSCHEDULABLE,
            "node(s) didn't have free ports for the requested pod ports"),
        passes(
            "Host port 80/UDP is free when only TCP is taken",
            ports,
            pod("new", withHostPort(80, "UDP", null)).build(),
            port80Taken),
        passes(
            "Host port 80 on another host IP is free",
            ports,
            pod("new", withHostPort(80, "TCP", "10.0.0.2")).build(),
            port80TakenOnIp),
        fails(
            "Host port 80 on 0.0.0.0 conflicts with one bound to a single IP",
            ports,
            pod("new", withHostPort(80, "TCP", null)).build(),
            port80TakenOnIp,
            UNSCHEDULABLE,
            "node(s) didn't have free ports for the requested pod ports"),
        passes("A pod requesting nothing fits an empty node", fit, web, info(node("w1"))),
        fails(
            "Every missing resource is reported, pods first",
            fit,
            pod("big", container("cpu", "5", "memory", "9Gi")).build(),
            info(node("w1", "4", "8Gi", 0)),
            UNSCHEDULABLE,
            "Too many pods",
            "Insufficient cpu",
            "Insufficient memory"),
        fails(
            "Extended resources missing from allocatable are insufficient",
            fit,
            pod("gpu", container("nvidia.com/gpu", "1", "ephemeral-storage", "1Gi")).build(),
            info(node("w1")),
            UNSCHEDULABLE,
            "Insufficient ephemeral-storage",
            "Insufficient nvidia.com/gpu"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void filter(Case c) {
    Status status = c.plugin().filter(c.pod(), c.node());
    assertThat(status.code()).isEqualTo(c.code());
    assertThat(status.reasons()).containsExactlyElementsOf(c.reasons());
    if (!status.isSuccess()) {
      assertThat(status.plugin()).isEqualTo(c.plugin().name());
    }
  }

  static Pod withTolerations(Pod pod, io.fabric8.kubernetes.api.model.Toleration... t) {
    return new PodBuilder(pod).editSpec().withTolerations(t).endSpec().build();
  }

  static Pod named(Pod pod, String node) {
    return new PodBuilder(pod).editSpec().withNodeName(node).endSpec().build();
  }

  static Pod selector(Pod pod, String key, String value) {
    return new PodBuilder(pod).editSpec().addToNodeSelector(key, value).endSpec().build();
  }

  static NodeSelectorTerm term(NodeSelectorRequirement... reqs) {
    NodeSelectorTerm t = new NodeSelectorTerm();
    t.setMatchExpressions(List.of(reqs));
    return t;
  }

  static NodeSelectorTerm fieldTerm(NodeSelectorRequirement... reqs) {
    NodeSelectorTerm t = new NodeSelectorTerm();
    t.setMatchFields(List.of(reqs));
    return t;
  }

  static Pod required(Pod pod, NodeSelectorTerm... terms) {
    return new PodBuilder(pod)
        .editSpec()
        .withNewAffinity()
        .withNewNodeAffinity()
        .withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .withNodeSelectorTerms(terms)
        .endRequiredDuringSchedulingIgnoredDuringExecution()
        .endNodeAffinity()
        .endAffinity()
        .endSpec()
        .build();
  }
}

package io.kubesim.scheduler.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubesim.scheduler.Fixtures;
import io.kubesim.scheduler.framework.NodeInfo;
import org.junit.jupiter.api.Test;

class SchedulerCacheTest {
  private final SchedulerCache cache = new SchedulerCache();

  private static Node node(String name) {
    return Fixtures.node(name).build();
  }

  private static Pod pod(String name, String cpu, String nodeName) {
    Pod p = Fixtures.pod(name, Fixtures.container("cpu", cpu)).build();
    p.getSpec().setNodeName(nodeName);
    return p;
  }

  private long cpuOn(String node) {
    return cache.node(node).requested().milliCpu();
  }

  @Test
  void anAssumedPodCountsOnItsNodeUntilTheBindingIsConfirmed() {
    cache.addOrUpdateNode(node("w1"));
    Pod pending = pod("a", "500m", null);
    cache.assume("default/a", pending, "w1");
    assertThat(cpuOn("w1")).isEqualTo(500);
    assertThat(cache.isAssumed("default/a")).isTrue();

    cache.addOrUpdatePod("default/a", pod("a", "500m", "w1"));
    assertThat(cpuOn("w1")).isEqualTo(500);
    assertThat(cache.isAssumed("default/a")).isFalse();
    assertThat(cache.node("w1").pods()).hasSize(1);
  }

  @Test
  void aFailedBindingForgetsTheAssumption() {
    cache.addOrUpdateNode(node("w1"));
    cache.assume("default/a", pod("a", "500m", null), "w1");
    cache.forget("default/a");
    assertThat(cpuOn("w1")).isZero();
    assertThat(cache.nodeOf("default/a")).isNull();
  }

  @Test
  void forgettingAConfirmedPodDoesNothing() {
    cache.addOrUpdateNode(node("w1"));
    cache.addOrUpdatePod("default/a", pod("a", "500m", "w1"));
    cache.forget("default/a");
    assertThat(cpuOn("w1")).isEqualTo(500);
  }

  @Test
  void aFinishedPodFreesItsRequests() {
    cache.addOrUpdateNode(node("w1"));
    cache.addOrUpdatePod("default/a", pod("a", "500m", "w1"));
    Pod done = pod("a", "500m", "w1");
    done.setStatus(new io.fabric8.kubernetes.api.model.PodStatus());
    done.getStatus().setPhase("Succeeded");
    cache.addOrUpdatePod("default/a", done);
    assertThat(cpuOn("w1")).isZero();
    assertThat(cache.node("w1").pods()).isEmpty();
  }

  @Test
  void aPodSeenBeforeItsNodeIsCountedWhenTheNodeArrives() {
    cache.addOrUpdatePod("default/a", pod("a", "250m", "w9"));
    assertThat(cache.node("w9")).isNull();
    cache.addOrUpdateNode(node("w9"));
    assertThat(cpuOn("w9")).isEqualTo(250);
  }

  @Test
  void aNodeUpdateKeepsItsPodsAndARemovedNodeLeavesTheSnapshot() {
    cache.addOrUpdateNode(node("w1"));
    cache.addOrUpdateNode(node("w2"));
    cache.addOrUpdateNode(node("w3"));
    cache.addOrUpdatePod("default/a", pod("a", "100m", "w3"));
    cache.addOrUpdateNode(node("w3"));
    assertThat(cpuOn("w3")).isEqualTo(100);

    cache.removeNode("w1");
    assertThat(cache.snapshot()).extracting(NodeInfo::name).containsExactlyInAnyOrder("w2", "w3");
    assertThat(cpuOn("w3")).isEqualTo(100);
    cache.removePod("default/a");
    assertThat(cpuOn("w3")).isZero();
  }

  @Test
  void aPodMovedBetweenNodesIsCountedOnlyOnTheNewOne() {
    cache.addOrUpdateNode(node("w1"));
    cache.addOrUpdateNode(node("w2"));
    cache.assume("default/a", pod("a", "300m", null), "w1");
    cache.addOrUpdatePod("default/a", pod("a", "300m", "w2")); // another scheduler won
    assertThat(cpuOn("w1")).isZero();
    assertThat(cpuOn("w2")).isEqualTo(300);
  }
}

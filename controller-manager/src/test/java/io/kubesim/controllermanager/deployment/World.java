package io.kubesim.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import io.kubesim.controllermanager.Event;
import io.kubesim.controllermanager.Kube;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny stand-in for the apiserver and the ReplicaSet controller: it applies a plan (creates,
 * updates, deletes, status) and can make each RS's pods exist and become available.
 */
final class World {
  static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");

  Deployment d;
  final Map<String, ReplicaSet> rss = new LinkedHashMap<>();
  final List<Event> events = new ArrayList<>();
  Instant now = T0;
  int created;

  World(Deployment d) {
    this.d = d;
  }

  static Deployment deployment(int replicas, Object surge, Object unavailable) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("web")
        .withNamespace("default")
        .withUid("d-uid")
        .withGeneration(1L)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withProgressDeadlineSeconds(600)
        .withRevisionHistoryLimit(10)
        .withNewSelector()
        .addToMatchLabels("app", "web")
        .endSelector()
        .withNewStrategy()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withMaxSurge(intOrString(surge))
        .withMaxUnavailable(intOrString(unavailable))
        .endRollingUpdate()
        .endStrategy()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", "web")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage("nginx:1")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  static Deployment recreate(int replicas) {
    Deployment d = deployment(replicas, 0, 0);
    d.getSpec().getStrategy().setType("Recreate");
    d.getSpec().getStrategy().setRollingUpdate(null);
    return d;
  }

  static IntOrString intOrString(Object v) {
    return v instanceof Integer i ? new IntOrString(i) : new IntOrString((String) v);
  }

  /** A new template (image), as kubectl set image does: generation goes up. */
  void setImage(String image) {
    d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
    bumpGeneration();
  }

  void bumpGeneration() {
    d.getMetadata().setGeneration(d.getMetadata().getGeneration() + 1);
  }

  DeploymentPlanner.Plan sync() {
    return sync(Map.of());
  }

  DeploymentPlanner.Plan sync(Map<String, List<Pod>> pods) {
    DeploymentPlanner.Plan plan = DeploymentPlanner.plan(d, List.copyOf(rss.values()), pods, now);
    apply(plan);
    return plan;
  }

  void apply(DeploymentPlanner.Plan plan) {
    if (plan.create() != null) {
      ReplicaSet rs = Kube.copy(plan.create(), ReplicaSet.class);
      rs.getMetadata().setUid("rs-" + (++created));
      rs.getMetadata().setGeneration(1L);
      rs.getMetadata().setCreationTimestamp(Kube.format(now.plusSeconds(created)));
      rss.put(rs.getMetadata().getName(), rs);
    }
    for (ReplicaSet rs : plan.updates()) {
      ReplicaSet copy = Kube.copy(rs, ReplicaSet.class);
      copy.getMetadata().setGeneration(copy.getMetadata().getGeneration() + 1);
      rss.put(rs.getMetadata().getName(), copy);
    }
    plan.deletes().forEach(rss::remove);
    if (plan.revision() != null) {
      if (d.getMetadata().getAnnotations() == null) {
        d.getMetadata().setAnnotations(new LinkedHashMap<>());
      }
      d.getMetadata().getAnnotations().put(Revisions.REVISION, plan.revision());
    }
    if (plan.status() != null) {
      d.setStatus(plan.status());
    }
    events.addAll(plan.events());
  }

  /** The ReplicaSet controller and kubelets catch up: every RS has its pods, all available. */
  void allAvailable() {
    rss.values().forEach(rs -> setStatus(rs, spec(rs), spec(rs)));
  }

  /** Pods exist for every RS, but only the given RS's pods up to {@code available} are ready. */
  void podsExist() {
    rss.values()
        .forEach(rs -> setStatus(rs, spec(rs), Math.min(spec(rs), RolloutMath.available(rs))));
  }

  static void setStatus(ReplicaSet rs, int replicas, int available) {
    rs.setStatus(
        new ReplicaSetStatusBuilder()
            .withReplicas(replicas)
            .withReadyReplicas(available)
            .withAvailableReplicas(available)
            .withObservedGeneration(rs.getMetadata().getGeneration())
            .build());
  }

  static int spec(ReplicaSet rs) {
    return RolloutMath.specReplicas(rs);
  }

  ReplicaSet rs(int index) {
    return List.copyOf(rss.values()).get(index);
  }

  /** Spec sizes of the RSs, oldest first. */
  List<Integer> sizes() {
    return rss.values().stream().map(World::spec).toList();
  }

  /** Creates the first RS and makes it fully available and the rollout complete. */
  World stable() {
    sync();
    allAvailable();
    sync();
    now = now.plusSeconds(10);
    return this;
  }

  int available() {
    return RolloutMath.availableSum(rss.values());
  }
}

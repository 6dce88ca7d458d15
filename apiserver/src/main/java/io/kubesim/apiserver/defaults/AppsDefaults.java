package io.kubesim.apiserver.defaults;

import static io.kubesim.apiserver.defaults.Fields.Fill.plain;
import static io.kubesim.apiserver.defaults.Fields.Fill.pointer;

import tools.jackson.databind.node.ObjectNode;

/** apps/v1: k8s pkg/apis/apps/v1 defaults.go; every kind also gets spec.template defaulted. */
final class AppsDefaults {
  private AppsDefaults() {}

  /** SetDefaults_Deployment. */
  static void deployment(ObjectNode deployment) {
    ObjectNode spec = Fields.ensure(deployment, "spec");
    if (spec == null) {
      return;
    }
    // spec.replicas
    pointer("replicas", 1).applyTo(spec);
    ObjectNode strategy = Fields.ensure(spec, "strategy");
    if (strategy != null) {
      // spec.strategy.type
      plain("type", "RollingUpdate").applyTo(strategy);
      if (Fields.text(strategy, "type").equals("RollingUpdate")) {
        ObjectNode rollingUpdate = Fields.ensure(strategy, "rollingUpdate");
        // spec.strategy.rollingUpdate.maxUnavailable
        pointer("maxUnavailable", "25%").applyTo(rollingUpdate);
        // spec.strategy.rollingUpdate.maxSurge
        pointer("maxSurge", "25%").applyTo(rollingUpdate);
      }
    }
    // spec.revisionHistoryLimit
    pointer("revisionHistoryLimit", 10).applyTo(spec);
    // spec.progressDeadlineSeconds
    pointer("progressDeadlineSeconds", 600).applyTo(spec);
    PodDefaults.template(spec, "template");
  }

  /** SetDefaults_ReplicaSet. */
  static void replicaSet(ObjectNode replicaSet) {
    ObjectNode spec = Fields.ensure(replicaSet, "spec");
    // spec.replicas
    pointer("replicas", 1).applyTo(spec);
    PodDefaults.template(spec, "template");
  }

  /** SetDefaults_StatefulSet, and the claim templates' PersistentVolumeClaim defaults. */
  static void statefulSet(ObjectNode statefulSet) {
    ObjectNode spec = Fields.ensure(statefulSet, "spec");
    if (spec == null) {
      return;
    }
    // spec.podManagementPolicy
    plain("podManagementPolicy", "OrderedReady").applyTo(spec);
    ObjectNode updateStrategy = Fields.ensure(spec, "updateStrategy");
    if (updateStrategy != null) {
      // spec.updateStrategy.type, with an empty rollingUpdate only when the type was unset too
      if (Fields.unsetOrZero(updateStrategy, "type")) {
        updateStrategy.put("type", "RollingUpdate");
        Fields.ensure(updateStrategy, "rollingUpdate");
      }
      // spec.updateStrategy.rollingUpdate.partition, when a rollingUpdate is there
      if (Fields.text(updateStrategy, "type").equals("RollingUpdate")) {
        pointer("partition", 0).applyTo(Fields.object(updateStrategy, "rollingUpdate"));
      }
    }
    // spec.persistentVolumeClaimRetentionPolicy.whenDeleted / .whenScaled
    ObjectNode retention = Fields.ensure(spec, "persistentVolumeClaimRetentionPolicy");
    plain("whenDeleted", "Retain").applyTo(retention);
    plain("whenScaled", "Retain").applyTo(retention);
    // spec.replicas
    pointer("replicas", 1).applyTo(spec);
    // spec.revisionHistoryLimit
    pointer("revisionHistoryLimit", 10).applyTo(spec);
    PodDefaults.template(spec, "template");
    // spec.volumeClaimTemplates[]: status.phase Pending and spec.volumeMode Filesystem
    for (ObjectNode claim : Fields.objects(spec, "volumeClaimTemplates")) {
      CoreDefaults.persistentVolumeClaim(claim);
    }
  }

  /** SetDefaults_DaemonSet. */
  static void daemonSet(ObjectNode daemonSet) {
    ObjectNode spec = Fields.ensure(daemonSet, "spec");
    if (spec == null) {
      return;
    }
    ObjectNode updateStrategy = Fields.ensure(spec, "updateStrategy");
    if (updateStrategy != null) {
      // spec.updateStrategy.type
      plain("type", "RollingUpdate").applyTo(updateStrategy);
      if (Fields.text(updateStrategy, "type").equals("RollingUpdate")) {
        ObjectNode rollingUpdate = Fields.ensure(updateStrategy, "rollingUpdate");
        // spec.updateStrategy.rollingUpdate.maxUnavailable
        pointer("maxUnavailable", 1).applyTo(rollingUpdate);
        // spec.updateStrategy.rollingUpdate.maxSurge
        pointer("maxSurge", 0).applyTo(rollingUpdate);
      }
    }
    // spec.revisionHistoryLimit
    pointer("revisionHistoryLimit", 10).applyTo(spec);
    PodDefaults.template(spec, "template");
  }
}

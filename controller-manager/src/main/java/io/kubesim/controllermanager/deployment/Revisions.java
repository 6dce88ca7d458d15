package io.kubesim.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.kubesim.controllermanager.Kube;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The deployment.kubernetes.io annotations: a ReplicaSet's revision (and the revisions it held
 * before a rollback brought it back), and the desired/max replicas it was last sized for.
 */
public final class Revisions {
  public static final String REVISION = "deployment.kubernetes.io/revision";
  public static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
  public static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
  public static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";

  /** Annotations of the Deployment that are not copied to its ReplicaSets. */
  private static final Set<String> NOT_COPIED =
      Set.of(
          "kubectl.kubernetes.io/last-applied-configuration",
          REVISION,
          REVISION_HISTORY,
          DESIRED_REPLICAS,
          MAX_REPLICAS,
          "deprecated.deployment.rollback.to");

  private Revisions() {}

  /** The revision annotation as a number; 0 when absent or not a number. */
  public static long revision(HasMetadata object) {
    try {
      return Long.parseLong(Kube.annotations(object).getOrDefault(REVISION, "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  public static long maxRevision(Collection<ReplicaSet> rss) {
    return rss.stream().mapToLong(Revisions::revision).max().orElse(0);
  }

  public static OptionalInt intAnnotation(HasMetadata object, String key) {
    String value = Kube.annotations(object).get(key);
    if (value == null) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(Integer.parseInt(value));
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  static Map<String, String> mutableAnnotations(HasMetadata object) {
    if (object.getMetadata().getAnnotations() == null) {
      object.getMetadata().setAnnotations(new HashMap<>());
    } else if (!(object.getMetadata().getAnnotations() instanceof HashMap)) {
      object.getMetadata().setAnnotations(new HashMap<>(object.getMetadata().getAnnotations()));
    }
    return object.getMetadata().getAnnotations();
  }

  /** SetReplicasAnnotations; true when an annotation changed. */
  public static boolean setReplicasAnnotations(ReplicaSet rs, int desired, int max) {
    Map<String, String> a = mutableAnnotations(rs);
    boolean changed = false;
    changed |= !String.valueOf(desired).equals(a.put(DESIRED_REPLICAS, String.valueOf(desired)));
    changed |= !String.valueOf(max).equals(a.put(MAX_REPLICAS, String.valueOf(max)));
    return changed;
  }

  /**
   * SetNewReplicaSetAnnotations: copy the Deployment's own annotations, raise the revision to
   * {@code newRevision} when it is lower (a rollback to this template keeps the revisions it had in
   * revision-history, e.g. "1,3"), and for a ReplicaSet about to be created set desired/max
   * replicas. True when something changed.
   */
  public static boolean setNewReplicaSetAnnotations(
      Deployment d, ReplicaSet rs, long newRevision, boolean exists) {
    Map<String, String> a = mutableAnnotations(rs);
    boolean changed = false;
    for (Map.Entry<String, String> e : Kube.annotations(d).entrySet()) {
      if (!NOT_COPIED.contains(e.getKey()) && !e.getValue().equals(a.get(e.getKey()))) {
        a.put(e.getKey(), e.getValue());
        changed = true;
      }
    }
    Optional<String> oldText = Optional.ofNullable(a.get(REVISION));
    long old;
    try {
      old = Long.parseLong(oldText.orElse("0"));
    } catch (NumberFormatException e) {
      return false; // the real controller gives up on an unparsable revision too
    }
    if (old < newRevision) {
      a.put(REVISION, Long.toString(newRevision));
      changed = true;
      if (oldText.isPresent()) {
        String history = a.get(REVISION_HISTORY);
        a.put(
            REVISION_HISTORY,
            history == null || history.isEmpty() ? oldText.get() : history + "," + oldText.get());
      }
    }
    if (!exists
        && setReplicasAnnotations(
            rs, RolloutMath.replicas(d), RolloutMath.replicas(d) + RolloutMath.maxSurge(d))) {
      changed = true;
    }
    return changed;
  }
}

package io.kubesim.controllermanager.statefulset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.kubesim.controllermanager.Kube;
import io.kubesim.controllermanager.history.Revisions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * getStatefulSetRevisions and truncateHistory: the update revision is the set's template as it is
 * now (a new revision numbered one past the newest, or an existing one with the same data,
 * renumbered unless it already is the newest); the current revision is the one status names, or the
 * update revision when there is none. Example: revisions 1 (nginx:1.0) and 2 (nginx:1.1); {@code
 * kubectl rollout undo} puts nginx:1.0 back, so revision 1 becomes revision 3.
 */
final class StatefulSetHistory {
  private StatefulSetHistory() {}

  /**
   * @param current the revision the pods below the partition keep
   * @param update the revision new and updated pods get
   * @param create the update revision, to be created (null when it exists)
   * @param renumber the update revision with its new number, to be written (null when unchanged)
   * @param collisionCount the count the update revision was hashed with
   */
  record Resolved(
      ControllerRevision current,
      ControllerRevision update,
      ControllerRevision create,
      ControllerRevision renumber,
      int collisionCount) {}

  /** SortControllerRevisions: by number, then creation time, then name. */
  static final Comparator<ControllerRevision> BY_REVISION =
      Comparator.comparingLong(Revisions::revision)
          .thenComparing(
              r -> r.getMetadata().getCreationTimestamp(),
              Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(r -> r.getMetadata().getName());

  static Resolved revisions(StatefulSet set, List<ControllerRevision> owned) {
    List<ControllerRevision> sorted = owned.stream().sorted(BY_REVISION).toList();
    int collisionCount =
        set.getStatus() == null ? 0 : Kube.orZero(set.getStatus().getCollisionCount());
    long next = sorted.isEmpty() ? 1 : Revisions.revision(sorted.get(sorted.size() - 1)) + 1;
    ControllerRevision candidate = newRevision(set, next, collisionCount);
    String data = Revisions.dataText(candidate);
    List<ControllerRevision> equal =
        sorted.stream().filter(r -> data.equals(Revisions.dataText(r))).toList();
    ControllerRevision update;
    ControllerRevision create = null;
    ControllerRevision renumber = null;
    if (!equal.isEmpty() && equal.get(equal.size() - 1) == sorted.get(sorted.size() - 1)) {
      update = sorted.get(sorted.size() - 1);
    } else if (!equal.isEmpty()) {
      renumber = Kube.copy(equal.get(equal.size() - 1), ControllerRevision.class);
      renumber.setRevision(next);
      update = renumber;
    } else {
      create = candidate;
      update = candidate;
    }
    String currentName = set.getStatus() == null ? null : set.getStatus().getCurrentRevision();
    ControllerRevision current =
        sorted.stream()
            .filter(r -> r.getMetadata().getName().equals(currentName))
            .findFirst()
            .orElse(update);
    return new Resolved(current, update, create, renumber, collisionCount);
  }

  /** newRevision: the set's template as a revision, named after the hash of its data. */
  static ControllerRevision newRevision(StatefulSet set, long number, int collisionCount) {
    String hash = Revisions.hash(Revisions.patch(set.getSpec().getTemplate()), collisionCount);
    return Revisions.snapshot(set, set.getSpec().getTemplate(), hash, number);
  }

  /**
   * truncateHistory: the revisions beyond spec.revisionHistoryLimit (default 10) that neither
   * status nor any pod uses, oldest first.
   */
  static List<String> truncate(
      StatefulSet set, List<ControllerRevision> owned, List<Pod> pods, Resolved revisions) {
    Set<String> live = new HashSet<>();
    live.add(revisions.current().getMetadata().getName());
    live.add(revisions.update().getMetadata().getName());
    pods.forEach(p -> live.add(StatefulPods.revision(p)));
    List<ControllerRevision> history =
        owned.stream()
            .sorted(BY_REVISION)
            .filter(r -> !live.contains(r.getMetadata().getName()))
            .toList();
    Integer limit = set.getSpec().getRevisionHistoryLimit();
    int keep = limit == null ? 10 : limit;
    if (keep < 0 || history.size() <= keep) {
      return List.of();
    }
    List<String> deletes = new ArrayList<>();
    history.subList(0, history.size() - keep).forEach(r -> deletes.add(r.getMetadata().getName()));
    return deletes;
  }
}

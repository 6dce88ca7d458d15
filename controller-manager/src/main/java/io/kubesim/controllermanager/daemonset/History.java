package io.kubesim.controllermanager.daemonset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.kubesim.controllermanager.Kube;
import io.kubesim.controllermanager.deployment.PodTemplateHash;
import io.kubesim.controllermanager.history.Revisions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * A DaemonSet's history (pkg/controller/daemon/update.go constructHistory, snapshot, Match,
 * cleanupHistory): one apps/v1 ControllerRevision per template the DaemonSet has had, named {@code
 * <ds>-<hash>}, labelled with the template's labels and {@code controller-revision-hash}, carrying
 * the DaemonSet's annotations, and whose data is the strategic merge patch that puts that template
 * back: {@code {"spec":{"template":{"$patch":"replace", ...}}}}. {@code kubectl rollout undo}
 * applies that patch to the DaemonSet; {@code kubectl rollout history} lists the revisions the
 * DaemonSet controls.
 *
 * <p>The current revision is the one whose data equals the patch of the DaemonSet as it is now; its
 * number is one more than any other's, so a rollback to revision 1 of 2 renumbers it 3.
 */
public final class History {
  private History() {}

  /**
   * What constructHistory found and wants written.
   *
   * @param hash the current revision's hash: the label new pods get
   * @param create the current revision, to be created (null when it exists)
   * @param updates revisions to write back: a missing hash label added, the current one renumbered
   * @param deletes duplicates of the current revision (same template, another name)
   * @param relabels pods to give the surviving duplicate's hash, before the others go
   * @param old every other revision, for cleanup
   */
  public record Construction(
      String hash,
      ControllerRevision create,
      List<ControllerRevision> updates,
      List<String> deletes,
      List<Pod> relabels,
      List<ControllerRevision> old) {}

  public static Construction construct(
      DaemonSet ds, List<ControllerRevision> owned, List<Pod> ownedPods) {
    List<ControllerRevision> current = new ArrayList<>();
    List<ControllerRevision> old = new ArrayList<>();
    Map<String, ControllerRevision> updates = new LinkedHashMap<>();
    String patch = patchText(ds);
    for (ControllerRevision revision : owned) {
      ControllerRevision r = revision;
      if (!Kube.labels(r).containsKey(DaemonPods.REVISION_HASH)) {
        // named after itself rather than rehashed, so that a hash collision cannot mislabel it
        r = Kube.copy(r, ControllerRevision.class);
        Map<String, String> labels = new LinkedHashMap<>(Kube.labels(r));
        labels.put(DaemonPods.REVISION_HASH, r.getMetadata().getName());
        r.getMetadata().setLabels(labels);
        updates.put(r.getMetadata().getName(), r);
      }
      (patch.equals(dataText(r)) ? current : old).add(r);
    }
    long next = old.stream().mapToLong(History::revision).max().orElse(0) + 1;
    if (current.isEmpty()) {
      ControllerRevision created = snapshot(ds, next);
      return new Construction(
          Kube.labels(created).get(DaemonPods.REVISION_HASH),
          created,
          List.copyOf(updates.values()),
          List.of(),
          List.of(),
          List.copyOf(old));
    }
    // dedupCurHistories: the highest revision stays (the last of equals)
    ControllerRevision keep = current.get(0);
    for (ControllerRevision r : current) {
      if (revision(r) >= revision(keep)) {
        keep = r;
      }
    }
    String hash = Kube.labels(keep).get(DaemonPods.REVISION_HASH);
    List<String> deletes = new ArrayList<>();
    List<Pod> relabels = new ArrayList<>();
    if (current.size() > 1) {
      for (Pod pod : ownedPods) {
        if (!hash.equals(Kube.labels(pod).get(DaemonPods.REVISION_HASH))) {
          relabels.add(pod);
        }
      }
      for (ControllerRevision r : current) {
        if (r != keep) {
          deletes.add(r.getMetadata().getName());
        }
      }
    }
    if (revision(keep) < next) {
      ControllerRevision renumbered = Kube.copy(keep, ControllerRevision.class);
      renumbered.setRevision(next);
      updates.put(renumbered.getMetadata().getName(), renumbered);
    }
    return new Construction(
        hash,
        null,
        List.copyOf(updates.values()),
        List.copyOf(deletes),
        List.copyOf(relabels),
        List.copyOf(old));
  }

  /**
   * cleanupHistory: the old revisions beyond spec.revisionHistoryLimit (default 10), oldest first,
   * except those some pod (terminated ones included) still carries the hash of.
   */
  public static List<String> cleanup(DaemonSet ds, List<ControllerRevision> old, List<Pod> pods) {
    Integer limit = ds.getSpec().getRevisionHistoryLimit();
    int toKill = old.size() - (limit == null ? 10 : limit);
    if (toKill <= 0) {
      return List.of();
    }
    Set<String> live = new HashSet<>();
    for (Pod pod : pods) {
      String hash = Kube.labels(pod).get(DaemonPods.REVISION_HASH);
      if (hash != null && !hash.isEmpty()) {
        live.add(hash);
      }
    }
    List<String> deletes = new ArrayList<>();
    for (ControllerRevision r :
        old.stream().sorted(Comparator.comparingLong(History::revision)).toList()) {
      if (toKill <= 0) {
        break;
      }
      if (!live.contains(Kube.labels(r).get(DaemonPods.REVISION_HASH))) {
        deletes.add(r.getMetadata().getName());
        toKill--;
      }
    }
    return List.copyOf(deletes);
  }

  /** snapshot: the revision of the DaemonSet's template as it is now. */
  public static ControllerRevision snapshot(DaemonSet ds, long revision) {
    Integer collisions = ds.getStatus() == null ? null : ds.getStatus().getCollisionCount();
    String hash = PodTemplateHash.compute(ds.getSpec().getTemplate(), collisions);
    return Revisions.snapshot(ds, ds.getSpec().getTemplate(), hash, revision);
  }

  public static long revision(ControllerRevision r) {
    return Revisions.revision(r);
  }

  /** Match: the revision's data is, byte for byte, the DaemonSet's patch. */
  public static boolean matches(DaemonSet ds, ControllerRevision r) {
    return Revisions.matches(ds.getSpec().getTemplate(), r);
  }

  static String dataText(ControllerRevision r) {
    return Revisions.dataText(r);
  }

  static String patchText(DaemonSet ds) {
    return Revisions.patchText(ds.getSpec().getTemplate());
  }

  /** getPatch, as {@link Revisions#patch}. */
  public static ObjectNode patch(DaemonSet ds) {
    return Revisions.patch(ds.getSpec().getTemplate());
  }
}

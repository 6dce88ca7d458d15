package io.kubesim.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.kubesim.controllermanager.Kube;
import java.util.Collection;

/**
 * The rollout arithmetic of pkg/controller/deployment/util/deployment_util.go.
 *
 * <p>maxSurge and maxUnavailable are ints or percentages of spec.replicas. A percentage of surge
 * rounds <em>up</em> and one of unavailability rounds <em>down</em>, so that rounding never blocks
 * a rollout and never costs availability. With 10 replicas and the default 25%/25%: surge =
 * ceil(2.5) = 3 and unavailable = floor(2.5) = 2, so the rollout may run up to 13 pods and must
 * keep at least 8 available. Both resolving to 0 would deadlock (no extra pod, none removable), so
 * then maxUnavailable becomes 1: 1 replica with 10%/10% gives surge ceil(0.1) = 1, unavailable 0;
 * 0%/0% is rejected by validation, but 3 replicas with 10% and 0 gives surge 1, unavailable 0.
 */
public final class RolloutMath {
  public static final IntOrString DEFAULT_SURGE = new IntOrString("25%");
  public static final IntOrString DEFAULT_UNAVAILABLE = new IntOrString("25%");

  private RolloutMath() {}

  public record Fenceposts(int maxSurge, int maxUnavailable) {}

  /**
   * intstr.GetScaledValueFromIntOrPercent: an int as is; {@code "N%"} as N% of total, rounded up or
   * down.
   *
   * @throws IllegalArgumentException for a string that is not a percentage (validation forbids it)
   */
  public static int scaled(IntOrString value, int total, boolean roundUp) {
    if (value == null) {
      return 0;
    }
    if (value.getIntVal() != null) {
      return value.getIntVal();
    }
    String text = value.getStrVal();
    if (text == null || !text.endsWith("%")) {
      throw new IllegalArgumentException("invalid value for IntOrString: invalid value: " + text);
    }
    int percent = Integer.parseInt(text.substring(0, text.length() - 1));
    long product = (long) percent * total;
    return (int) (roundUp ? -Math.floorDiv(-product, 100) : Math.floorDiv(product, 100));
  }

  /** ResolveFenceposts: surge rounds up, unavailable rounds down, and never both zero. */
  public static Fenceposts resolveFenceposts(
      IntOrString maxSurge, IntOrString maxUnavailable, int desired) {
    int surge = scaled(maxSurge, desired, true);
    int unavailable = scaled(maxUnavailable, desired, false);
    if (surge == 0 && unavailable == 0) {
      unavailable = 1;
    }
    return new Fenceposts(surge, unavailable);
  }

  public static boolean isRollingUpdate(Deployment d) {
    return d.getSpec().getStrategy() == null
        || d.getSpec().getStrategy().getType() == null
        || "RollingUpdate".equals(d.getSpec().getStrategy().getType());
  }

  public static int replicas(Deployment d) {
    Integer replicas = d.getSpec().getReplicas();
    return replicas == null ? 1 : replicas;
  }

  private static Fenceposts fenceposts(Deployment d) {
    var strategy = d.getSpec().getStrategy();
    var rolling = strategy == null ? null : strategy.getRollingUpdate();
    IntOrString surge =
        rolling == null || rolling.getMaxSurge() == null ? DEFAULT_SURGE : rolling.getMaxSurge();
    IntOrString unavailable =
        rolling == null || rolling.getMaxUnavailable() == null
            ? DEFAULT_UNAVAILABLE
            : rolling.getMaxUnavailable();
    return resolveFenceposts(surge, unavailable, replicas(d));
  }

  /** MaxSurge: 0 for Recreate. */
  public static int maxSurge(Deployment d) {
    return isRollingUpdate(d) ? fenceposts(d).maxSurge() : 0;
  }

  /** MaxUnavailable: 0 for Recreate or 0 replicas, and never more than the replicas. */
  public static int maxUnavailable(Deployment d) {
    int replicas = replicas(d);
    if (!isRollingUpdate(d) || replicas == 0) {
      return 0;
    }
    return Math.min(fenceposts(d).maxUnavailable(), replicas);
  }

  public static int specReplicas(ReplicaSet rs) {
    return rs == null ? 0 : Kube.orZero(rs.getSpec().getReplicas());
  }

  /** GetReplicaCountForReplicaSets: the sum of spec.replicas. */
  public static int specSum(Collection<ReplicaSet> rss) {
    return rss.stream().mapToInt(RolloutMath::specReplicas).sum();
  }

  /** GetActualReplicaCountForReplicaSets: the sum of status.replicas. */
  public static int actualSum(Collection<ReplicaSet> rss) {
    return rss.stream()
        .mapToInt(rs -> rs.getStatus() == null ? 0 : Kube.orZero(rs.getStatus().getReplicas()))
        .sum();
  }

  public static int readySum(Collection<ReplicaSet> rss) {
    return rss.stream()
        .mapToInt(rs -> rs.getStatus() == null ? 0 : Kube.orZero(rs.getStatus().getReadyReplicas()))
        .sum();
  }

  public static int availableSum(Collection<ReplicaSet> rss) {
    return rss.stream().mapToInt(RolloutMath::available).sum();
  }

  public static int available(ReplicaSet rs) {
    return rs == null || rs.getStatus() == null
        ? 0
        : Kube.orZero(rs.getStatus().getAvailableReplicas());
  }

  /**
   * NewRSNewReplicas: how big the new ReplicaSet may be now. Rolling: grow it into the room the
   * surge leaves, but never past spec.replicas. 10 replicas, surge 3, old RS at 10, new at 0: 13 -
   * 10 = 3 may be added, so the new RS goes to 3. Recreate: straight to spec.replicas.
   */
  public static int newRSNewReplicas(Deployment d, Collection<ReplicaSet> all, ReplicaSet newRS) {
    if (!isRollingUpdate(d)) {
      return replicas(d);
    }
    int current = specSum(all);
    int maxTotal = replicas(d) + maxSurge(d);
    if (current >= maxTotal) {
      return specReplicas(newRS); // no room to grow
    }
    int scaleUp = Math.min(maxTotal - current, replicas(d) - specReplicas(newRS));
    return specReplicas(newRS) + scaleUp;
  }

  /**
   * GetProportion for proportional scaling (a scale of the Deployment during a rollout): each
   * active ReplicaSet gets its share of the change by the ratio of the new maximum size to the
   * maximum recorded in its max-replicas annotation, rounded half away from zero, capped by what is
   * left to hand out. 10 replicas with surge 3 (max 13) scaled to 20 (max 23): an old RS of 8 grows
   * by round(8 * 23 / 13) - 8 = round(14.15) - 8 = 6, a new RS of 5 by round(8.85) - 5 = 4; the 0
   * left over goes to the largest.
   */
  public static int proportion(ReplicaSet rs, Deployment d, int toAdd, int added) {
    if (rs == null || specReplicas(rs) == 0 || toAdd == 0 || toAdd == added) {
      return 0;
    }
    int fraction = fraction(rs, d);
    int allowed = toAdd - added;
    return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
  }

  private static int fraction(ReplicaSet rs, Deployment d) {
    if (replicas(d) == 0) {
      return -specReplicas(rs); // scaling down to zero: the whole RS goes
    }
    int maxNow = replicas(d) + maxSurge(d);
    int maxBefore = Revisions.intAnnotation(rs, Revisions.MAX_REPLICAS).orElse(0);
    if (maxBefore == 0) {
      // No annotation (hand-made or old RS): fall back to the Deployment's current size.
      maxBefore = d.getStatus() == null ? 0 : Kube.orZero(d.getStatus().getReplicas());
    }
    if (maxBefore == 0) {
      return 0;
    }
    double size = (double) specReplicas(rs) * maxNow / maxBefore;
    return (int) Math.round(size) - specReplicas(rs); // integer.RoundToInt32: half away from 0
  }
}

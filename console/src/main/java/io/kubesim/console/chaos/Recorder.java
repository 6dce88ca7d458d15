package io.kubesim.console.chaos;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Every experiment, from its start to the moment the cluster healed, judged again on each change
 * the console's watches bring ({@link #observe}) while any is unhealed. Exports {@code
 * kubesim_chaos_experiments_total{kind}} and the histogram {@code
 * kubesim_chaos_time_to_heal_seconds{kind}}. Kept in memory: the console's restart forgets the
 * timeline, Prometheus keeps the metrics. Called from the informers' context and from HTTP
 * handlers, hence synchronized; each call is short.
 */
public final class Recorder {
  /** The experiments kept for the timeline; older ones live on in the metrics only. */
  static final int KEEP = 200;

  /**
   * The histogram's buckets: a pod deleted comes back in a second or two, a killed node in the fast
   * profile takes 20 s and more (10 s until NotReady, 10 s until eviction), the default profile
   * minutes (40 s grace, then 300 s tolerations).
   */
  static final Duration[] BUCKETS = {
    Duration.ofSeconds(1),
    Duration.ofSeconds(2),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(15),
    Duration.ofSeconds(20),
    Duration.ofSeconds(30),
    Duration.ofSeconds(45),
    Duration.ofSeconds(60),
    Duration.ofSeconds(90),
    Duration.ofSeconds(120),
    Duration.ofSeconds(180),
    Duration.ofSeconds(300),
    Duration.ofSeconds(600)
  };

  private final Clock clock;
  private final MeterRegistry registry;
  private final Supplier<Snapshot> snapshot;
  private final List<Experiment> experiments = new ArrayList<>();
  private int nextId = 1;

  /**
   * @param snapshot the cluster as the watches show it now
   */
  public Recorder(Clock clock, MeterRegistry registry, Supplier<Snapshot> snapshot) {
    this.clock = clock;
    this.registry = registry;
    this.snapshot = snapshot;
  }

  /** An experiment begins now against the cluster as it is. */
  public synchronized Experiment begin(Kind kind, String target) {
    Snapshot now = snapshot.get();
    Experiment e =
        new Experiment(
            nextId++,
            kind,
            target,
            Target.of(kind, target, now.nodes().keySet()),
            clock.instant(),
            now.baseline(),
            null,
            null,
            List.of());
    experiments.add(e);
    if (experiments.size() > KEEP) {
      experiments.remove(0);
    }
    experiments(kind).increment();
    judge(experiments.size() - 1, now, e.startedAt());
    return experiments.get(experiments.size() - 1);
  }

  /**
   * The disruption of {@code target} (every node, when null) was ended ({@code chaos heal}): the
   * experiments still disrupting it are marked. Answers them.
   */
  public synchronized List<Experiment> ended(String target) {
    Instant now = clock.instant();
    List<Experiment> marked = new ArrayList<>();
    for (int i = 0; i < experiments.size(); i++) {
      Experiment e = experiments.get(i);
      if (e.kind() != Kind.KILL
          && e.endedAt() == null
          && (target == null || target.equals(e.target()))) {
        experiments.set(i, e.ended(now));
        marked.add(experiments.get(i));
      }
    }
    observe();
    return marked;
  }

  /** Judges every unhealed experiment against the cluster now. */
  public synchronized void observe() {
    if (experiments.stream().allMatch(Experiment::healed)) {
      return;
    }
    Snapshot now = snapshot.get();
    Instant at = clock.instant();
    for (int i = 0; i < experiments.size(); i++) {
      if (!experiments.get(i).healed()) {
        judge(i, now, at);
      }
    }
  }

  public synchronized List<Experiment> list() {
    return List.copyOf(experiments);
  }

  /** The latest experiment on {@code target}, or null. */
  public synchronized Experiment latest(String target) {
    for (int i = experiments.size() - 1; i >= 0; i--) {
      if (experiments.get(i).target().equals(target)) {
        return experiments.get(i);
      }
    }
    return null;
  }

  private void judge(int index, Snapshot now, Instant at) {
    Experiment judged = experiments.get(index).judged(now, at);
    experiments.set(index, judged);
    if (judged.healed()) {
      timeToHeal(judged.kind()).record(judged.timeToHeal());
    }
  }

  private Counter experiments(Kind kind) {
    return Counter.builder("kubesim.chaos.experiments")
        .description("Chaos experiments started, by kind")
        .tag("kind", kind.label())
        .register(registry);
  }

  private Timer timeToHeal(Kind kind) {
    return Timer.builder("kubesim.chaos.time.to.heal")
        .description(
            "From an experiment's start until every workload had its ready replicas, every node"
                + " was Ready and the disrupted target was back")
        .tag("kind", kind.label())
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
  }

  /** Registers every kind's series at zero, so that Prometheus sees them before any experiment. */
  public void registerMetrics() {
    for (Kind kind : Kind.values()) {
      experiments(kind);
      timeToHeal(kind);
    }
  }
}

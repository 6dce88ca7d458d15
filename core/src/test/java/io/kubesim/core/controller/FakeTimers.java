package io.kubesim.core.controller;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Timers moved by hand: {@link #advance} runs every task that became due, in time order. */
final class FakeTimers implements Timers {
  private long now;
  private final List<Task> tasks = new ArrayList<>();

  private static final class Task {
    final long at;
    final Runnable run;
    boolean cancelled;

    Task(long at, Runnable run) {
      this.at = at;
      this.run = run;
    }
  }

  @Override
  public synchronized long nowMillis() {
    return now;
  }

  @Override
  public synchronized Runnable schedule(long delayMillis, Runnable task) {
    Task t = new Task(now + Math.max(1, delayMillis), task);
    tasks.add(t);
    return () -> t.cancelled = true;
  }

  void advance(long millis) {
    long until;
    synchronized (this) {
      until = now + millis;
    }
    while (true) {
      Task next;
      synchronized (this) {
        next =
            tasks.stream()
                .filter(t -> t.at <= until)
                .min(Comparator.comparingLong(t -> t.at))
                .orElse(null);
        if (next == null) {
          now = until;
          return;
        }
        tasks.remove(next);
        now = next.at;
      }
      if (!next.cancelled) {
        next.run.run();
      }
    }
  }

  synchronized long pending() {
    return tasks.stream().filter(t -> !t.cancelled).count();
  }
}

package io.kubesim.controllermanager.job;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * A set of completion indexes as ordered, merged intervals (the job controller's orderedIntervals),
 * written as status.completedIndexes is: {@code 1,3-5,7} for 1, 3, 4, 5, 7; two neighbours stay
 * apart ({@code 3,4}), three or more collapse into a range.
 */
record IndexSet(List<Interval> intervals) {
  record Interval(int first, int last) {}

  static final IndexSet EMPTY = new IndexSet(List.of());

  IndexSet {
    intervals = List.copyOf(intervals);
  }

  /**
   * Parses {@code 1,3-5,7}, keeping indexes below {@code completions}; a malformed interval is
   * skipped, as the real parser logs and ignores it.
   */
  static IndexSet parse(String text, int completions) {
    if (text == null || text.isEmpty()) {
      return EMPTY;
    }
    List<Interval> result = new ArrayList<>();
    for (String part : text.split(",")) {
      String[] limits = part.split("-", -1);
      int first;
      int last;
      try {
        first = Integer.parseInt(limits[0]);
        if (first >= completions) {
          break;
        }
        last = limits.length > 1 ? Math.min(Integer.parseInt(limits[1]), completions - 1) : first;
      } catch (NumberFormatException e) {
        continue;
      }
      if (!result.isEmpty() && result.get(result.size() - 1).last() == first - 1) {
        Interval previous = result.remove(result.size() - 1);
        result.add(new Interval(previous.first(), last));
      } else {
        result.add(new Interval(first, last));
      }
    }
    return new IndexSet(result);
  }

  static IndexSet of(Collection<Integer> indexes) {
    return EMPTY.with(indexes);
  }

  /** This set with {@code indexes} added. */
  IndexSet with(Collection<Integer> indexes) {
    List<Interval> added = new ArrayList<>();
    for (int ix : new TreeSet<>(indexes)) {
      added.add(new Interval(ix, ix));
    }
    return merge(new IndexSet(added));
  }

  IndexSet merge(IndexSet other) {
    List<Interval> all = new ArrayList<>(intervals);
    all.addAll(other.intervals);
    all.sort((a, b) -> Integer.compare(a.first(), b.first()));
    List<Interval> result = new ArrayList<>();
    for (Interval next : all) {
      Interval last = result.isEmpty() ? null : result.get(result.size() - 1);
      if (last == null || next.first() > last.last() + 1) {
        result.add(next);
      } else if (last.last() < next.last()) {
        result.set(result.size() - 1, new Interval(last.first(), next.last()));
      }
    }
    return new IndexSet(result);
  }

  int total() {
    int count = 0;
    for (Interval i : intervals) {
      count += i.last() - i.first() + 1;
    }
    return count;
  }

  boolean has(int index) {
    for (Interval i : intervals) {
      if (i.first() <= index && index <= i.last()) {
        return true;
      }
    }
    return false;
  }

  boolean isEmpty() {
    return intervals.isEmpty();
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (Interval i : intervals) {
      if (out.length() > 0) {
        out.append(',');
      }
      out.append(i.first());
      if (i.last() > i.first()) {
        out.append(i.last() == i.first() + 1 ? ',' : '-').append(i.last());
      }
    }
    return out.toString();
  }
}

package io.kubesim.controllermanager.endpointslice;

import java.util.HashMap;
import java.util.Map;

/**
 * The endpointSliceTracker: what this controller last wrote for each Service, so that a sync never
 * plans from a cache that has not yet seen those writes (it would create a second slice for
 * endpoints it just placed). Versions are resourceVersions as numbers; {@link #DELETED} marks a
 * deleted slice.
 */
final class SliceTracker {
  static final long DELETED = -1;

  /** service key → slice name → the version written (or DELETED). */
  private final Map<String, Map<String, Long>> written = new HashMap<>();

  synchronized void wrote(String service, String slice, long version) {
    written.computeIfAbsent(service, k -> new HashMap<>()).put(slice, version);
  }

  /**
   * Whether the cache's slices of the Service lag behind what was written: a written slice missing
   * or older, a deleted one still there. Caught-up entries are forgotten.
   *
   * @param cached slice name → resourceVersion in the cache
   */
  synchronized boolean stale(String service, Map<String, Long> cached) {
    Map<String, Long> mine = written.get(service);
    if (mine == null) {
      return false;
    }
    mine.entrySet()
        .removeIf(
            e -> {
              Long seen = cached.get(e.getKey());
              return e.getValue() == DELETED ? seen == null : seen != null && seen >= e.getValue();
            });
    if (mine.isEmpty()) {
      written.remove(service);
      return false;
    }
    return true;
  }

  synchronized void forget(String service) {
    written.remove(service);
  }
}

package io.kubesim.apiserver.storage;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The mirror writes not yet sent, coalesced by key: an object written five times between two
 * flushes is sent once, an object created and deleted between them not at all (but still removed,
 * in case an earlier flush sent it). Not thread-safe; {@link HazelcastMirror} guards it.
 */
final class MirrorBatch {
  private Map<String, byte[]> puts = new HashMap<>();
  private Set<String> removals = new HashSet<>();
  private long resourceVersion;

  /** What one flush sends: the last bytes of each written key, the removed keys, and the rv. */
  record Drained(Map<String, byte[]> puts, Set<String> removals, long resourceVersion) {
    boolean isEmpty() {
      return puts.isEmpty() && removals.isEmpty();
    }
  }

  void put(String key, byte[] object, long rv) {
    removals.remove(key);
    puts.put(key, object);
    resourceVersion = Math.max(resourceVersion, rv);
  }

  void remove(String key, long rv) {
    puts.remove(key);
    removals.add(key);
    resourceVersion = Math.max(resourceVersion, rv);
  }

  int size() {
    return puts.size() + removals.size();
  }

  /** Everything pending, leaving the batch empty. */
  Drained drain() {
    Drained drained = new Drained(puts, removals, resourceVersion);
    puts = new HashMap<>();
    removals = new HashSet<>();
    return drained;
  }
}

package io.kubesim.core.controller;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import tools.jackson.databind.node.ObjectNode;

/**
 * client-go's Indexers on an informer's cache: each named function gives an object's index values
 * (its namespace, its controller's uid); the index maps each value to the keys of the objects that
 * have it, kept as the cache changes, so that a ReplicaSet's sync reads its own pods instead of
 * walking every pod of the cluster. Changed on the informer's context, read from any.
 */
final class CacheIndexes {
  private final Map<String, Function<ObjectNode, Collection<String>>> functions =
      new ConcurrentHashMap<>();
  private final Map<String, Map<String, Set<String>>> indexes = new ConcurrentHashMap<>();

  void add(String name, Function<ObjectNode, Collection<String>> function) {
    functions.put(name, function);
    indexes.put(name, new ConcurrentHashMap<>());
  }

  boolean has(String name) {
    return functions.containsKey(name);
  }

  /** The cache's entry {@code key} went from {@code old} to {@code now} (either may be null). */
  void update(String key, ObjectNode old, ObjectNode now) {
    functions.forEach(
        (name, function) -> {
          Map<String, Set<String>> index = indexes.get(name);
          Collection<String> before = old == null ? List.of() : function.apply(old);
          Collection<String> after = now == null ? List.of() : function.apply(now);
          for (String value : before) {
            if (!after.contains(value)) {
              index.computeIfPresent(
                  value,
                  (v, keys) -> {
                    keys.remove(key);
                    return keys.isEmpty() ? null : keys;
                  });
            }
          }
          for (String value : after) {
            index.computeIfAbsent(value, v -> ConcurrentHashMap.newKeySet()).add(key);
          }
        });
  }

  /** The keys of the objects whose {@code name} index holds {@code value}. */
  Set<String> keys(String name, String value) {
    Map<String, Set<String>> index = indexes.get(name);
    if (index == null) {
      throw new IllegalArgumentException("no index named " + name);
    }
    Set<String> keys = index.get(value);
    return keys == null ? Set.of() : Set.copyOf(keys);
  }
}

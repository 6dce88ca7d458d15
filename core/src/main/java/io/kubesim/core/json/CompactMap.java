package io.kubesim.core.json;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.NoSuchElementException;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * An object node's properties in insertion order, as Jackson's LinkedHashMap keeps them, but in one
 * array of keys and values while there are few: a pod's ~60 small objects then cost a quarter of
 * what their hash tables and entries did. Past {@link #MAX_ARRAY} properties (a big ConfigMap) it
 * turns into a LinkedHashMap, so that lookups stay constant-time. Not thread-safe, as
 * LinkedHashMap. Written by hand: the JDK and Jackson have no small ordered map.
 */
final class CompactMap extends AbstractMap<String, JsonNode> {
  static final int MAX_ARRAY = 16;
  private static final Object[] EMPTY = new Object[0];

  /** Keys at even indexes, their values after them. */
  private Object[] pairs = EMPTY;

  private int size;
  private LinkedHashMap<String, JsonNode> big;

  @Override
  public int size() {
    return big != null ? big.size() : size;
  }

  private int index(Object key) {
    for (int i = 0; i < size; i++) {
      if (pairs[2 * i] == key) {
        return i; // property names are mostly canonical: identity first
      }
    }
    for (int i = 0; i < size; i++) {
      if (pairs[2 * i].equals(key)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public JsonNode get(Object key) {
    if (big != null) {
      return big.get(key);
    }
    int i = index(key);
    return i < 0 ? null : value(i);
  }

  @Override
  public boolean containsKey(Object key) {
    return big != null ? big.containsKey(key) : index(key) >= 0;
  }

  @Override
  public JsonNode put(String key, JsonNode value) {
    if (big != null) {
      return big.put(key, value);
    }
    int i = index(key);
    if (i >= 0) {
      JsonNode old = value(i);
      pairs[2 * i + 1] = value;
      return old;
    }
    if (size == MAX_ARRAY) {
      big = new LinkedHashMap<>(4 * MAX_ARRAY);
      for (int j = 0; j < size; j++) {
        big.put((String) pairs[2 * j], value(j));
      }
      pairs = EMPTY;
      size = 0;
      return big.put(key, value);
    }
    if (2 * size == pairs.length) {
      pairs = Arrays.copyOf(pairs, Math.max(4, pairs.length * 2));
    }
    pairs[2 * size] = key;
    pairs[2 * size + 1] = value;
    size++;
    return null;
  }

  @Override
  public JsonNode remove(Object key) {
    if (big != null) {
      return big.remove(key);
    }
    int i = index(key);
    if (i < 0) {
      return null;
    }
    JsonNode old = value(i);
    removeAt(i);
    return old;
  }

  @Override
  public void clear() {
    big = null;
    pairs = EMPTY;
    size = 0;
  }

  private JsonNode value(int i) {
    return (JsonNode) pairs[2 * i + 1];
  }

  private void removeAt(int i) {
    System.arraycopy(pairs, 2 * i + 2, pairs, 2 * i, 2 * (size - i - 1));
    size--;
    pairs[2 * size] = null;
    pairs[2 * size + 1] = null;
  }

  @Override
  public Set<Entry<String, JsonNode>> entrySet() {
    return big != null ? big.entrySet() : new Entries();
  }

  private final class Entries extends AbstractSet<Entry<String, JsonNode>> {
    @Override
    public int size() {
      return size;
    }

    @Override
    public Iterator<Entry<String, JsonNode>> iterator() {
      return new Iterator<>() {
        private int next;
        private int last = -1;

        @Override
        public boolean hasNext() {
          return next < size;
        }

        @Override
        public Entry<String, JsonNode> next() {
          if (next >= size) {
            throw new NoSuchElementException();
          }
          last = next++;
          return new Property(last);
        }

        @Override
        public void remove() {
          if (last < 0) {
            throw new IllegalStateException();
          }
          removeAt(last);
          next = last;
          last = -1;
        }
      };
    }
  }

  /** An entry that writes through, as LinkedHashMap's do. */
  private final class Property implements Entry<String, JsonNode> {
    private final int at;

    Property(int at) {
      this.at = at;
    }

    @Override
    public String getKey() {
      return (String) pairs[2 * at];
    }

    @Override
    public JsonNode getValue() {
      return value(at);
    }

    @Override
    public JsonNode setValue(JsonNode value) {
      JsonNode old = value(at);
      pairs[2 * at + 1] = value;
      return old;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Entry<?, ?> e
          && getKey().equals(e.getKey())
          && java.util.Objects.equals(getValue(), e.getValue());
    }

    @Override
    public int hashCode() {
      return getKey().hashCode() ^ java.util.Objects.hashCode(getValue());
    }

    @Override
    public String toString() {
      return getKey() + "=" + getValue();
    }
  }
}

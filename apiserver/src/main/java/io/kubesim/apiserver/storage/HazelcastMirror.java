package io.kubesim.apiserver.storage;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.kubesim.core.MapNames;
import java.util.HashMap;
import java.util.Map;

/** The cluster's copy of every object: {@code kubesim.objects}, keyed like the store. */
public final class HazelcastMirror implements Mirror {
  private static final String RV = "resourceVersion";
  private final IMap<String, byte[]> objects;
  private final IMap<String, Long> meta;

  public HazelcastMirror(HazelcastInstance hazelcast) {
    this.objects = hazelcast.getMap(MapNames.OBJECTS);
    this.meta = hazelcast.getMap(MapNames.META);
  }

  @Override
  public void put(String key, byte[] object, long rv) {
    objects.setAsync(key, object);
    meta.setAsync(RV, rv);
  }

  @Override
  public void remove(String key, long rv) {
    objects.removeAsync(key);
    meta.setAsync(RV, rv);
  }

  @Override
  public long resourceVersion() {
    Long rv = meta.get(RV);
    return rv == null ? 0 : rv;
  }

  @Override
  public Map<String, byte[]> contents() {
    return new HashMap<>(objects);
  }

  /** Number of objects held cluster-wide (for metrics). */
  public int size() {
    return objects.size();
  }
}

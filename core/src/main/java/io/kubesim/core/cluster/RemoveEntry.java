package io.kubesim.core.cluster;

import com.hazelcast.map.EntryProcessor;
import java.util.Map;

/**
 * Removes the entries it runs on, in batches ({@code IMap.submitToKeys}) and without sending the
 * old values back as {@code removeAsync} does. Every member runs it, so it lives in core.
 */
public final class RemoveEntry<V> implements EntryProcessor<String, V, Void> {
  private static final long serialVersionUID = 1L;

  @Override
  public Void process(Map.Entry<String, V> entry) {
    entry.setValue(null);
    return null;
  }
}

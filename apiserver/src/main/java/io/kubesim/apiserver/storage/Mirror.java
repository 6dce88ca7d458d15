package io.kubesim.apiserver.storage;

import java.util.Map;

/**
 * Where committed objects are copied for the rest of the cluster (Hazelcast maps with backups).
 * Writes are fire-and-forget: the data directory is the record, the mirror is the shared copy.
 */
public interface Mirror {
  void put(String key, byte[] object, long rv);

  void remove(String key, long rv);

  /** The mirror's last resourceVersion and contents, to recover when the data directory lags. */
  long resourceVersion();

  Map<String, byte[]> contents();

  /** Sends what is still pending; called once, after the last write. */
  default void close() {}

  Mirror NONE =
      new Mirror() {
        @Override
        public void put(String key, byte[] object, long rv) {}

        @Override
        public void remove(String key, long rv) {}

        @Override
        public long resourceVersion() {
          return 0;
        }

        @Override
        public Map<String, byte[]> contents() {
          return Map.of();
        }
      };
}

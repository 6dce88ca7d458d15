package io.kubesim.apiserver.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.resource.Resources;
import io.kubesim.core.json.Json;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** A store reopened from its data directory or from the cluster's mirror serves the same JSON. */
class StoreRecoveryTest {
  private static final ResourceType CONFIGMAPS = Resources.find("", "v1", "configmaps").get();

  /** The cluster's copy, in memory. */
  static final class MemoryMirror implements Mirror {
    final Map<String, byte[]> objects = new HashMap<>();
    long rv;

    @Override
    public void put(String key, byte[] object, long rv) {
      objects.put(key, object);
      this.rv = rv;
    }

    @Override
    public void remove(String key, long rv) {
      objects.remove(key);
      this.rv = rv;
    }

    @Override
    public long resourceVersion() {
      return rv;
    }

    @Override
    public Map<String, byte[]> contents() {
      return new HashMap<>(objects);
    }
  }

  private static void put(Store store, String name, String value) {
    ObjectNode cm =
        (ObjectNode)
            Json.parse(
                ("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\""
                        + name
                        + "\",\"namespace\":\"default\"},\"data\":{\"k\":\""
                        + value
                        + "\"}}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    store.commit(CONFIGMAPS, "default", name, current -> new Store.Change.Put(cm));
  }

  private static void assertServes(Store store, String name, String value) {
    Stored stored = store.stored(CONFIGMAPS, "default", name);
    assertThat(stored.object().at("/data/k").asString()).isEqualTo(value);
    assertThat(Json.parse(stored.json())).isEqualTo(stored.object());
    assertThat(store.list(CONFIGMAPS, "default").entries())
        .extracting(e -> Json.parse(e.json()).at("/metadata/name").asString())
        .contains(name);
  }

  @Test
  void fromTheDataDirectory(@TempDir Path dir) {
    MemoryMirror mirror = new MemoryMirror();
    try (Store store = Store.open(dir, mirror, 10)) {
      put(store, "a", "1");
      put(store, "a", "2");
      put(store, "b", "3");
    }
    try (Store again = Store.open(dir, new MemoryMirror(), 10)) {
      assertServes(again, "a", "2");
      assertServes(again, "b", "3");
    }
  }

  @Test
  void fromTheClusterWhenTheDataDirectoryIsBehind(@TempDir Path old, @TempDir Path fresh) {
    MemoryMirror mirror = new MemoryMirror();
    try (Store store = Store.open(old, mirror, 10)) {
      put(store, "a", "1");
      put(store, "b", "2");
    }
    // A new, empty volume: the mirror is ahead and the store takes the cluster's copy.
    try (Store recovered = Store.open(fresh, mirror, 10)) {
      assertServes(recovered, "a", "1");
      assertServes(recovered, "b", "2");
      assertThat(recovered.resourceVersion()).isEqualTo(mirror.rv);
    }
  }
}

package io.kubesim.apiserver.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.kubesim.core.MapNames;
import io.kubesim.core.net.FreePorts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The batched mirror reaches a real Hazelcast map: last writes, removals, the rv, a last flush. */
class HazelcastMirrorTest {
  private static HazelcastInstance hazelcast;

  @BeforeAll
  static void start() throws Exception {
    Config config = new Config().setClusterName("mirror-" + UUID.randomUUID());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.getNetworkConfig().setPort(FreePorts.free()).setPortAutoIncrement(true);
    config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
    config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
    config.getNetworkConfig().getInterfaces().setEnabled(false);
    hazelcast = Hazelcast.newHazelcastInstance(config);
  }

  @AfterAll
  static void stop() {
    hazelcast.shutdown();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, byte[]> objects() {
    return hazelcast.getMap(MapNames.OBJECTS);
  }

  @Test
  void theMapGetsEachKeysLastStateAndTheResourceVersion() {
    HazelcastMirror mirror = new HazelcastMirror(hazelcast);
    mirror.put("configmaps/ns/kept", bytes("v1"), 11);
    mirror.put("configmaps/ns/kept", bytes("v2"), 12);
    mirror.put("configmaps/ns/gone", bytes("x"), 13);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> objects().containsKey("configmaps/ns/gone") && mirror.resourceVersion() == 13);

    mirror.remove("configmaps/ns/gone", 14);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> !objects().containsKey("configmaps/ns/gone") && mirror.resourceVersion() == 14);

    assertThat(new String(objects().get("configmaps/ns/kept"), StandardCharsets.UTF_8))
        .isEqualTo("v2");
    assertThat(mirror.contents()).containsOnlyKeys("configmaps/ns/kept");
    mirror.close();
  }

  @Test
  void closingSendsWhatIsPending() {
    HazelcastMirror mirror = new HazelcastMirror(hazelcast);
    for (int i = 0; i < 1000; i++) {
      mirror.put("configmaps/close/" + i, bytes("v" + i), 1000 + i);
    }
    mirror.close();

    assertThat(objects().get("configmaps/close/999")).isEqualTo(bytes("v999"));
    assertThat(mirror.resourceVersion()).isEqualTo(1999);
  }
}

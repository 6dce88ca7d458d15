package io.kubesim.apiserver.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A mirror batch sends each key once, with its last state. */
class MirrorBatchTest {
  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void keepsTheLastWriteOfEachKey() {
    MirrorBatch batch = new MirrorBatch();
    batch.put("pods/ns/a", bytes("1"), 5);
    batch.put("pods/ns/a", bytes("2"), 6);
    batch.put("pods/ns/b", bytes("3"), 7);

    MirrorBatch.Drained drained = batch.drain();

    assertThat(drained.puts()).containsOnlyKeys("pods/ns/a", "pods/ns/b");
    assertThat(new String(drained.puts().get("pods/ns/a"), StandardCharsets.UTF_8)).isEqualTo("2");
    assertThat(drained.removals()).isEmpty();
    assertThat(drained.resourceVersion()).isEqualTo(7);
  }

  @Test
  void aRemovalReplacesEarlierWritesAndAWriteReplacesAnEarlierRemoval() {
    MirrorBatch batch = new MirrorBatch();
    batch.put("pods/ns/a", bytes("1"), 1);
    batch.remove("pods/ns/a", 2);
    batch.remove("pods/ns/b", 3);
    batch.put("pods/ns/b", bytes("again"), 4);

    MirrorBatch.Drained drained = batch.drain();

    // a may have been sent by an earlier flush, so its removal still goes out.
    assertThat(drained.removals()).containsExactly("pods/ns/a");
    assertThat(drained.puts()).containsOnlyKeys("pods/ns/b");
    assertThat(drained.resourceVersion()).isEqualTo(4);
  }

  @Test
  void drainingEmptiesTheBatchButKeepsTheResourceVersion() {
    MirrorBatch batch = new MirrorBatch();
    batch.put("pods/ns/a", bytes("1"), 9);
    batch.drain();

    assertThat(batch.size()).isZero();
    batch.remove("pods/ns/a", 8);
    assertThat(batch.drain().resourceVersion()).isEqualTo(9);
  }
}

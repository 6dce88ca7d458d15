package io.kubesim.core.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesim.core.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class CacheIndexesTest {
  private static ObjectNode labelled(String... values) {
    ObjectNode o = Json.object();
    var array = o.putArray("v");
    for (String v : values) {
      array.add(v);
    }
    return o;
  }

  private final CacheIndexes indexes = new CacheIndexes();

  CacheIndexesTest() {
    indexes.add("v", CacheIndexesTest::strings);
  }

  private static List<String> strings(ObjectNode o) {
    return java.util.stream.StreamSupport.stream(o.path("v").spliterator(), false)
        .map(n -> n.asString())
        .toList();
  }

  @Test
  void followsAnObjectThroughItsChanges() {
    ObjectNode first = labelled("a", "b");
    indexes.update("k", null, first);
    indexes.update("j", null, labelled("b"));
    assertThat(indexes.keys("v", "a")).containsExactly("k");
    assertThat(indexes.keys("v", "b")).containsExactlyInAnyOrder("k", "j");
    ObjectNode second = labelled("b", "c");
    indexes.update("k", first, second);
    assertThat(indexes.keys("v", "a")).isEmpty();
    assertThat(indexes.keys("v", "c")).containsExactly("k");
    indexes.update("k", second, null);
    assertThat(indexes.keys("v", "b")).containsExactly("j");
    assertThat(indexes.keys("v", "c")).isEmpty();
    assertThat(indexes.has("v")).isTrue();
    assertThatThrownBy(() -> indexes.keys("w", "a")).isInstanceOf(IllegalArgumentException.class);
  }
}

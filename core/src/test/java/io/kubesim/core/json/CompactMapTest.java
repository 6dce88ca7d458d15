package io.kubesim.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.ObjectNode;

class CompactMapTest {
  @Test
  void behavesAsALinkedHashMapUnderRandomChanges() {
    Random random = new Random(42);
    for (int round = 0; round < 200; round++) {
      CompactMap compact = new CompactMap();
      Map<String, JsonNode> reference = new LinkedHashMap<>();
      int keys = 1 + random.nextInt(40); // on both sides of the switch to a hash map
      for (int op = 0; op < 300; op++) {
        // new String: keys equal but not identical, as from another parse
        String key = new String("k" + random.nextInt(keys));
        IntNode value = IntNode.valueOf(random.nextInt(5));
        switch (random.nextInt(5)) {
          case 0, 1 -> assertThat(compact.put(key, value)).isEqualTo(reference.put(key, value));
          case 2 -> assertThat(compact.remove(key)).isEqualTo(reference.remove(key));
          case 3 -> {
            int skip = random.nextInt(Math.max(1, reference.size()));
            removeNth(compact, skip);
            removeNth(reference, skip);
          }
          default -> {
            assertThat(compact.get(key)).isEqualTo(reference.get(key));
            assertThat(compact.containsKey(key)).isEqualTo(reference.containsKey(key));
          }
        }
        assertThat(new ArrayList<>(compact.entrySet()))
            .isEqualTo(new ArrayList<>(reference.entrySet()));
        assertThat(compact).isEqualTo(reference).hasSameHashCodeAs(reference);
      }
    }
  }

  private static void removeNth(Map<String, JsonNode> map, int n) {
    Iterator<Map.Entry<String, JsonNode>> it = map.entrySet().iterator();
    for (int i = 0; i <= n && it.hasNext(); i++) {
      it.next();
    }
    if (!map.isEmpty()) {
      it.remove();
    }
  }

  @Test
  void entriesWriteThroughAndClearEmpties() {
    CompactMap map = new CompactMap();
    map.put("a", IntNode.valueOf(1));
    map.put("b", IntNode.valueOf(2));
    map.entrySet().iterator().next().setValue(IntNode.valueOf(9));
    assertThat(map.get("a")).isEqualTo(IntNode.valueOf(9));
    map.clear();
    assertThat(map).isEmpty();
    map.put("c", IntNode.valueOf(3));
    assertThat(map.keySet()).containsExactly("c");
  }

  @Test
  void treesReadAndWriteAsBeforeAndShareShortStrings() {
    String json =
        "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\",\"labels\":{\"app\":\"web\"}},"
            + "\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"},"
            + "{\"type\":\"Initialized\",\"status\":\"True\"}],\"n\":1.5,\"ok\":true,\"x\":null}}";
    JsonNode tree = Json.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(Json.string(tree)).isEqualTo(json);
    JsonNode conditions = tree.at("/status/conditions");
    assertThat(conditions.get(0).get("status")).isSameAs(conditions.get(1).get("status"));
    ObjectNode copy = (ObjectNode) tree.deepCopy();
    assertThat(copy).isEqualTo(tree);
    copy.withObject("/metadata").put("name", "b");
    assertThat(tree.at("/metadata/name").asString()).isEqualTo("a");
    List<String> fields = new ArrayList<>();
    copy.properties().forEach(e -> fields.add(e.getKey()));
    assertThat(fields).containsExactly("kind", "metadata", "status");
    String longText = "x".repeat(100);
    assertThat(Json.NODES.stringNode(longText).asString()).isEqualTo(longText);
  }
}

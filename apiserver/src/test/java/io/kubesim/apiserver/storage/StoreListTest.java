package io.kubesim.apiserver.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.resource.Resources;
import io.kubesim.apiserver.storage.Store.Change;
import io.kubesim.core.json.Json;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

/** A list from a continue key: what sorts after it, within the namespace asked for. */
class StoreListTest {
  private static final ResourceType CONFIGMAPS = Resources.find("", "v1", "configmaps").get();
  private static Store store;

  record Case(String name, String namespace, String after, List<String> names) {
    @Override
    public String toString() {
      return name;
    }
  }

  @BeforeAll
  static void fill() {
    store = Store.open(null, Mirror.NONE, 10);
    for (String key : List.of("a/1", "a/2", "a/3", "b/1", "b/2")) {
      String ns = key.substring(0, 1);
      String name = key.substring(2);
      ObjectNode cm = Json.object();
      cm.put("apiVersion", "v1").put("kind", "ConfigMap");
      cm.putObject("metadata").put("name", name).put("namespace", ns);
      store.commit(CONFIGMAPS, ns, name, current -> new Change.Put(cm));
    }
  }

  @AfterAll
  static void close() {
    store.close();
  }

  static List<Case> cases() {
    return List.of(
        new Case("no key: every object", null, null, List.of("a/1", "a/2", "a/3", "b/1", "b/2")),
        new Case(
            "after a key: the rest of all namespaces", null, "a/2", List.of("a/3", "b/1", "b/2")),
        new Case("no key in a namespace: its objects", "a", null, List.of("a/1", "a/2", "a/3")),
        new Case("after a key of the namespace: its rest", "a", "a/1", List.of("a/2", "a/3")),
        new Case("after its last key: nothing", "a", "a/3", List.of()),
        new Case("a key before the namespace: all of it", "b", "a/9", List.of("b/1", "b/2")),
        new Case("a key past the namespace: nothing", "a", "x", List.of()),
        new Case(
            "a key that is no object's: what sorts after it", "a", "a/15", List.of("a/2", "a/3")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aListStartsAfterItsKey(Case c) {
    List<String> keys =
        store.list(CONFIGMAPS, c.namespace(), c.after()).items().stream()
            .map(Store::keyOf)
            .toList();
    assertThat(keys).containsExactlyElementsOf(c.names());
  }
}

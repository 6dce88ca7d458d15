package io.kubesim.apiserver.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.resource.Resources;
import io.kubesim.apiserver.storage.Store.Change;
import io.kubesim.core.json.Json;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** A decision made outside the lock is committed only on the object it saw. */
class GuaranteedUpdateTest {
  private static final ResourceType CONFIGMAPS = Resources.find("", "v1", "configmaps").get();

  private static ObjectNode configMap(String value) {
    ObjectNode cm = Json.object();
    cm.put("apiVersion", "v1").put("kind", "ConfigMap");
    cm.putObject("metadata").put("name", "c").put("namespace", "demo");
    cm.putObject("data").put("v", value);
    return cm;
  }

  @Test
  void aDecisionOnAnObjectThatMovedOnIsMadeAgainOnTheNewerOne() {
    try (Store store = Store.open(null, Mirror.NONE, 10)) {
      store.commit(CONFIGMAPS, "demo", "c", current -> new Change.Put(configMap("1")));
      AtomicInteger decisions = new AtomicInteger();
      store.guaranteedUpdate(
          CONFIGMAPS,
          "demo",
          "c",
          current -> {
            if (decisions.incrementAndGet() == 1) {
              // another writer commits between this decision and its commit
              store.commit(CONFIGMAPS, "demo", "c", c -> new Change.Put(configMap("2")));
            }
            ObjectNode next = current.deepCopy();
            ((ObjectNode) next.get("data"))
                .put("v", current.path("data").path("v").asString() + "+");
            return new Change.Put(next);
          });
      assertThat(decisions).hasValue(2);
      assertThat(store.get(CONFIGMAPS, "demo", "c").path("data").path("v").asString())
          .isEqualTo("2+");
      assertThat(store.resourceVersion()).isEqualTo(3);
    }
  }
}

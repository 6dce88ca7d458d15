package io.kubesim.ingress.status;

import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.controller.Keys;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the planned statuses. A conflict is left to the next sync, which the ingress's own update
 * event brings; one write per ingress at a time.
 */
public final class StatusUpdater {
  private static final Logger LOG = LoggerFactory.getLogger(StatusUpdater.class);
  private static final ResourcePath INGRESSES =
      ResourcePath.of("networking.k8s.io/v1", "ingresses");

  private final ApiClient api;
  private final Set<String> inFlight = new HashSet<>();

  public StatusUpdater(ApiClient api) {
    this.api = api;
  }

  /** Call on one context only. */
  public Future<Void> sync(List<ObjectNode> ingresses, ArrayNode wanted) {
    List<Future<?>> writes = new ArrayList<>();
    for (ObjectNode update : StatusPlanner.updates(ingresses, wanted)) {
      String key = Keys.of(update);
      if (!inFlight.add(key)) {
        continue;
      }
      String path = INGRESSES.item(Keys.namespace(key), Keys.name(key));
      writes.add(
          api.updateStatus(path, update)
              .onFailure(
                  e -> {
                    if (!ApiClient.isConflict(e) && !ApiClient.isNotFound(e)) {
                      LOG.warn("updating the status of ingress {}: {}", key, e.toString());
                    }
                  })
              .onComplete(r -> inFlight.remove(key)));
    }
    return Future.join(writes).mapEmpty();
  }
}

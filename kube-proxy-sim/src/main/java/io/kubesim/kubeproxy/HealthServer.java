package io.kubesim.kubeproxy;

import io.kubesim.core.json.Json;
import io.kubesim.kubeproxy.sync.Proxier;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * kube-proxy's healthz server (port 10256): /healthz and /livez answer 200 with {@code
 * {"lastUpdated": ..., "currentTime": ..., "nodeEligible": true}} while every proxier has synced
 * within two sync periods, 503 otherwise (a proxier that cannot sync its rules is unhealthy).
 */
final class HealthServer {
  private final List<Proxier> proxiers;
  private final Duration syncPeriod;
  private final Clock clock;

  HealthServer(List<Proxier> proxiers, Duration syncPeriod, Clock clock) {
    this.proxiers = proxiers;
    this.syncPeriod = syncPeriod;
    this.clock = clock;
  }

  void handle(HttpServerRequest request) {
    String path = request.path();
    if (!path.equals("/healthz") && !path.equals("/livez")) {
      request.response().setStatusCode(404).end("404 page not found\n");
      return;
    }
    Instant now = clock.instant();
    Instant oldest = null;
    boolean healthy = true;
    for (Proxier proxier : proxiers) {
      Instant synced = proxier.lastSynced();
      if (synced == null || synced.plus(syncPeriod.multipliedBy(2)).isBefore(now)) {
        healthy = false;
      }
      if (synced != null && (oldest == null || synced.isBefore(oldest))) {
        oldest = synced;
      }
    }
    ObjectNode body = Json.object();
    body.put("lastUpdated", (oldest == null ? Instant.EPOCH : oldest).toString());
    body.put("currentTime", now.toString());
    body.put("nodeEligible", true);
    request
        .response()
        .setStatusCode(healthy ? 200 : 503)
        .putHeader("Content-Type", "application/json")
        .putHeader("X-Content-Type-Options", "nosniff")
        .end(Json.string(body));
  }
}

package io.kubesim.console;

import io.kubesim.console.cluster.ClusterCache;
import io.kubesim.console.web.Push;
import io.kubesim.core.client.ApiClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;

/**
 * What every feature of the console shares.
 *
 * @param cluster the console's one decoded cache per watched resource (nodes, pods, workloads,
 *     Services, EndpointSlices, Ingresses, Events)
 * @param push sends a named update to every open page (server-sent events)
 */
public record ConsoleContext(
    Vertx vertx,
    ApiClient api,
    MeterRegistry registry,
    ConsoleConfig config,
    ClusterCache cluster,
    Push push,
    Clock clock) {}

package io.kubesim.ingress.proxy;

import io.kubesim.ingress.model.Endpoint;
import io.kubesim.ingress.model.Upstream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * ingress-nginx's default load balancing, round_robin (lua-resty-balancer with equal weights): each
 * upstream's ready endpoints in turn. The position of an upstream survives configuration changes,
 * as the Lua balancer keeps its state when only the endpoints change; a new upstream starts at a
 * random one.
 */
public final class Balancer {
  private final Map<String, AtomicInteger> positions = new ConcurrentHashMap<>();

  /** The next endpoint of {@code upstream}, which has at least one. */
  public Endpoint next(Upstream upstream) {
    List<Endpoint> endpoints = upstream.endpoints();
    AtomicInteger position =
        positions.computeIfAbsent(
            upstream.name(), n -> new AtomicInteger(ThreadLocalRandom.current().nextInt(1 << 16)));
    int i = Math.floorMod(position.getAndIncrement(), endpoints.size());
    return endpoints.get(i);
  }

  /** Forgets upstreams that are gone. */
  public void retain(java.util.Set<String> names) {
    positions.keySet().retainAll(names);
  }
}

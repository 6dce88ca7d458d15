package io.kubesim.controllermanager.servicelb;

import io.kubesim.controllermanager.Event;
import io.kubesim.core.net.Ipv4;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The cloud provider's part of a LoadBalancer Service, as kind's cloud-provider-kind plays it: the
 * service controller's cleanup finalizer, and an address from a pool in status.loadBalancer. A pure
 * decision over one Service and the addresses the others hold.
 */
public final class LoadBalancerPlanner {
  /** The service controller's finalizer: the load balancer is released before the Service goes. */
  public static final String FINALIZER = "service.kubernetes.io/load-balancer-cleanup";

  private LoadBalancerPlanner() {}

  /**
   * @param finalizer true to add the cleanup finalizer, false to remove it, null to leave it
   * @param ip the address to publish in status.loadBalancer.ingress, or null for no status change
   */
  public record Plan(Boolean finalizer, String ip, List<Event> events) {
    public boolean empty() {
      return finalizer == null && ip == null && events.isEmpty();
    }
  }

  /** The pool: the addresses first..last (IPv4, inclusive). */
  public record Pool(long first, long last) {
    /** {@code 172.18.255.200-172.18.255.250}. */
    public static Pool parse(String range) {
      String[] ends = range.trim().split("-", 2);
      long first = ip(ends[0].trim());
      long last = ends.length == 2 ? ip(ends[1].trim()) : first;
      if (first < 0 || last < first) {
        throw new IllegalArgumentException("not an address range: " + range);
      }
      return new Pool(first, last);
    }

    boolean contains(long ip) {
      return ip >= first && ip <= last;
    }

    @Override
    public String toString() {
      return text(first) + "-" + text(last);
    }
  }

  public static Plan plan(JsonNode service, Set<String> taken, Pool pool) {
    boolean has = hasFinalizer(service);
    boolean ours =
        service.path("spec").path("type").asString("").equals("LoadBalancer")
            && service.path("spec").path("loadBalancerClass").isMissingNode();
    boolean deleting = !service.path("metadata").path("deletionTimestamp").isMissingNode();
    if (deleting || !ours) {
      return new Plan(has ? Boolean.FALSE : null, null, List.of());
    }
    Boolean finalizer = has ? null : Boolean.TRUE;
    if (service.path("status").path("loadBalancer").path("ingress").size() > 0) {
      return new Plan(finalizer, null, List.of());
    }
    String ip = choose(service, taken, pool);
    if (ip == null) {
      return new Plan(
          finalizer,
          null,
          List.of(
              Event.normal("EnsuringLoadBalancer", "Ensuring load balancer"),
              Event.warning(
                  "SyncLoadBalancerFailed",
                  "Error syncing load balancer: failed to ensure load balancer: no address left in "
                      + pool)));
    }
    return new Plan(
        finalizer,
        ip,
        List.of(
            Event.normal("EnsuringLoadBalancer", "Ensuring load balancer"),
            Event.normal("EnsuredLoadBalancer", "Ensured load balancer")));
  }

  /** The deprecated spec.loadBalancerIP when it is in the pool and free, else the lowest free. */
  private static String choose(JsonNode service, Set<String> taken, Pool pool) {
    String asked = service.path("spec").path("loadBalancerIP").asString("");
    if (!asked.isEmpty() && pool.contains(ip(asked)) && !taken.contains(asked)) {
      return asked;
    }
    for (long ip = pool.first(); ip <= pool.last(); ip++) {
      if (!taken.contains(text(ip))) {
        return text(ip);
      }
    }
    return null;
  }

  static boolean hasFinalizer(JsonNode service) {
    for (JsonNode f : service.path("metadata").path("finalizers")) {
      if (FINALIZER.equals(f.asString(""))) {
        return true;
      }
    }
    return false;
  }

  private static long ip(String text) {
    return Ipv4.parse(text);
  }

  private static String text(long n) {
    return Ipv4.format(n);
  }
}

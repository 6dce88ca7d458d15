package io.kubesim.ingress.model;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.kubesim.ingress.model.ConfigurationBuilder.Work;
import java.util.List;
import java.util.Map;

/**
 * mergeAlternativeBackends: a canary ingress's upstream becomes an alternative of the upstream
 * serving the location with its host, path and pathType (for its defaultBackend: of the catch-all's
 * locations); a canary upstream that finds none is dropped.
 */
final class Canaries {
  private Canaries() {}

  static void merge(
      Ingress canary,
      Map<String, Work.Upstream> upstreams,
      Map<String, Work.Server> servers,
      List<String> warnings) {
    String ns = canary.getMetadata().getNamespace();
    IngressBackend backend = Ingresses.defaultBackend(canary);
    if (backend != null) {
      Work.Upstream alt = upstreams.get(Ingresses.upstreamName(ns, backend));
      if (alt != null) {
        mergeInto(alt, servers.get(Server.CATCH_ALL).locations, null, upstreams, warnings);
      }
    }
    for (IngressRule rule : Ingresses.rules(canary)) {
      Work.Server server = servers.get(Ingresses.host(rule));
      for (HTTPIngressPath path : Ingresses.paths(rule)) {
        if (path.getBackend() == null || path.getBackend().getService() == null) {
          continue;
        }
        Work.Upstream alt = upstreams.get(Ingresses.upstreamName(ns, path.getBackend()));
        if (alt == null) {
          continue;
        }
        if (server == null) {
          warnings.add(
              "cannot merge alternative backend "
                  + alt.name
                  + " into hostname "
                  + Ingresses.host(rule)
                  + " that does not exist");
          continue;
        }
        mergeInto(alt, server.locations, path, upstreams, warnings);
      }
    }
  }

  /**
   * @param path the canary's path, or null for its defaultBackend (any location of the server)
   */
  private static void mergeInto(
      Work.Upstream alt,
      List<Location> locations,
      HTTPIngressPath path,
      Map<String, Work.Upstream> upstreams,
      List<String> warnings) {
    boolean merged = false;
    boolean altIsPrimary = false;
    for (Location loc : locations) {
      Work.Upstream primary = upstreams.get(loc.backend());
      if (primary == null) {
        continue;
      }
      altIsPrimary = alt.name.equals(primary.name);
      if (altIsPrimary) {
        break;
      }
      boolean samePath =
          path == null
              || (loc.path().equals(path.getPath())
                  && loc.pathType() == PathType.of(path.getPathType()));
      if (canMerge(primary, alt) && samePath) {
        if (!primary.alternatives.contains(alt.name)) {
          primary.alternatives.add(alt.name);
        }
        merged = true;
      }
    }
    if (!altIsPrimary && !merged) {
      warnings.add(
          "unable to find real backend for alternative backend " + alt.name + ". Deleting.");
      upstreams.remove(alt.name);
    }
  }

  private static boolean canMerge(Work.Upstream primary, Work.Upstream alt) {
    return !primary.name.equals(alt.name)
        && !primary.name.equals(Upstream.DEFAULT_BACKEND)
        && !primary.noServer;
  }
}

package io.kubesim.ingress.model;

import io.kubesim.ingress.annotations.Annotations;

/**
 * A location of a server, as ingress-nginx derives it from an ingress path.
 *
 * @param path what nginx matches: the ingress path, with a slash added to a Prefix path (whose
 *     exact twin matches the path without it)
 * @param ingressPath the path as the ingress wrote it (the metrics' and log's {@code path})
 * @param defaultBackend IsDefBackend: the server's root location nobody's rule has taken
 * @param backend the upstream's name
 * @param ingress the ingress it came from; null for the default server's own root location
 * @param annotations that ingress's annotations
 */
public record Location(
    String path,
    String ingressPath,
    PathType pathType,
    boolean defaultBackend,
    String backend,
    IngressRef ingress,
    String service,
    Annotations annotations) {

  public Location withPath(String newPath, PathType newType) {
    return new Location(
        newPath, ingressPath, newType, defaultBackend, backend, ingress, service, annotations);
  }

  /** needsRewrite. */
  public boolean rewrites() {
    return annotations.rewrites(path);
  }

  /** Whether this location makes its whole server match by regular expression. */
  public boolean regex() {
    return rewrites() || annotations.useRegex();
  }
}

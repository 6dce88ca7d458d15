package io.kubesim.core.client;

/**
 * Where a resource lives in the API: {@code /api/v1} for the core group, {@code
 * /apis/<group>/<version>} otherwise, then an optional namespace, the plural, and an optional name.
 *
 * @param prefix {@code /api/v1} or {@code /apis/apps/v1}
 * @param resource the plural, e.g. {@code configmaps}
 */
public record ResourcePath(String prefix, String resource) {
  public static final ResourcePath CONFIGMAPS = core("configmaps");
  public static final ResourcePath PODS = core("pods");
  public static final ResourcePath NODES = core("nodes");
  public static final ResourcePath LEASES = of("coordination.k8s.io/v1", "leases");

  /** A resource of the core ("") group, version v1. */
  public static ResourcePath core(String resource) {
    return new ResourcePath("/api/v1", resource);
  }

  /** A resource of a named group: {@code of("apps/v1", "deployments")}. */
  public static ResourcePath of(String groupVersion, String resource) {
    return groupVersion.equals("v1")
        ? core(resource)
        : new ResourcePath("/apis/" + groupVersion, resource);
  }

  /** The collection, across all namespaces when {@code namespace} is null or empty. */
  public String collection(String namespace) {
    return namespace == null || namespace.isEmpty()
        ? prefix + "/" + resource
        : prefix + "/namespaces/" + namespace + "/" + resource;
  }

  /** One object; {@code namespace} null or empty for a cluster-scoped resource. */
  public String item(String namespace, String name) {
    return collection(namespace) + "/" + name;
  }
}

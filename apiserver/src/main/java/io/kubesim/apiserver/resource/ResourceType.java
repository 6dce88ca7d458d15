package io.kubesim.apiserver.resource;

import java.util.List;

/**
 * One served resource: what discovery advertises and what the store and handlers need to know.
 *
 * @param group API group, "" for core
 * @param plural the resource name in paths, e.g. {@code deployments}
 */
public record ResourceType(
    String group,
    String version,
    String kind,
    String plural,
    String singular,
    boolean namespaced,
    List<String> shortNames,
    List<String> categories,
    List<String> verbs,
    List<Subresource> subresources) {

  /** A subresource such as {@code status} or {@code scale}, with the kind it answers with. */
  public record Subresource(
      String name, String group, String version, String kind, List<String> verbs) {}

  /** {@code apps/v1}, or {@code v1} for core. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** {@code deployments.apps}, or {@code pods}: the name used in keys and error messages. */
  public String qualified() {
    return group.isEmpty() ? plural : plural + "." + group;
  }

  public String listKind() {
    return kind + "List";
  }

  public boolean hasSubresource(String name) {
    return subresources.stream().anyMatch(s -> s.name().equals(name));
  }

  public boolean hasStatus() {
    return hasSubresource("status");
  }

  /** The URL path prefix of the group-version: {@code /api/v1} or {@code /apis/apps/v1}. */
  public String pathPrefix() {
    return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
  }
}

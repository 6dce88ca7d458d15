package io.kubesim.apiserver.authorization;

import io.kubesim.apiserver.request.RequestInfo;
import java.util.List;
import java.util.Locale;

/**
 * What a request asks to do, as k8s.io/apiserver's authorizer.Attributes: a verb on a resource
 * (group, resource, subresource, namespace, name) or on a path that is not a resource.
 *
 * @param path set for non-resource requests only
 */
public record Attributes(
    String user,
    List<String> groups,
    String verb,
    String group,
    String resource,
    String subresource,
    String namespace,
    String name,
    String path) {

  public boolean resourceRequest() {
    return path == null;
  }

  /** The attributes of an HTTP request; a namespace's own name is its namespace, as upstream. */
  public static Attributes of(String user, String method, String path, RequestInfo info) {
    List<String> groups = Users.groups(user);
    if (info == null) {
      return new Attributes(
          user, groups, method.toLowerCase(Locale.ROOT), "", "", "", "", "", path);
    }
    String namespace = info.namespace();
    if (info.resource().equals("namespaces") && info.name() != null) {
      namespace = info.name();
    }
    return new Attributes(
        user,
        groups,
        info.verb(),
        info.group(),
        info.resource(),
        info.subresource() == null ? "" : info.subresource(),
        namespace == null ? "" : namespace,
        info.name() == null ? "" : info.name(),
        null);
  }
}

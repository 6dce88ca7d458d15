package io.kubesim.apiserver.request;

import io.kubesim.core.api.Status;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The parts of a resource path, parsed as k8s.io/apiserver's RequestInfoFactory does: {@code
 * /apis/apps/v1/namespaces/demo/deployments/web/scale}.
 *
 * @param verb get, list, watch, create, update, patch, delete or deletecollection
 */
public record RequestInfo(
    String group,
    String version,
    String namespace,
    String resource,
    String name,
    String subresource,
    String verb) {

  private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

  /** Parses a resource path, or returns null when the path is not a resource path. */
  public static RequestInfo parse(String method, String path, boolean watchParam) {
    List<String> parts = new ArrayList<>(Arrays.asList(trim(path).split("/")));
    String group;
    String version;
    if (parts.size() >= 3 && parts.get(0).equals("api")) {
      group = "";
      version = parts.get(1);
      parts = parts.subList(2, parts.size());
    } else if (parts.size() >= 4 && parts.get(0).equals("apis")) {
      group = parts.get(1);
      version = parts.get(2);
      parts = parts.subList(3, parts.size());
    } else {
      return null;
    }
    boolean watchPath = false;
    if (!parts.isEmpty() && parts.get(0).equals("watch")) {
      watchPath = true;
      parts = parts.subList(1, parts.size());
    }
    String namespace = null;
    if (parts.size() > 1 && parts.get(0).equals("namespaces")) {
      namespace = parts.get(1);
      if (parts.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(parts.get(2))) {
        parts = parts.subList(2, parts.size());
      }
    }
    if (parts.isEmpty() || parts.get(0).isEmpty() || parts.size() > 3) {
      return null;
    }
    String resource = parts.get(0);
    String name = parts.size() > 1 ? parts.get(1) : null;
    String subresource = parts.size() > 2 ? parts.get(2) : null;
    if (resource.equals("namespaces") && name != null) {
      namespace = null; // a namespace is cluster-scoped; its name is in the name part
    }
    String verb = verb(method, name, watchParam || watchPath);
    return new RequestInfo(group, version, namespace, resource, name, subresource, verb);
  }

  private static String verb(String method, String name, boolean watch) {
    return switch (method) {
      case "GET", "HEAD" -> watch ? "watch" : name == null ? "list" : "get";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> name == null ? "deletecollection" : "delete";
      default -> throw Status.methodNotAllowed("the server does not allow this method");
    };
  }

  private static String trim(String path) {
    String p = path;
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  /** The scope label of apiserver_request_total: resource, namespace or cluster. */
  public String scope() {
    if (name != null) {
      return "resource";
    }
    return namespace != null ? "namespace" : "cluster";
  }
}

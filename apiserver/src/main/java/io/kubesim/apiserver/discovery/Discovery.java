package io.kubesim.apiserver.discovery;

import io.kubesim.apiserver.aggregator.LocalApiServices;
import io.kubesim.apiserver.request.ApiRequest;
import io.kubesim.apiserver.request.ApiResponse;
import io.kubesim.apiserver.request.WireJson;
import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.resource.Resources;
import io.kubesim.core.json.Json;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /api}, {@code /apis}, {@code /api/v1}, {@code /apis/{group}[/{version}]}: aggregated
 * discovery (apidiscovery.k8s.io v2 or v2beta1, only when the client's Accept names it; the
 * response content type tells kubectl which it got) and the legacy documents otherwise.
 */
public final class Discovery {
  private final String serverAddress;

  public Discovery(String serverAddress) {
    this.serverAddress = serverAddress;
  }

  /** Answers a discovery path, or null when the path is not one. */
  public ApiResponse handle(ApiRequest request) {
    String path = request.path().replaceAll("/+$", "");
    String aggregated = aggregatedVersion(request.header("accept"));
    if (path.equals("/api")) {
      return aggregated != null ? aggregated(aggregated, true) : legacyApi();
    }
    if (path.equals("/apis")) {
      return aggregated != null ? aggregated(aggregated, false) : legacyGroups();
    }
    String[] parts = path.split("/");
    if (parts.length == 3 && parts[1].equals("api")) {
      return resourceList("", parts[2]);
    }
    if (parts.length == 3 && parts[1].equals("apis")) {
      return group(parts[2]);
    }
    if (parts.length == 4 && parts[1].equals("apis")) {
      return resourceList(parts[2], parts[3]);
    }
    return null;
  }

  /** "v2" or "v2beta1" if Accept asks for an APIGroupDiscoveryList of that version. */
  static String aggregatedVersion(String accept) {
    if (accept == null) {
      return null;
    }
    for (String entry : accept.split(",")) {
      String e = entry.replace(" ", "").toLowerCase(Locale.ROOT);
      if (e.contains("as=apigroupdiscoverylist") && e.contains("g=apidiscovery.k8s.io")) {
        if (e.contains("v=v2beta1")) {
          return "v2beta1";
        }
        if (e.contains("v=v2")) {
          return "v2";
        }
      }
    }
    return null;
  }

  private ApiResponse aggregated(String version, boolean core) {
    ObjectNode list = Json.object();
    list.put("kind", "APIGroupDiscoveryList");
    list.put("apiVersion", "apidiscovery.k8s.io/" + version);
    list.putObject("metadata");
    ArrayNode items = list.putArray("items");
    for (String group : groups(core)) {
      ObjectNode item = items.addObject();
      ObjectNode metadata = item.putObject("metadata");
      if (!group.isEmpty()) {
        metadata.put("name", group);
      }
      ObjectNode v1 = item.putArray("versions").addObject();
      v1.put("version", "v1");
      ArrayNode resources = v1.putArray("resources");
      for (ResourceType type : typesOf(group)) {
        resources.add(aggregatedResource(type));
      }
      v1.put("freshness", "Current");
    }
    String contentType =
        "application/json;g=apidiscovery.k8s.io;v=" + version + ";as=APIGroupDiscoveryList";
    return new ApiResponse(200, contentType, WireJson.line(list), List.of());
  }

  private static ObjectNode aggregatedResource(ResourceType type) {
    ObjectNode r = Json.object();
    r.put("resource", type.plural());
    ObjectNode kind = r.putObject("responseKind");
    kind.put("group", type.group());
    kind.put("version", type.version());
    kind.put("kind", type.kind());
    r.put("scope", type.namespaced() ? "Namespaced" : "Cluster");
    r.put("singularResource", type.singular());
    strings(r.putArray("verbs"), type.verbs());
    if (!type.shortNames().isEmpty()) {
      strings(r.putArray("shortNames"), type.shortNames());
    }
    if (!type.categories().isEmpty()) {
      strings(r.putArray("categories"), type.categories());
    }
    if (!type.subresources().isEmpty()) {
      ArrayNode subs = r.putArray("subresources");
      for (ResourceType.Subresource sub : type.subresources()) {
        ObjectNode s = subs.addObject();
        s.put("subresource", sub.name());
        ObjectNode k = s.putObject("responseKind");
        k.put("group", sub.group());
        k.put("version", sub.version());
        k.put("kind", sub.kind());
        strings(s.putArray("verbs"), sub.verbs());
      }
    }
    return r;
  }

  private ApiResponse legacyApi() {
    ObjectNode versions = Json.object();
    versions.put("kind", "APIVersions");
    versions.putArray("versions").add("v1");
    ObjectNode address = versions.putArray("serverAddressByClientCIDRs").addObject();
    address.put("clientCIDR", "0.0.0.0/0");
    address.put("serverAddress", serverAddress);
    return ApiResponse.json(200, versions);
  }

  private ApiResponse legacyGroups() {
    ObjectNode list = Json.object();
    list.put("kind", "APIGroupList");
    list.put("apiVersion", "v1");
    ArrayNode groups = list.putArray("groups");
    for (String group : groups(false)) {
      groups.add(groupObject(group));
    }
    return ApiResponse.json(200, list);
  }

  private ApiResponse group(String group) {
    if (group.isEmpty() || typesOf(group).isEmpty()) {
      return null;
    }
    ObjectNode object = groupObject(group);
    object.put("kind", "APIGroup");
    object.put("apiVersion", "v1");
    return ApiResponse.json(200, object);
  }

  private static ObjectNode groupObject(String group) {
    ObjectNode g = Json.object();
    g.put("name", group);
    ObjectNode version = g.putArray("versions").addObject();
    version.put("groupVersion", group + "/v1");
    version.put("version", "v1");
    ObjectNode preferred = g.putObject("preferredVersion");
    preferred.put("groupVersion", group + "/v1");
    preferred.put("version", "v1");
    return g;
  }

  private ApiResponse resourceList(String group, String version) {
    List<ResourceType> types = typesOf(group);
    if (types.isEmpty() || !version.equals("v1")) {
      return null;
    }
    ObjectNode list = Json.object();
    list.put("kind", "APIResourceList");
    list.put("apiVersion", "v1");
    list.put("groupVersion", group.isEmpty() ? "v1" : group + "/v1");
    ArrayNode resources = list.putArray("resources");
    for (ResourceType type : types) {
      ObjectNode r = resources.addObject();
      r.put("name", type.plural());
      r.put("singularName", type.singular());
      r.put("namespaced", type.namespaced());
      r.put("kind", type.kind());
      strings(r.putArray("verbs"), type.verbs());
      if (!type.shortNames().isEmpty()) {
        strings(r.putArray("shortNames"), type.shortNames());
      }
      if (!type.categories().isEmpty()) {
        strings(r.putArray("categories"), type.categories());
      }
      for (ResourceType.Subresource sub : type.subresources()) {
        ObjectNode s = resources.addObject();
        s.put("name", type.plural() + "/" + sub.name());
        s.put("singularName", "");
        s.put("namespaced", type.namespaced());
        if (!sub.group().equals(type.group())) {
          s.put("group", sub.group());
          s.put("version", sub.version());
        }
        s.put("kind", sub.kind());
        strings(s.putArray("verbs"), sub.verbs());
      }
    }
    return ApiResponse.json(200, list);
  }

  /** The groups in the aggregator's order: its own first, then by APIService priority. */
  private static List<String> groups(boolean core) {
    return Resources.all().stream()
        .map(ResourceType::group)
        .filter(g -> core == g.isEmpty())
        .distinct()
        .sorted(LocalApiServices.GROUP_ORDER)
        .toList();
  }

  private static List<ResourceType> typesOf(String group) {
    return Resources.all().stream().filter(t -> t.group().equals(group)).toList();
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}

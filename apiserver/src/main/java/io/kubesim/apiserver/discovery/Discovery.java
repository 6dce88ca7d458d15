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
import java.util.function.Supplier;
import java.util.stream.Stream;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /api}, {@code /apis}, {@code /api/v1}, {@code /apis/{group}[/{version}]}: aggregated
 * discovery (apidiscovery.k8s.io v2 or v2beta1, only when the client's Accept names it; the
 * response content type tells kubectl which it got) and the legacy documents otherwise. Each group
 * has one version: v1 for the built-in groups, v1beta1 for metrics.k8s.io, which is listed only
 * while its APIService is Available (the aggregator's discovery leaves unavailable ones out).
 */
public final class Discovery {
  private final String serverAddress;
  private final Supplier<List<ResourceType>> aggregated;

  /**
   * @param aggregated the types of the aggregated APIs that are available now
   */
  public Discovery(String serverAddress, Supplier<List<ResourceType>> aggregated) {
    this.serverAddress = serverAddress;
    this.aggregated = aggregated;
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
      List<ResourceType> types = typesOf(group);
      ObjectNode entry = item.putArray("versions").addObject();
      entry.put("version", types.get(0).version());
      ArrayNode resources = entry.putArray("resources");
      for (ResourceType type : types) {
        resources.add(aggregatedResource(type));
      }
      entry.put("freshness", "Current");
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

  private ObjectNode groupObject(String group) {
    String v = typesOf(group).get(0).version();
    ObjectNode g = Json.object();
    g.put("name", group);
    ObjectNode version = g.putArray("versions").addObject();
    version.put("groupVersion", group + "/" + v);
    version.put("version", v);
    ObjectNode preferred = g.putObject("preferredVersion");
    preferred.put("groupVersion", group + "/" + v);
    preferred.put("version", v);
    return g;
  }

  private ApiResponse resourceList(String group, String version) {
    List<ResourceType> types = typesOf(group);
    if (types.isEmpty() || !version.equals(types.get(0).version())) {
      return null;
    }
    ObjectNode list = Json.object();
    list.put("kind", "APIResourceList");
    list.put("apiVersion", "v1");
    list.put("groupVersion", types.get(0).apiVersion());
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
  private List<String> groups(boolean core) {
    return all()
        .map(ResourceType::group)
        .filter(g -> core == g.isEmpty())
        .distinct()
        .sorted(LocalApiServices.GROUP_ORDER)
        .toList();
  }

  private List<ResourceType> typesOf(String group) {
    return all().filter(t -> t.group().equals(group)).toList();
  }

  private Stream<ResourceType> all() {
    return Stream.concat(Resources.all().stream(), aggregated.get().stream());
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}

package io.kubesim.apiserver.metricsapi;

import io.kubesim.apiserver.registry.Negotiation;
import io.kubesim.apiserver.request.ApiRequest;
import io.kubesim.apiserver.request.ApiResponse;
import io.kubesim.apiserver.request.RequestInfo;
import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.resource.Resources;
import io.kubesim.apiserver.storage.Store;
import io.kubesim.core.api.Status;
import io.kubesim.core.json.Json;
import io.kubesim.core.selector.FieldSelector;
import io.kubesim.core.selector.LabelSelector;
import io.kubesim.core.selector.SelectorException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * metrics.k8s.io/v1beta1 as metrics-server serves it, answered by the apiserver from the kubelets'
 * reports ({@link MetricsStorage}): NodeMetrics ({@code nodes}, cluster-scoped) and PodMetrics
 * ({@code pods}), get and list only. Like metrics-server it lists the nodes or pods first (with the
 * label and field selectors) and shows those it has usage for, with their labels; a named one
 * without usage is NotFound ({@code podmetrics.metrics.k8s.io "default/web" not found}).
 *
 * <p>It answers only while the APIService {@code v1beta1.metrics.k8s.io} is Available, as the
 * aggregator proxies only then: without the APIService the path is unknown (404), with an
 * unavailable one the aggregator's 503.
 */
public final class MetricsApi {
  /** What discovery lists for the group while its APIService is Available. */
  public static final List<ResourceType> TYPES =
      List.of(type("NodeMetrics", "nodes", false), type("PodMetrics", "pods", true));

  private static final ResourceType NODES = Resources.find("", "v1", "nodes").orElseThrow();
  private static final ResourceType PODS = Resources.find("", "v1", "pods").orElseThrow();
  private static final ResourceType API_SERVICES =
      Resources.find("apiregistration.k8s.io", "v1", "apiservices").orElseThrow();

  private final Store store;
  private final MetricsStorage storage;
  private final Clock clock;

  public MetricsApi(Store store, MetricsStorage storage, Clock clock) {
    this.store = store;
    this.storage = storage;
    this.clock = clock;
  }

  private static ResourceType type(String kind, String plural, boolean namespaced) {
    return new ResourceType(
        MetricsServer.GROUP,
        MetricsServer.VERSION,
        kind,
        plural,
        "",
        namespaced,
        List.of(),
        List.of(),
        List.of("get", "list"),
        List.of());
  }

  public MetricsStorage storage() {
    return storage;
  }

  /** The group's types for discovery: all of them while the APIService is Available, else none. */
  public List<ResourceType> discoveryTypes() {
    ObjectNode apiService = store.get(API_SERVICES, null, MetricsServer.API_SERVICE);
    return apiService != null && available(apiService) ? TYPES : List.of();
  }

  private static boolean available(JsonNode apiService) {
    for (JsonNode condition : apiService.path("status").path("conditions")) {
      if (condition.path("type").asString("").equals("Available")) {
        return condition.path("status").asString("").equals("True");
      }
    }
    return false;
  }

  public ApiResponse handle(ApiRequest request, RequestInfo info) {
    ResourceType type = find(info);
    ObjectNode apiService = store.get(API_SERVICES, null, MetricsServer.API_SERVICE);
    if (apiService == null) {
      throw Status.pathNotFound();
    }
    if (!available(apiService)) {
      // the aggregator's proxy answers in plain text (http.Error), not with a Status
      return ApiResponse.text(503, "service unavailable\n");
    }
    Instant now = clock.instant();
    return switch (info.verb()) {
      case "get" -> ApiResponse.json(200, answer(request, List.of(get(type, info, now))));
      case "list" -> ApiResponse.json(200, list(request, type, info, now));
      case "watch" ->
          throw Status.methodNotAllowed(
              "watch is not supported on resources of kind \""
                  + type.plural()
                  + "."
                  + MetricsServer.GROUP
                  + "\"");
      default ->
          throw Status.methodNotAllowed(
              "the server does not allow this method on the requested resource");
    };
  }

  /** The served resource of the path; 404 for anything else, as the routes of metrics-server. */
  private static ResourceType find(RequestInfo info) {
    for (ResourceType type : TYPES) {
      if (info.version().equals(type.version())
          && info.resource().equals(type.plural())
          && info.subresource() == null
          && (type.namespaced()
              ? info.namespace() != null || info.name() == null
              : info.namespace() == null)) {
        return type;
      }
    }
    throw Status.pathNotFound();
  }

  private JsonNode answer(ApiRequest request, List<ObjectNode> items) {
    if (Negotiation.wantsTable(request)) {
      return MetricsObjects.table(items, Negotiation.includeObject(request));
    }
    return items.get(0);
  }

  private ObjectNode get(ResourceType type, RequestInfo info, Instant now) {
    long at = now.toEpochMilli();
    if (!type.namespaced()) {
      ObjectNode node = store.get(NODES, null, info.name());
      if (node == null) {
        throw Status.notFound("node", info.name());
      }
      return storage
          .node(info.name(), at)
          .map(u -> MetricsObjects.nodeMetrics(node, u, now))
          .orElseThrow(() -> Status.notFound("nodemetrics." + MetricsServer.GROUP, info.name()));
    }
    ObjectNode pod = store.get(PODS, info.namespace(), info.name());
    if (pod == null) {
      throw Status.notFound("pods", info.name());
    }
    return storage
        .pod(info.namespace(), info.name(), at)
        .map(u -> MetricsObjects.podMetrics(pod, u, now))
        .orElseThrow(
            () ->
                Status.notFound(
                    "podmetrics." + MetricsServer.GROUP, info.namespace() + "/" + info.name()));
  }

  private JsonNode list(ApiRequest request, ResourceType type, RequestInfo info, Instant now) {
    LabelSelector labels;
    FieldSelector fields;
    try {
      labels = LabelSelector.parse(request.param("labelSelector", ""));
      fields = FieldSelector.parse(request.param("fieldSelector", ""));
    } catch (SelectorException e) {
      throw Status.badRequest(e.getMessage());
    }
    for (FieldSelector.Requirement r : fields.requirements()) {
      if (!r.field().equals("metadata.name") && !r.field().equals("metadata.namespace")) {
        throw Status.badRequest("field label not supported: " + r.field());
      }
    }
    long at = now.toEpochMilli();
    List<ObjectNode> items = new ArrayList<>();
    ResourceType source = type.namespaced() ? PODS : NODES;
    for (ObjectNode object : store.list(source, info.namespace()).items()) {
      JsonNode meta = object.path("metadata");
      if (!labels.matches(labelsOf(meta)) || !fields.matches(f -> Json.text(object, f))) {
        continue;
      }
      String name = meta.path("name").asString("");
      Optional<ObjectNode> metrics =
          type.namespaced()
              ? storage
                  .pod(meta.path("namespace").asString(""), name, at)
                  .map(u -> MetricsObjects.podMetrics(object, u, now))
              : storage.node(name, at).map(u -> MetricsObjects.nodeMetrics(object, u, now));
      metrics.ifPresent(items::add);
    }
    if (Negotiation.wantsTable(request)) {
      return MetricsObjects.table(items, Negotiation.includeObject(request));
    }
    return MetricsObjects.list(type.kind(), items);
  }

  private static Map<String, String> labelsOf(JsonNode metadata) {
    Map<String, String> labels = new HashMap<>();
    metadata
        .path("labels")
        .properties()
        .forEach(e -> labels.put(e.getKey(), e.getValue().asString("")));
    return labels;
  }
}

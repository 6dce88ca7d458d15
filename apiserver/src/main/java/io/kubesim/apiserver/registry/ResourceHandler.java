package io.kubesim.apiserver.registry;

import io.kubesim.apiserver.request.ApiRequest;
import io.kubesim.apiserver.request.ApiResponse;
import io.kubesim.apiserver.request.RequestInfo;
import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.storage.Store;
import io.kubesim.core.api.Status;
import io.kubesim.core.json.Json;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The generic registry: one implementation of get, list, create, update, patch and delete for every
 * kind, with per-kind behaviour from its {@link Strategy}. Watches are streamed by the transports;
 * everything else ends here.
 */
public final class ResourceHandler {
  private final Store store;
  private final Clock clock;
  private final Writes writes;
  private final Subresources subresources;

  public ResourceHandler(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.writes = new Writes(store, clock);
    this.subresources = new Subresources(store, writes);
  }

  public Writes writes() {
    return writes;
  }

  public ApiResponse handle(ApiRequest request, RequestInfo info, ResourceType type) {
    if (type.namespaced() && info.namespace() == null && info.name() != null) {
      throw Status.pathNotFound();
    }
    if (info.subresource() != null) {
      return subresources.handle(request, info, type);
    }
    return switch (info.verb()) {
      case "get" -> get(request, info, type);
      case "list" -> list(request, info, type);
      case "create" -> writes.create(request, info, type);
      case "update" -> writes.update(request, info, type, Writes.Mode.MAIN);
      case "patch" -> writes.patch(request, info, type, Writes.Mode.MAIN);
      case "delete" -> ApiResponse.json(200, writes.delete(request, info, type));
      case "deletecollection" -> deleteCollection(request, info, type);
      default -> throw Status.methodNotAllowed("the server does not allow this method");
    };
  }

  private ApiResponse get(ApiRequest request, RequestInfo info, ResourceType type) {
    ObjectNode object = existing(store, type, info.namespace(), info.name());
    if (Negotiation.wantsTable(request)) {
      ObjectNode table =
          TableConverter.table(
              type, List.of(object), Negotiation.includeObject(request), clock.instant());
      ((ObjectNode) table.get("metadata")).put("resourceVersion", Meta.resourceVersion(object));
      return ApiResponse.json(200, table);
    }
    return ApiResponse.json(200, object);
  }

  static ObjectNode existing(Store store, ResourceType type, String namespace, String name) {
    ObjectNode object = store.get(type, namespace, name);
    if (object == null) {
      throw Status.notFound(type.qualified(), name);
    }
    return object;
  }

  /** A page of matching objects, with the key of the last one when more remain. */
  record Page(List<ObjectNode> items, long resourceVersion, String continueToken, long remaining) {}

  Page page(ApiRequest request, RequestInfo info, ResourceType type) {
    ListQuery query = ListQuery.of(request, type);
    Store.Snapshot snapshot = store.list(type, info.namespace());
    long rv = query.continueAfter() == null ? snapshot.resourceVersion() : query.continueRv();
    List<ObjectNode> items = new ArrayList<>();
    long remaining = 0;
    String lastKey = null;
    for (ObjectNode object : snapshot.items()) {
      String key = Meta.namespace(object) + "/" + Meta.name(object);
      if (query.continueAfter() != null && key.compareTo(query.continueAfter()) <= 0) {
        continue;
      }
      if (!query.matches(type, object)) {
        continue;
      }
      if (query.limit() > 0 && items.size() >= query.limit()) {
        remaining++;
        continue;
      }
      items.add(object);
      lastKey = key;
    }
    String token = remaining > 0 ? ListQuery.continueToken(lastKey, rv) : null;
    return new Page(items, rv, token, remaining);
  }

  private ApiResponse list(ApiRequest request, RequestInfo info, ResourceType type) {
    Page page = page(request, info, type);
    ObjectNode body;
    if (Negotiation.wantsTable(request)) {
      body =
          TableConverter.table(
              type, page.items(), Negotiation.includeObject(request), clock.instant());
    } else {
      body = Json.object();
      body.put("kind", type.listKind());
      body.put("apiVersion", type.apiVersion());
      body.putObject("metadata");
      ArrayNode items = body.putArray("items");
      page.items().forEach(items::add);
    }
    ObjectNode metadata = (ObjectNode) body.get("metadata");
    metadata.put("resourceVersion", Long.toString(page.resourceVersion()));
    if (page.continueToken() != null) {
      metadata.put("continue", page.continueToken());
      metadata.put("remainingItemCount", page.remaining());
    }
    return ApiResponse.json(200, body);
  }

  private ApiResponse deleteCollection(ApiRequest request, RequestInfo info, ResourceType type) {
    Page page = page(request, info, type);
    ObjectNode body = Json.object();
    body.put("kind", type.listKind());
    body.put("apiVersion", type.apiVersion());
    body.putObject("metadata");
    ArrayNode items = body.putArray("items");
    for (ObjectNode object : page.items()) {
      RequestInfo one =
          new RequestInfo(
              info.group(),
              info.version(),
              info.namespace() == null
                  ? (Meta.namespace(object).isEmpty() ? null : Meta.namespace(object))
                  : info.namespace(),
              info.resource(),
              Meta.name(object),
              null,
              "delete");
      try {
        items.add(writes.delete(request, one, type));
      } catch (io.kubesim.core.api.ApiException e) {
        if (e.code() != 404) {
          throw e;
        }
      }
    }
    return ApiResponse.json(200, body);
  }
}

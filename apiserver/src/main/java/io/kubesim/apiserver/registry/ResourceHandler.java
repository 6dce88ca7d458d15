package io.kubesim.apiserver.registry;

import io.kubesim.apiserver.request.ApiRequest;
import io.kubesim.apiserver.request.ApiResponse;
import io.kubesim.apiserver.request.RequestInfo;
import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.security.ServiceAccountTokens;
import io.kubesim.apiserver.storage.Store;
import io.kubesim.apiserver.storage.Stored;
import io.kubesim.core.api.Status;
import io.kubesim.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
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
  private volatile ServiceAccountTokens serviceAccountTokens;

  public ResourceHandler(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.writes = new Writes(store, clock);
    this.subresources =
        new Subresources(
            store,
            writes,
            new TokenRequests(store, clock, this::serviceAccountTokens),
            new Evictions(store, writes, clock));
  }

  /** Signs with this key from now on (the server's, kept in its data directory). */
  public void serviceAccountTokens(ServiceAccountTokens tokens) {
    this.serviceAccountTokens = tokens;
  }

  /** The signer of service-account tokens; a key of this process's own unless one was set. */
  public synchronized ServiceAccountTokens serviceAccountTokens() {
    if (serviceAccountTokens == null) {
      serviceAccountTokens = ServiceAccountTokens.ephemeral();
    }
    return serviceAccountTokens;
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
      case "delete" -> ApiResponse.json(200, deleted(type, writes.delete(request, info, type)));
      case "deletecollection" -> deleteCollection(request, info, type);
      default -> throw Status.methodNotAllowed("the server does not allow this method");
    };
  }

  private ApiResponse get(ApiRequest request, RequestInfo info, ResourceType type) {
    Stored stored = store.stored(type, info.namespace(), info.name());
    if (stored == null) {
      throw Status.notFound(type.qualified(), info.name());
    }
    ObjectNode object = stored.object();
    if (Negotiation.wantsTable(request)) {
      ObjectNode table =
          TableConverter.table(
              type, List.of(object), Negotiation.includeObject(request), clock.instant());
      ((ObjectNode) table.get("metadata")).put("resourceVersion", Meta.resourceVersion(object));
      return ApiResponse.json(200, table);
    }
    return ApiResponse.json(200, stored.json());
  }

  /**
   * What a DELETE answers, as the generic store's finalizeDelete: the object itself while it stays
   * (a graceful or finalized deletion) or for the kinds whose storage asks for it
   * (ReturnDeletedObject), else a Success Status naming what is gone, {@code
   * {"kind":"Status",...,"status":"Success","details":{"name":..,"kind":"configmaps","uid":..}}}.
   */
  private static ObjectNode deleted(ResourceType type, ObjectNode object) {
    boolean stays = object.path("metadata").has("deletionTimestamp");
    if (stays || RETURN_DELETED_OBJECT.contains(type.qualified())) {
      return object;
    }
    return Status.success(type.qualified(), Meta.name(object), Meta.uid(object));
  }

  private static final java.util.Set<String> RETURN_DELETED_OBJECT =
      java.util.Set.of(
          "pods", "services", "serviceaccounts", "persistentvolumes", "persistentvolumeclaims");

  static ObjectNode existing(Store store, ResourceType type, String namespace, String name) {
    ObjectNode object = store.get(type, namespace, name);
    if (object == null) {
      throw Status.notFound(type.qualified(), name);
    }
    return object;
  }

  /** A page of matching objects, with the key of the last one when more remain. */
  record Page(List<Stored> entries, long resourceVersion, String continueToken, long remaining) {
    List<ObjectNode> items() {
      return entries.stream().map(Stored::object).toList();
    }
  }

  Page page(ApiRequest request, RequestInfo info, ResourceType type) {
    ListQuery query = ListQuery.of(request, type);
    Store.Snapshot snapshot = store.list(type, info.namespace(), query.continueAfter());
    long rv = query.continueAfter() == null ? snapshot.resourceVersion() : query.continueRv();
    boolean selective = !query.labels().empty() || !query.fields().empty();
    List<Stored> all = snapshot.entries();
    List<Stored> entries = new ArrayList<>();
    long remaining = 0;
    for (int i = 0; i < all.size(); i++) {
      Stored stored = all.get(i);
      if (selective && !query.matches(type, stored.object())) {
        continue;
      }
      if (query.limit() > 0 && entries.size() >= query.limit()) {
        if (!selective) {
          remaining = all.size() - i; // the rest all match: no need to read them
          break;
        }
        remaining++;
        continue;
      }
      entries.add(stored);
    }
    String token =
        remaining > 0
            ? ListQuery.continueToken(key(entries.get(entries.size() - 1).object()), rv)
            : null;
    return new Page(entries, rv, token, remaining);
  }

  private static String key(ObjectNode object) {
    return Meta.namespace(object) + "/" + Meta.name(object);
  }

  private ApiResponse list(ApiRequest request, RequestInfo info, ResourceType type) {
    Page page = page(request, info, type);
    if (!Negotiation.wantsTable(request)) {
      return ApiResponse.json(200, listJson(type, page));
    }
    ObjectNode body =
        TableConverter.table(
            type, page.items(), Negotiation.includeObject(request), clock.instant());
    listMetadata((ObjectNode) body.get("metadata"), page);
    return ApiResponse.json(200, body);
  }

  private static void listMetadata(ObjectNode metadata, Page page) {
    metadata.put("resourceVersion", Long.toString(page.resourceVersion()));
    if (page.continueToken() != null) {
      metadata.put("continue", page.continueToken());
      metadata.put("remainingItemCount", page.remaining());
    }
  }

  /**
   * {@code {"kind":..,"apiVersion":..,"metadata":{..},"items":[..]}} in parts, with every item's
   * JSON as the store keeps it: a LIST of 10,000 pods passes on 21 MB of stored bytes instead of
   * serializing trees into one array.
   */
  private static List<byte[]> listJson(ResourceType type, Page page) {
    ObjectNode head = Json.object();
    head.put("kind", type.listKind());
    head.put("apiVersion", type.apiVersion());
    listMetadata(head.putObject("metadata"), page);
    byte[] start = Json.bytes(head);
    byte[] open = Arrays.copyOf(start, start.length - 1 + ITEMS.length); // head without its "}"
    System.arraycopy(ITEMS, 0, open, start.length - 1, ITEMS.length);
    List<byte[]> parts = new ArrayList<>(2 * page.entries().size() + 2);
    parts.add(open);
    for (Stored entry : page.entries()) {
      if (parts.size() > 1) {
        parts.add(COMMA);
      }
      parts.add(entry.json());
    }
    parts.add(END);
    return parts;
  }

  private static final byte[] ITEMS = ",\"items\":[".getBytes(StandardCharsets.UTF_8);
  private static final byte[] COMMA = {','};
  private static final byte[] END = "]}".getBytes(StandardCharsets.UTF_8);

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

package io.kubesim.apiserver.registry;

import io.kubesim.apiserver.admission.DefaultTolerationSeconds;
import io.kubesim.apiserver.defaults.Defaults;
import io.kubesim.apiserver.request.ApiRequest;
import io.kubesim.apiserver.request.ApiResponse;
import io.kubesim.apiserver.request.RequestInfo;
import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.resource.Resources;
import io.kubesim.apiserver.storage.Store;
import io.kubesim.apiserver.storage.Store.Change;
import io.kubesim.core.api.FieldError;
import io.kubesim.core.api.Status;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Create, update, patch and delete, each decided inside {@link Store#commit} so that the read, the
 * resourceVersion check and the write are one step: optimistic concurrency lives here only.
 */
public final class Writes {
  /** Which part of an object a write may change. */
  public enum Mode {
    MAIN,
    STATUS
  }

  // Same alphabet as the apiserver's name generator: no vowels, no look-alikes.
  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  private static final ResourceType NAMESPACES = Resources.find("", "v1", "namespaces").get();

  private final Store store;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Deletes deletes;

  Writes(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.deletes = new Deletes(store, clock);
  }

  public ObjectNode create(ApiRequest request, RequestInfo info, ResourceType type) {
    ObjectNode object = Bodies.object(request);
    return create(object, info.namespace(), type, request.dryRun());
  }

  /** Creates an object: typed, defaulted, admitted, validated, committed. */
  public ObjectNode create(ObjectNode object, String namespace, ResourceType type, boolean dry) {
    Strategy strategy = Strategy.forType(type);
    checkTypeMeta(object, type);
    ObjectNode metadata = Meta.of(object);
    placeNamespace(metadata, namespace, type);
    if (metadata.path("name").asString("").isEmpty()
        && !metadata.path("generateName").asString("").isEmpty()) {
      metadata.put("name", metadata.path("generateName").asString() + suffix());
    }
    if (!metadata.path("resourceVersion").asString("").isEmpty()) {
      throw Status.badRequest("resourceVersion should not be set on objects to be created");
    }
    admitNamespace(type, namespace);
    Meta.dropEmptyCollections(object);
    Defaults.apply(type.group(), type.kind(), object);
    if (type.qualified().equals("pods")) {
      DefaultTolerationSeconds.admit(object);
    }
    strategy.prepareForCreate(object);
    metadata.put("uid", UUID.randomUUID().toString());
    metadata.put("creationTimestamp", Meta.timestamp(clock.instant()));
    metadata.remove("deletionTimestamp");
    metadata.remove("deletionGracePeriodSeconds");
    if (strategy.tracksGeneration()) {
      metadata.put("generation", 1);
    } else {
      metadata.remove("generation");
    }
    validate(strategy, object, null);
    String name = Meta.name(object);
    return store
        .commit(
            type,
            namespace,
            name,
            current -> {
              if (current != null) {
                throw Status.alreadyExists(type.qualified(), name);
              }
              if (type.qualified().equals("services")) {
                ServiceAllocation.allocate(store, type, object);
              }
              return dry ? new Change.None(object) : new Change.Put(object);
            })
        .object();
  }

  public ObjectNode update(ApiRequest request, RequestInfo info, ResourceType type, Mode mode) {
    ObjectNode body = Bodies.object(request);
    checkTypeMeta(body, type);
    String bodyName = Meta.name(body);
    if (!bodyName.isEmpty() && !bodyName.equals(info.name())) {
      throw Status.badRequest(
          "the name of the object ("
              + bodyName
              + ") does not match the name on the URL ("
              + info.name()
              + ")");
    }
    String bodyNamespace = Meta.namespace(body);
    if (type.namespaced() && !bodyNamespace.isEmpty() && !bodyNamespace.equals(info.namespace())) {
      throw Status.badRequest(
          "the namespace of the provided object does not match the namespace sent on the"
              + " request");
    }
    return update(type, info.namespace(), info.name(), mode, request.dryRun(), current -> body);
  }

  /**
   * The update pipeline: {@code next} computes the desired object from the current one (the PUT
   * body, or the current object with a patch applied); a resourceVersion in it is a precondition.
   */
  public ObjectNode update(
      ResourceType type,
      String namespace,
      String name,
      Mode mode,
      boolean dry,
      UnaryOperator<ObjectNode> next) {
    Strategy strategy = Strategy.forType(type);
    return store
        .commit(
            type,
            namespace,
            name,
            current -> {
              if (current == null) {
                throw Status.notFound(type.qualified(), name);
              }
              ObjectNode desired = next.apply(current.deepCopy());
              Meta.dropEmptyCollections(desired);
              Defaults.apply(type.group(), type.kind(), desired);
              if (type.qualified().equals("services") && mode == Mode.MAIN) {
                ServiceAllocation.keepAllocated(current, desired);
              }
              String wanted = Meta.resourceVersion(desired);
              if (!wanted.isEmpty() && !wanted.equals(Meta.resourceVersion(current))) {
                throw Status.staleVersion(type.qualified(), name);
              }
              ObjectNode updated =
                  mode == Mode.STATUS
                      ? withStatus(current, desired)
                      : mainUpdate(strategy, current, desired);
              validate(strategy, updated, mode == Mode.MAIN ? current : null);
              ObjectNode comparable = updated.deepCopy();
              Meta.of(comparable).put("resourceVersion", Meta.resourceVersion(current));
              if (comparable.equals(current)) {
                return new Change.None(current);
              }
              if (Meta.terminating(updated) && !Deletes.hasFinalizers(type, updated)) {
                return dry ? new Change.None(updated) : new Change.Delete();
              }
              return dry ? new Change.None(comparable) : new Change.Put(updated);
            })
        .object();
  }

  private ObjectNode mainUpdate(Strategy strategy, ObjectNode current, ObjectNode desired) {
    checkTypeMeta(desired, strategy.type());
    ObjectNode metadata = Meta.of(desired);
    ObjectNode old = Meta.of(current);
    // System fields are the server's: a client cannot change them with an update.
    for (String field :
        List.of(
            "name",
            "namespace",
            "uid",
            "creationTimestamp",
            "deletionTimestamp",
            "deletionGracePeriodSeconds",
            "generation")) {
      metadata.remove(field);
      if (old.has(field)) {
        metadata.set(field, old.get(field));
      }
    }
    metadata.remove("resourceVersion");
    if (Meta.terminating(current)) {
      ensureNoNewFinalizers(current, desired);
    }
    strategy.prepareForUpdate(desired, current);
    if (strategy.tracksGeneration() && strategy.specChanged(desired, current)) {
      metadata.put("generation", old.path("generation").asLong(0) + 1);
    }
    return desired;
  }

  private static void ensureNoNewFinalizers(ObjectNode current, ObjectNode desired) {
    for (JsonNode finalizer : desired.path("metadata").path("finalizers")) {
      boolean known = false;
      for (JsonNode had : current.path("metadata").path("finalizers")) {
        known |= had.equals(finalizer);
      }
      if (!known) {
        throw Status.failure(
            422,
            "Invalid",
            "metadata.finalizers: Forbidden: no new finalizers"
                + " can be added if the object is being deleted, found new finalizers ["
                + finalizer.asString()
                + "]",
            Meta.name(current),
            null);
      }
    }
  }

  /** A status write: the current object with only its status replaced. */
  private static ObjectNode withStatus(ObjectNode current, ObjectNode desired) {
    ObjectNode updated = current.deepCopy();
    JsonNode status = desired.get("status");
    if (status == null) {
      updated.remove("status");
    } else {
      updated.set("status", status);
    }
    Meta.of(updated).remove("resourceVersion");
    return updated;
  }

  public ApiResponse patch(ApiRequest request, RequestInfo info, ResourceType type, Mode mode) {
    String mediaType = Bodies.mediaType(request.header("content-type"));
    JsonNode patch = Bodies.tree(request);
    boolean apply = mediaType.equals("application/apply-patch+yaml");
    if (apply && mode == Mode.MAIN && store.get(type, info.namespace(), info.name()) == null) {
      // Server-side apply creates what does not exist yet.
      if (!(patch instanceof ObjectNode object)) {
        throw Status.badRequest("the applied configuration must be an object");
      }
      ObjectNode created = create(object.deepCopy(), info.namespace(), type, request.dryRun());
      return ApiResponse.json(201, created);
    }
    ObjectNode patched =
        update(
            type,
            info.namespace(),
            info.name(),
            mode,
            request.dryRun(),
            current -> Patches.apply(mediaType, current, patch, type));
    return ApiResponse.json(200, patched);
  }

  public ObjectNode delete(ApiRequest request, RequestInfo info, ResourceType type) {
    return deletes.delete(request, info, type);
  }

  /** Create rules, plus the update rules (immutable fields) when {@code old} is given. */
  private static void validate(Strategy strategy, ObjectNode object, ObjectNode old) {
    List<FieldError> errors = strategy.validate(object, old);
    if (!errors.isEmpty()) {
      ResourceType type = strategy.type();
      throw Status.invalid(type.kind(), type.group(), Meta.name(object), errors);
    }
  }

  /** apiVersion and kind, when given, must be this resource's; when absent they are filled in. */
  static void checkTypeMeta(ObjectNode object, ResourceType type) {
    String apiVersion = object.path("apiVersion").asString("");
    String kind = object.path("kind").asString("");
    if (!apiVersion.isEmpty() && !apiVersion.equals(type.apiVersion())) {
      throw Status.badRequest(
          "the API version in the data ("
              + apiVersion
              + ") does not match the expected API"
              + " version ("
              + type.apiVersion()
              + ")");
    }
    if (!kind.isEmpty() && !kind.equals(type.kind())) {
      throw Status.badRequest(
          "the kind in the data ("
              + kind
              + ") does not match the expected kind ("
              + type.kind()
              + ")");
    }
    object.put("apiVersion", type.apiVersion());
    object.put("kind", type.kind());
  }

  private static void placeNamespace(ObjectNode metadata, String namespace, ResourceType type) {
    String given = metadata.path("namespace").asString("");
    if (!type.namespaced()) {
      metadata.remove("namespace");
      return;
    }
    if (!given.isEmpty() && !given.equals(namespace)) {
      throw Status.badRequest(
          "the namespace of the provided object does not match the namespace sent on the"
              + " request");
    }
    metadata.put("namespace", namespace);
  }

  /** NamespaceLifecycle admission: no new content in a missing or terminating namespace. */
  private void admitNamespace(ResourceType type, String namespace) {
    if (!type.namespaced()) {
      return;
    }
    ObjectNode ns = store.get(NAMESPACES, null, namespace);
    if (ns == null) {
      throw Status.notFound("namespaces", namespace);
    }
    if (Meta.terminating(ns)) {
      throw Status.forbidden(
          type.qualified()
              + " is forbidden: unable to create new content in namespace "
              + namespace
              + " because it is being terminated");
    }
  }

  private String suffix() {
    StringBuilder s = new StringBuilder(5);
    for (int i = 0; i < 5; i++) {
      s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return s.toString();
  }

  /** Sets spec.nodeName and the PodScheduled condition, as the binding subresource does. */
  void updatePodBinding(
      String namespace, String name, String node, boolean dry, ResourceType pods) {
    store.commit(
        pods,
        namespace,
        name,
        current -> {
          if (current == null) {
            throw Status.notFound(pods.qualified(), name);
          }
          String bound = current.path("spec").path("nodeName").asString("");
          if (!bound.isEmpty()) {
            throw Status.conflict(
                pods.qualified(),
                name,
                "pod " + name + " is already assigned to node \"" + bound + "\"");
          }
          if (Meta.terminating(current)) {
            throw Status.conflict(pods.qualified(), name, "pod " + name + " is being deleted");
          }
          ObjectNode next = current.deepCopy();
          ((ObjectNode) next.path("spec")).put("nodeName", node);
          Subresources.addCondition(next, "PodScheduled", "True", Meta.timestamp(clock.instant()));
          Meta.of(next).remove("resourceVersion");
          return dry ? new Change.None(next) : new Change.Put(next);
        });
  }
}

package io.kubesim.apiserver.registry;

import io.kubesim.apiserver.admission.AdmissionChain;
import io.kubesim.apiserver.admission.Attributes;
import io.kubesim.apiserver.admission.DefaultTolerationSeconds;
import io.kubesim.apiserver.admission.Operation;
import io.kubesim.apiserver.apply.ManagedFields;
import io.kubesim.apiserver.apply.ServerSideApply;
import io.kubesim.apiserver.defaults.Defaults;
import io.kubesim.apiserver.defaults.Quantities;
import io.kubesim.apiserver.fieldvalidation.FieldValidation;
import io.kubesim.apiserver.request.ApiRequest;
import io.kubesim.apiserver.request.ApiResponse;
import io.kubesim.apiserver.request.RequestInfo;
import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.resource.Resources;
import io.kubesim.apiserver.storage.Store;
import io.kubesim.apiserver.storage.Store.Change;
import io.kubesim.core.api.ApiException;
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
  private static final List<String> SYSTEM_FIELDS =
      List.of(
          "name",
          "namespace",
          "uid",
          "creationTimestamp",
          "deletionTimestamp",
          "deletionGracePeriodSeconds",
          "generation");

  /**
   * Whom a write is recorded for in {@code metadata.managedFields} (operation Update): the {@code
   * fieldManager} query parameter, else the User-Agent up to its first {@code /}; {@code
   * subresource} is null for the main resource.
   */
  public record FieldManager(String name, String subresource) {
    public static FieldManager of(ApiRequest request, String subresource) {
      String name = request.param("fieldManager");
      if (name == null || name.isEmpty()) {
        name = ManagedFields.managerFromUserAgent(request.header("user-agent"));
      }
      return new FieldManager(name, subresource);
    }
  }

  /** Which part of an object a write may change. */
  public enum Mode {
    MAIN,
    STATUS,
    /** namespaces/x/finalize: only spec (spec.finalizers) changes. */
    FINALIZE
  }

  // Same alphabet as the apiserver's name generator: no vowels, no look-alikes.
  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  private static final ResourceType RESOURCE_QUOTAS =
      Resources.find("", "v1", "resourcequotas").get();

  /** Whom the apiserver's own writes of quota usage are recorded for, as its loopback client. */
  private static final FieldManager APISERVER = new FieldManager("kube-apiserver", "status");

  private final Store store;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Deletes deletes;
  private volatile AdmissionChain admission;

  Writes(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.admission = chain(DefaultTolerationSeconds.DEFAULTS);
    this.deletes = new Deletes(store, clock, () -> admission);
  }

  private AdmissionChain chain(DefaultTolerationSeconds tolerations) {
    return AdmissionChain.standard(store, clock, this::updateQuotaStatus, tolerations);
  }

  /** The DefaultTolerationSeconds admission's settings (the apiserver's configuration). */
  public void defaultTolerationSeconds(DefaultTolerationSeconds settings) {
    this.admission = chain(settings);
  }

  /** The admission plugins every write passes, in order. */
  public AdmissionChain admission() {
    return admission;
  }

  /** ResourceQuota admission's charge: a status write of the quota, as its loopback client. */
  private void updateQuotaStatus(String namespace, String name, UnaryOperator<ObjectNode> next) {
    update(RESOURCE_QUOTAS, namespace, name, Mode.STATUS, false, APISERVER, next);
  }

  public ApiResponse create(ApiRequest request, RequestInfo info, ResourceType type) {
    FieldValidation validation = FieldValidation.of(request, "CreateOptions");
    ObjectNode object = Bodies.object(request);
    validation.checkBody(request, type, object);
    ObjectNode created =
        create(object, info.namespace(), type, request.dryRun(), FieldManager.of(request, null));
    return ApiResponse.json(201, created, validation.warnings());
  }

  /** Creates an object for the server itself: no managedFields entry is recorded. */
  public ObjectNode create(ObjectNode object, String namespace, ResourceType type, boolean dry) {
    return create(object, namespace, type, dry, null);
  }

  /**
   * Creates an object as kube-apiserver's create handler and generic store do: typed, defaulted,
   * managed fields recorded, mutating admission, then the strategy (name generated, system fields,
   * validation), validating admission, and the commit; {@code manager}, when given, owns every
   * field the object sets.
   */
  public ObjectNode create(
      ObjectNode object, String namespace, ResourceType type, boolean dry, FieldManager manager) {
    Strategy strategy = Strategy.forType(type);
    checkTypeMeta(object, type);
    ObjectNode metadata = Meta.of(object);
    placeNamespace(metadata, namespace, type);
    if (!metadata.path("resourceVersion").asString("").isEmpty()) {
      throw Status.badRequest("resourceVersion should not be set on objects to be created");
    }
    Meta.dropEmptyCollections(object);
    Defaults.apply(type.group(), type.kind(), object);
    Quantities.canonicalise(type, object);
    AdmissionChain chain = admission;
    chain.admit(
        new Attributes(
            Operation.CREATE, type, null, namespace, Meta.name(object), object, null, dry));
    if (metadata.path("name").asString("").isEmpty()
        && !metadata.path("generateName").asString("").isEmpty()) {
      metadata.put("name", metadata.path("generateName").asString() + suffix());
    }
    strategy.prepareForCreate(object);
    metadata.put("uid", uid());
    metadata.put("creationTimestamp", Meta.timestamp(clock.instant()));
    metadata.remove("deletionTimestamp");
    metadata.remove("deletionGracePeriodSeconds");
    if (strategy.tracksGeneration()) {
      metadata.put("generation", 1);
    } else {
      metadata.remove("generation");
    }
    if (manager != null) {
      ManagedFields.recordUpdate(
          null,
          object,
          manager.name(),
          manager.subresource(),
          clock.instant(),
          type.group(),
          type.kind());
    }
    validate(strategy, object, null);
    String name = Meta.name(object);
    chain.validate(
        new Attributes(Operation.CREATE, type, null, namespace, name, object, null, dry));
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
                ServiceAllocation.allocate(serviceRanges(), object);
              }
              return dry ? new Change.None(object) : new Change.Put(object);
            })
        .object();
  }

  public ApiResponse update(ApiRequest request, RequestInfo info, ResourceType type, Mode mode) {
    FieldValidation validation = FieldValidation.of(request, "UpdateOptions");
    ObjectNode body = Bodies.object(request);
    validation.checkBody(request, type, body);
    checkTypeMeta(body, type);
    checkName(body, info);
    String bodyNamespace = Meta.namespace(body);
    if (type.namespaced() && !bodyNamespace.isEmpty() && !bodyNamespace.equals(info.namespace())) {
      throw Status.badRequest(
          "the namespace of the provided object does not match the namespace sent on the"
              + " request");
    }
    ObjectNode updated =
        update(
            type,
            info.namespace(),
            info.name(),
            mode,
            request.dryRun(),
            FieldManager.of(request, mode == Mode.STATUS ? "status" : null),
            current -> body);
    return ApiResponse.json(200, updated, validation.warnings());
  }

  /** An update made by the server itself: no managedFields entry is recorded. */
  public ObjectNode update(
      ResourceType type,
      String namespace,
      String name,
      Mode mode,
      boolean dry,
      UnaryOperator<ObjectNode> next) {
    return update(type, namespace, name, mode, dry, null, next);
  }

  /**
   * The update pipeline: {@code next} computes the desired object from the current one (the PUT
   * body, or the current object with a patch applied); a resourceVersion in it is a precondition.
   * {@code manager}, when given, is recorded as owning what the write changed.
   */
  public ObjectNode update(
      ResourceType type,
      String namespace,
      String name,
      Mode mode,
      boolean dry,
      FieldManager manager,
      UnaryOperator<ObjectNode> next) {
    Strategy strategy = Strategy.forType(type);
    String subresource =
        switch (mode) {
          case STATUS -> "status";
          case FINALIZE -> "finalize";
          case MAIN -> manager == null ? null : manager.subresource();
        };
    AdmissionChain chain = admission;
    return store
        .guaranteedUpdate(
            type,
            namespace,
            name,
            current -> {
              if (current == null) {
                throw Status.notFound(type.qualified(), name);
              }
              ObjectNode given = current.deepCopy();
              ObjectNode desired = next.apply(given);
              if (desired != given) {
                // a PUT's body: the pipeline below changes it, and this may run again
                desired = desired.deepCopy();
              }
              Meta.dropEmptyCollections(desired);
              Defaults.apply(type.group(), type.kind(), desired);
              Quantities.canonicalise(type, desired);
              String wanted = Meta.resourceVersion(desired);
              if (!wanted.isEmpty() && !wanted.equals(Meta.resourceVersion(current))) {
                throw Status.staleVersion(type.qualified(), name);
              }
              chain.admit(
                  new Attributes(
                      Operation.UPDATE, type, subresource, namespace, name, desired, current, dry));
              ObjectNode updated =
                  switch (mode) {
                    case STATUS -> statusUpdate(strategy, current, desired);
                    case FINALIZE -> withSpec(current, desired);
                    case MAIN -> mainUpdate(strategy, current, desired);
                  };
              if (type.qualified().equals("services") && mode == Mode.MAIN) {
                ServiceAllocation.update(serviceRanges(), current, updated);
              }
              if (manager != null) {
                ManagedFields.recordUpdate(
                    current,
                    updated,
                    manager.name(),
                    manager.subresource(),
                    clock.instant(),
                    type.group(),
                    type.kind());
              }
              validate(strategy, updated, mode == Mode.MAIN ? current : null);
              chain.validate(
                  new Attributes(
                      Operation.UPDATE, type, subresource, namespace, name, updated, current, dry));
              ObjectNode comparable = updated.deepCopy();
              Meta.of(comparable).put("resourceVersion", Meta.resourceVersion(current));
              // Only managedFields times moved: nothing changed (IgnoreManagedFieldsTimestamps).
              if (ManagedFields.sameIgnoringTimes(comparable, current)) {
                return new Change.None(current);
              }
              if (Meta.terminating(updated) && !Deletes.hasFinalizers(type, updated)) {
                return dry ? new Change.None(updated) : new Change.Delete();
              }
              return dry ? new Change.None(comparable) : new Change.Put(updated);
            })
        .object();
  }

  /** The Services' allocated cluster IPs and node ports, kept by the store. */
  private ServiceRanges serviceRanges() {
    return store.index(Resources.find("", "v1", "services").orElseThrow(), ServiceRanges::new);
  }

  private ObjectNode mainUpdate(Strategy strategy, ObjectNode current, ObjectNode desired) {
    checkTypeMeta(desired, strategy.type());
    ObjectNode metadata = Meta.of(desired);
    ObjectNode old = Meta.of(current);
    keepSystemFields(metadata, old);
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

  /**
   * A status write: the current object with only its status replaced (and the managedFields the
   * write carries, which the field manager starts from).
   */
  private static ObjectNode withSpec(ObjectNode current, ObjectNode desired) {
    ObjectNode updated = current.deepCopy();
    JsonNode spec = desired.get("spec");
    if (spec == null) {
      updated.remove("spec");
    } else {
      updated.set("spec", spec);
    }
    Meta.of(updated).remove("resourceVersion");
    return updated;
  }

  /**
   * A status write, as the status strategies of kube-apiserver decide it: the new status and the
   * new metadata (its system fields kept, see {@link #keepSystemFields}), everything else (spec) as
   * it was; the kind's strategy may keep more of the old metadata (a Deployment's labels). It never
   * bumps metadata.generation: the deployment controller writes its revision annotation this way.
   */
  private static ObjectNode statusUpdate(
      Strategy strategy, ObjectNode current, ObjectNode desired) {
    ObjectNode updated = current.deepCopy();
    ObjectNode metadata = Meta.of(desired).deepCopy();
    keepSystemFields(metadata, Meta.of(current));
    strategy.prepareForStatusUpdate(metadata, Meta.of(current));
    updated.set("metadata", metadata);
    JsonNode status = desired.get("status");
    if (status == null) {
      updated.remove("status");
    } else {
      updated.set("status", status);
    }
    return updated;
  }

  /** System fields are the server's: a client cannot change them with an update. */
  private static void keepSystemFields(ObjectNode metadata, ObjectNode old) {
    for (String field : SYSTEM_FIELDS) {
      metadata.remove(field);
      if (old.has(field)) {
        metadata.set(field, old.get(field));
      }
    }
    metadata.remove("resourceVersion");
  }

  public ApiResponse patch(ApiRequest request, RequestInfo info, ResourceType type, Mode mode) {
    FieldValidation validation = FieldValidation.of(request, "PatchOptions");
    String mediaType = Bodies.mediaType(request.header("content-type"));
    boolean apply = mediaType.equals(Patches.APPLY);
    String fieldManager = request.param("fieldManager");
    if (apply && (fieldManager == null || fieldManager.isEmpty())) {
      throw invalidPatchOptions(
          "fieldManager", "FieldValueRequired", "Required value: is required for apply patch");
    }
    if (!apply && request.param("force") != null) {
      throw invalidPatchOptions(
          "force", "FieldValueForbidden", "Forbidden: may not be specified for non-apply patch");
    }
    JsonNode patch = Bodies.tree(request);
    List<String> duplicates = validation.patchDuplicates(request);
    String subresource = mode == Mode.STATUS ? "status" : null;
    if (apply) {
      if (patch instanceof ObjectNode applied) {
        validation.checkPatched(duplicates, type, applied);
      }
      return applyPatch(request, info, type, mode, patch, fieldManager, subresource);
    }
    ObjectNode patched =
        update(
            type,
            info.namespace(),
            info.name(),
            mode,
            request.dryRun(),
            FieldManager.of(request, subresource),
            current -> {
              ObjectNode result = Patches.apply(mediaType, current, patch, type);
              validation.checkPatched(duplicates, type, result);
              return result;
            });
    return ApiResponse.json(200, patched, validation.warnings());
  }

  /** Server-side apply: creates what does not exist yet (201), else merges with ownership. */
  private ApiResponse applyPatch(
      ApiRequest request,
      RequestInfo info,
      ResourceType type,
      Mode mode,
      JsonNode patch,
      String manager,
      String subresource) {
    if (!(patch instanceof ObjectNode body)) {
      throw Status.badRequest("the body of the request must be a JSON object");
    }
    ObjectNode applied = body.deepCopy();
    checkTypeMeta(applied, type);
    if (ServerSideApply.carriesManagedFields(applied)) {
      throw Status.badRequest("metadata.managedFields must be nil");
    }
    checkName(applied, info);
    boolean force = request.flag("force");
    if (mode == Mode.MAIN && store.get(type, info.namespace(), info.name()) == null) {
      ObjectNode created =
          ServerSideApply.apply(
                  null, applied, manager, force, clock.instant(), type.group(), type.kind())
              .merged();
      Meta.of(created).put("name", info.name());
      return ApiResponse.json(201, create(created, info.namespace(), type, request.dryRun(), null));
    }
    ObjectNode merged =
        update(
            type,
            info.namespace(),
            info.name(),
            mode,
            request.dryRun(),
            null,
            current ->
                ServerSideApply.apply(
                        current,
                        applied,
                        manager,
                        force,
                        clock.instant(),
                        type.group(),
                        type.kind(),
                        subresource)
                    .merged());
    return ApiResponse.json(200, merged);
  }

  /** 422 on PatchOptions, as the apiserver validates them before looking the object up. */
  private static ApiException invalidPatchOptions(String field, String reason, String detail) {
    ApiException invalid =
        Status.failure(
            422,
            "Invalid",
            "PatchOptions.meta.k8s.io \"\" is invalid: " + field + ": " + detail,
            null,
            "PatchOptions.meta.k8s.io");
    ObjectNode cause = invalid.status().withObject("details").putArray("causes").addObject();
    cause.put("reason", reason);
    cause.put("message", detail);
    cause.put("field", field);
    return invalid;
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

  /** A name in the body, when given, must be the one on the URL. */
  private static void checkName(ObjectNode body, RequestInfo info) {
    String bodyName = Meta.name(body);
    if (!bodyName.isEmpty() && !bodyName.equals(info.name())) {
      throw Status.badRequest(
          "the name of the object ("
              + bodyName
              + ") does not match the name on the URL ("
              + info.name()
              + ")");
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

  /**
   * A random (version 4) UUID from a fast generator: uids must be unique, not unpredictable, and
   * UUID.randomUUID's SecureRandom showed up in every create's profile.
   */
  static String uid() {
    java.util.concurrent.ThreadLocalRandom random =
        java.util.concurrent.ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
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
    store.guaranteedUpdate(
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

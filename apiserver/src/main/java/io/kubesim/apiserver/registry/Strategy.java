package io.kubesim.apiserver.registry;

import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.validation.Validation;
import io.kubesim.core.api.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Per-kind behaviour plugged into the generic handler, in the order the generic registry calls it:
 * prepareForCreate / prepareForUpdate, then validate. Modelled on the apiserver's
 * RESTCreateStrategy / RESTUpdateStrategy.
 */
public class Strategy {
  /** Kinds whose metadata.generation counts spec changes (the controllers' observedGeneration). */
  private static final Set<String> GENERATION =
      Set.of(
          "replicationcontrollers",
          "deployments.apps",
          "replicasets.apps",
          "statefulsets.apps",
          "daemonsets.apps",
          "jobs.batch",
          "cronjobs.batch",
          "ingresses.networking.k8s.io",
          "ingressclasses.networking.k8s.io");

  private final ResourceType type;

  protected Strategy(ResourceType type) {
    this.type = type;
  }

  public static Strategy forType(ResourceType type) {
    return switch (type.qualified()) {
      case "namespaces" -> new NamespaceStrategy(type);
      case "pods" -> new PodStrategy(type);
      case "jobs.batch" -> new JobStrategy(type);
      case "daemonsets.apps" -> new DaemonSetStrategy(type);
      case "statefulsets.apps" -> new StatefulSetStrategy(type);
      default -> new Strategy(type);
    };
  }

  public ResourceType type() {
    return type;
  }

  public boolean tracksGeneration() {
    return GENERATION.contains(type.qualified());
  }

  /**
   * Clears what a client may not set on create (status of kinds with a status subresource). A Node
   * keeps its status, as the real node strategy does: a kubelet registers its node with status.
   */
  public void prepareForCreate(ObjectNode object) {
    if (type.hasStatus() && !type.qualified().equals("nodes")) {
      object.remove("status");
      ObjectNode status = initialStatus();
      if (status != null) {
        object.set("status", status);
      }
    }
  }

  /** The status a new object starts with; null when it has none. */
  protected ObjectNode initialStatus() {
    return switch (type.qualified()) {
      case "services" ->
          io.kubesim.core.json.Json.object()
              .set("loadBalancer", io.kubesim.core.json.Json.object());
      case "persistentvolumeclaims", "persistentvolumes" ->
          io.kubesim.core.json.Json.object().put("phase", "Pending");
      default -> null;
    };
  }

  /** Main-resource update: the status stays what it was; only /status changes it. */
  public void prepareForUpdate(ObjectNode next, ObjectNode old) {
    if (type.hasStatus()) {
      next.remove("status");
      JsonNode status = old.get("status");
      if (status != null) {
        next.set("status", status.deepCopy());
      }
    }
  }

  /**
   * A status write's metadata: what the kind's status strategy keeps from the stored object beyond
   * the system fields. deploymentStatusStrategy keeps the labels; podStatusStrategy the owner
   * references (old kubelets corrupted them). Annotations may change: the deployment controller
   * writes its revision annotation through deployments/status.
   */
  public void prepareForStatusUpdate(ObjectNode metadata, ObjectNode old) {
    List<String> kept =
        switch (type.qualified()) {
          case "deployments.apps" -> List.of("labels");
          case "pods" -> List.of("ownerReferences");
          default -> List.of();
        };
    for (String field : kept) {
      metadata.remove(field);
      if (old.has(field)) {
        metadata.set(field, old.get(field));
      }
    }
  }

  /** Whether an update changed what metadata.generation counts. */
  public boolean specChanged(ObjectNode next, ObjectNode old) {
    boolean changed = !next.path("spec").equals(old.path("spec"));
    if (type.qualified().equals("deployments.apps")) {
      changed |=
          !next.path("metadata")
              .path("annotations")
              .equals(old.path("metadata").path("annotations"));
    }
    return changed;
  }

  /**
   * Validation on create and update (the real rules and messages, from the validation package);
   * each error one cause of the 422. {@code old} is null on create. Labels and annotations that are
   * not maps of strings are reported first, as a typed decoder would refuse them.
   */
  public List<FieldError> validate(ObjectNode object, ObjectNode old) {
    List<FieldError> errors = new ArrayList<>();
    for (String field : List.of("labels", "annotations")) {
      stringMap(object.path("metadata").get(field), "metadata." + field, errors);
    }
    if (!errors.isEmpty()) {
      return errors;
    }
    return old == null
        ? Validation.validateCreate(type.group(), type.kind(), object)
        : Validation.validateUpdate(type.group(), type.kind(), object, old);
  }

  /**
   * Labels and annotations are string maps (map[string]string in ObjectMeta); null is as absent.
   * Anything else would be stored as sent and break readers that expect a map.
   */
  private static void stringMap(JsonNode node, String field, List<FieldError> errors) {
    if (node == null || node.isNull()) {
      return;
    }
    if (!node.isObject()) {
      errors.add(FieldError.invalid(field, node.toString(), "must be a map of strings"));
      return;
    }
    for (var entry : node.properties()) {
      if (!entry.getValue().isString()) {
        errors.add(
            FieldError.invalid(
                field + "[" + entry.getKey() + "]",
                entry.getValue().toString(),
                "must be a string"));
      }
    }
  }
}

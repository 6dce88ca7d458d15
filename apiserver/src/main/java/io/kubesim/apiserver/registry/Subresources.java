package io.kubesim.apiserver.registry;

import io.kubesim.apiserver.request.ApiRequest;
import io.kubesim.apiserver.request.ApiResponse;
import io.kubesim.apiserver.request.RequestInfo;
import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.storage.Store;
import io.kubesim.core.api.Status;
import io.kubesim.core.json.Json;
import io.kubesim.core.selector.LabelSelector;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** status, scale, finalize, binding, eviction, token, and the pod streams served by the kubelet. */
final class Subresources {
  private final Store store;
  private final Writes writes;
  private final TokenRequests tokenRequests;
  private final Evictions evictions;

  Subresources(Store store, Writes writes, TokenRequests tokenRequests, Evictions evictions) {
    this.store = store;
    this.writes = writes;
    this.tokenRequests = tokenRequests;
    this.evictions = evictions;
  }

  ApiResponse handle(ApiRequest request, RequestInfo info, ResourceType type) {
    String sub = info.subresource();
    boolean finalize = sub.equals("finalize") && type.qualified().equals("namespaces");
    if (!type.hasSubresource(sub) && !finalize) {
      throw Status.pathNotFound();
    }
    return switch (sub) {
      case "status" -> status(request, info, type);
      case "scale" -> scale(request, info, type);
      case "finalize" -> finalize(request, info, type);
      case "binding" -> binding(request, info, type);
      case "eviction" -> eviction(request, info, type);
      case "token" -> tokenRequests.create(request, info, type);
      case "log", "exec", "attach", "portforward", "proxy" -> stream(request, info, type);
      default -> throw Status.methodNotAllowed("the server does not allow this method");
    };
  }

  private ApiResponse status(ApiRequest request, RequestInfo info, ResourceType type) {
    return switch (info.verb()) {
      case "get" ->
          ApiResponse.json(
              200, ResourceHandler.existing(store, type, info.namespace(), info.name()));
      case "update" -> writes.update(request, info, type, Writes.Mode.STATUS);
      case "patch" -> writes.patch(request, info, type, Writes.Mode.STATUS);
      default -> throw Status.methodNotAllowed("the server does not allow this method");
    };
  }

  /**
   * The autoscaling/v1 Scale view of a workload: spec.replicas and the selector as a string. A
   * ReplicationController's selector is a plain label map (labels.SelectorFromSet), the apps kinds'
   * a metav1.LabelSelector.
   */
  static ObjectNode scaleOf(ResourceType type, ObjectNode object) {
    ObjectNode scale = Json.object();
    scale.put("kind", "Scale");
    scale.put("apiVersion", "autoscaling/v1");
    ObjectNode metadata = scale.putObject("metadata");
    for (String field :
        new String[] {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
      if (object.path("metadata").has(field)) {
        metadata.set(field, object.path("metadata").get(field));
      }
    }
    scale.putObject("spec").put("replicas", object.path("spec").path("replicas").asInt(1));
    ObjectNode status = scale.putObject("status");
    status.put("replicas", object.path("status").path("replicas").asInt(0));
    JsonNode selector = object.path("spec").path("selector");
    if (type.qualified().equals("replicationcontrollers")) {
      ObjectNode asLabelSelector = Json.object();
      if (selector.isObject()) {
        asLabelSelector.set("matchLabels", selector);
      }
      status.put("selector", LabelSelector.fromObject(asLabelSelector).toString());
    } else if (!selector.isMissingNode()) {
      status.put("selector", LabelSelector.fromObject(selector).toString());
    }
    return scale;
  }

  private ApiResponse scale(ApiRequest request, RequestInfo info, ResourceType type) {
    ObjectNode updated =
        switch (info.verb()) {
          case "get" -> ResourceHandler.existing(store, type, info.namespace(), info.name());
          case "update", "patch" -> writeScale(request, info, type);
          default -> throw Status.methodNotAllowed("the server does not allow this method");
        };
    return ApiResponse.json(200, scaleOf(type, updated));
  }

  private ObjectNode writeScale(ApiRequest request, RequestInfo info, ResourceType type) {
    // An update's body is a Scale; a patch may be an array (JSON patch), an apply must be an
    // object.
    String mediaType = Bodies.mediaType(request.header("content-type"));
    boolean whole = info.verb().equals("update") || mediaType.equals(Patches.APPLY);
    JsonNode body = whole ? Bodies.object(request) : Bodies.tree(request);
    return writes.update(
        type,
        info.namespace(),
        info.name(),
        Writes.Mode.MAIN,
        request.dryRun(),
        Writes.FieldManager.of(request, "scale"),
        current -> {
          // An apply to scale can only set spec.replicas: it merges like a merge patch (its
          // ownership is recorded as an Update of the scale subresource).
          ObjectNode scale =
              info.verb().equals("update")
                  ? (ObjectNode) body
                  : mediaType.equals(Patches.APPLY)
                      ? (ObjectNode)
                          io.kubesim.apiserver.patch.JsonMergePatch.apply(
                              scaleOf(type, current), body)
                      : Patches.apply(
                          mediaType,
                          scaleOf(type, current),
                          body,
                          new ResourceType(
                              "autoscaling",
                              "v1",
                              "Scale",
                              "scale",
                              "scale",
                              true,
                              java.util.List.of(),
                              java.util.List.of(),
                              java.util.List.of(),
                              java.util.List.of()));
          JsonNode replicas = scale.path("spec").path("replicas");
          if (!replicas.isIntegralNumber() || replicas.asInt() < 0) {
            throw Status.invalid(
                "Scale",
                "autoscaling",
                info.name(),
                java.util.List.of(
                    io.kubesim.core.api.FieldError.invalid(
                        "spec.replicas", replicas.asInt(), "must be greater than or equal to 0")));
          }
          ObjectNode spec =
              current.has("spec") ? (ObjectNode) current.get("spec") : current.putObject("spec");
          spec.put("replicas", replicas.asInt());
          String rv = scale.path("metadata").path("resourceVersion").asString("");
          Meta.of(current).put("resourceVersion", rv);
          return current;
        });
  }

  /** PUT namespaces/x/finalize: the one way to change spec.finalizers. */
  private ApiResponse finalize(ApiRequest request, RequestInfo info, ResourceType type) {
    JsonNode body = Bodies.object(request);
    ObjectNode updated =
        writes.update(
            type,
            null,
            info.name(),
            Writes.Mode.FINALIZE,
            request.dryRun(),
            current -> {
              ObjectNode next = current.deepCopy();
              next.set("spec", body.path("spec").isObject() ? body.get("spec") : Json.object());
              return next;
            });
    return ApiResponse.json(200, updated);
  }

  /** POST pods/x/binding: the scheduler's write; fails if the pod already has a node. */
  private ApiResponse binding(ApiRequest request, RequestInfo info, ResourceType type) {
    JsonNode binding = Bodies.object(request);
    String node = binding.path("target").path("name").asString("");
    if (node.isEmpty()) {
      throw Status.invalid(
          "Binding",
          "",
          info.name(),
          java.util.List.of(io.kubesim.core.api.FieldError.required("target.name", "")));
    }
    writes.updatePodBinding(info.namespace(), info.name(), node, request.dryRun(), type);
    return ApiResponse.json(201, Status.created());
  }

  /** POST pods/x/eviction: a delete with the eviction's options, if the pod's budget allows. */
  private ApiResponse eviction(ApiRequest request, RequestInfo info, ResourceType type) {
    JsonNode eviction = Bodies.object(request);
    ObjectNode pod = ResourceHandler.existing(store, type, info.namespace(), info.name());
    evictions.admit(pod, info, request.dryRun());
    JsonNode options = eviction.path("deleteOptions");
    ApiRequest delete =
        new ApiRequest(
            "DELETE",
            request.path(),
            request.query(),
            java.util.Map.of("content-type", "application/json"),
            options.isObject() ? Json.bytes(options) : new byte[0],
            request.user());
    writes.delete(
        delete,
        new RequestInfo(
            info.group(),
            info.version(),
            info.namespace(),
            info.resource(),
            info.name(),
            null,
            "delete"),
        type);
    return ApiResponse.json(201, Status.created());
  }

  /**
   * Logs, exec, attach and port-forward are served by the kubelet of the pod's node, after the
   * checks the real apiserver makes on the way ({@code pod.LogLocation}, {@code streamLocation},
   * {@code PortForwardLocation}): the log options are valid, the container is named when there are
   * several and exists, the pod has a node.
   */
  private ApiResponse stream(ApiRequest request, RequestInfo info, ResourceType type) {
    boolean log = type.qualified().equals("pods") && info.subresource().equals("log");
    PodLogOptions options = log ? PodLogOptions.of(request, info.name()) : null;
    ObjectNode object = ResourceHandler.existing(store, type, info.namespace(), info.name());
    String node = object.path("spec").path("nodeName").asString("");
    if (!type.qualified().equals("pods")) {
      throw Status.unavailable(
          "no kubelet is serving "
              + info.subresource()
              + " for "
              + type.qualified()
              + " \""
              + info.name()
              + "\"");
    }
    switch (info.subresource()) {
      case "log" -> {
        requireNode(node, info.name());
        checkLogContainer(object, info.name(), options.container());
      }
      case "exec", "attach" -> {
        checkLogContainer(object, info.name(), request.param("container", ""));
        requireNode(node, info.name());
      }
      case "portforward" -> requireNode(node, info.name());
      default ->
          throw Status.unavailable(
              "no kubelet is serving "
                  + info.subresource()
                  + " for pods \""
                  + info.name()
                  + "\""
                  + (node.isEmpty() ? "" : " on node " + node));
    }
    return ApiResponse.kubelet(node);
  }

  private static void requireNode(String node, String name) {
    if (node.isEmpty()) {
      throw Status.badRequest("pod " + name + " does not have a host assigned");
    }
  }

  private static void checkLogContainer(ObjectNode pod, String name, String container) {
    java.util.List<String> app = names(pod.path("spec").path("containers"));
    java.util.List<String> init = names(pod.path("spec").path("initContainers"));
    java.util.List<String> ephemeral = names(pod.path("spec").path("ephemeralContainers"));
    if (container.isEmpty()) {
      if (app.size() == 1) {
        return;
      }
      if (app.isEmpty()) {
        throw Status.badRequest("a container name must be specified for pod " + name);
      }
      String message =
          "a container name must be specified for pod "
              + name
              + ", choose one of: ["
              + String.join(" ", app)
              + "]";
      if (!init.isEmpty()) {
        message += " or one of the init containers: [" + String.join(" ", init) + "]";
      }
      throw Status.badRequest(message);
    }
    if (!app.contains(container) && !init.contains(container) && !ephemeral.contains(container)) {
      throw Status.badRequest("container " + container + " is not valid for pod " + name);
    }
  }

  private static java.util.List<String> names(JsonNode containers) {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (JsonNode c : containers) {
      out.add(c.path("name").asString(""));
    }
    return out;
  }

  static void addCondition(ObjectNode pod, String type, String status, String time) {
    ObjectNode podStatus =
        pod.has("status") ? (ObjectNode) pod.get("status") : pod.putObject("status");
    ArrayNode conditions =
        podStatus.has("conditions")
            ? (ArrayNode) podStatus.get("conditions")
            : podStatus.putArray("conditions");
    for (int i = conditions.size() - 1; i >= 0; i--) {
      if (conditions.get(i).path("type").asString().equals(type)) {
        conditions.remove(i);
      }
    }
    ObjectNode condition = conditions.addObject();
    condition.put("type", type);
    condition.put("status", status);
    condition.putNull("lastProbeTime");
    condition.put("lastTransitionTime", time);
  }
}

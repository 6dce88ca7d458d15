package io.kubesim.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.apiserver.request.ApiResponse;
import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.resource.Resources;
import io.kubesim.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class OpenApiTest {
  private static OpenApi openApi;

  @BeforeAll
  static void build() {
    openApi = new OpenApi();
  }

  private static JsonNode get(String path) {
    ApiResponse response = openApi.handle(path);
    assertThat(response).as(path).isNotNull();
    assertThat(response.code()).isEqualTo(200);
    return Json.parse(response.body());
  }

  private static String documentKey(String apiVersion) {
    return apiVersion.equals("v1") ? "api/v1" : "apis/" + apiVersion;
  }

  /** Follows {@code allOf: [{$ref}]} or {@code $ref} to the named schema. */
  private static JsonNode resolve(JsonNode doc, JsonNode property) {
    JsonNode ref = property.has("allOf") ? property.get("allOf").get(0) : property;
    String name = ref.get("$ref").asString().substring("#/components/schemas/".length());
    JsonNode schema = doc.at("/components/schemas").get(name);
    assertThat(schema).as(name).isNotNull();
    return schema;
  }

  @Test
  void rootListsEveryGroupVersionWithAHash() {
    JsonNode paths = get("/openapi/v3").get("paths");
    for (String gv : Resources.groupVersions()) {
      String key = documentKey(gv);
      String url = paths.path(key).path("serverRelativeURL").asString();
      assertThat(url).as(key).matches("/openapi/v3/" + key + "\\?hash=[0-9A-F]{128}");
      // The document the root names is served (kubectl requests it with the hash).
      assertThat(get("/openapi/v3/" + key).path("openapi").asString()).isEqualTo("3.0.0");
    }
    assertThat(paths.size()).isEqualTo(Resources.groupVersions().size());
  }

  @Test
  void deploymentSchemaIsTaggedAndCarriesTheRealFieldDocumentation() {
    JsonNode doc = get("/openapi/v3/apis/apps/v1");
    JsonNode deployment = doc.at("/components/schemas/io.k8s.api.apps.v1.Deployment");
    assertThat(deployment.isObject()).isTrue();
    JsonNode gvk = deployment.get("x-kubernetes-group-version-kind");
    assertThat(gvk.size()).isEqualTo(1);
    assertThat(gvk.get(0).get("group").asString()).isEqualTo("apps");
    assertThat(gvk.get(0).get("version").asString()).isEqualTo("v1");
    assertThat(gvk.get(0).get("kind").asString()).isEqualTo("Deployment");
    assertThat(deployment.at("/properties/metadata/allOf/0/$ref").asString())
        .isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");

    JsonNode spec = resolve(doc, deployment.at("/properties/spec"));
    JsonNode strategyProperty = spec.at("/properties/strategy");
    // The Java client keeps no field text beside a reference (its own generator drops it), so
    // the documentation of spec.strategy comes from the referenced type.
    assertThat(spec.at("/properties/replicas/description").asString())
        .startsWith("Number of desired pods.");
    JsonNode strategy = resolve(doc, strategyProperty);
    assertThat(strategyProperty.at("/allOf/0/$ref").asString())
        .endsWith("/io.k8s.api.apps.v1.DeploymentStrategy");
    assertThat(strategy.get("description").asString())
        .isEqualTo("DeploymentStrategy describes how to replace existing pods with new ones.");
    assertThat(strategy.at("/properties/type/type").asString()).isEqualTo("string");
    assertThat(strategy.at("/properties/type/description").asString())
        .isEqualTo(
            "Type of deployment. Can be \"Recreate\" or \"RollingUpdate\". Default is"
                + " RollingUpdate.\n\nPossible enum values:\n"
                + " - `\"Recreate\"` Kill all existing pods before creating new ones.\n"
                + " - `\"RollingUpdate\"` Replace the old ReplicaSets by new one using rolling"
                + " update i.e gradually scale down the old ReplicaSets and scale up the new one.");
    assertThat(strategy.at("/properties/type/enum").toString())
        .isEqualTo("[\"Recreate\",\"RollingUpdate\"]");
    // Enums are for strings only, and for fields of 1.32 only (the source is 1.33's spec).
    assertThat(spec.at("/properties/replicas/enum").isMissingNode()).isTrue();
    // Shared core types keep their own package even when reached from apps.
    assertThat(spec.at("/properties/template/allOf/0/$ref").asString())
        .endsWith("/io.k8s.api.core.v1.PodTemplateSpec");
    assertThat(spec.at("/properties/selector/allOf/0/$ref").asString())
        .endsWith("/io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector");
    assertThat(spec.at("/required").toString()).contains("\"selector\"", "\"template\"");
    // JSON names, not Java names, and types from the Java field types.
    assertThat(spec.at("/properties/revisionHistoryLimit/format").asString()).isEqualTo("int32");
    assertThat(
            doc.at("/components/schemas/io.k8s.api.apps.v1.DeploymentList/properties/items/type")
                .asString())
        .isEqualTo("array");
  }

  @Test
  void intOrStringAndQuantityFieldsAreMarked() {
    JsonNode doc = get("/openapi/v3/apis/apps/v1");
    JsonNode rolling =
        doc.at("/components/schemas/io.k8s.api.apps.v1.RollingUpdateDeployment/properties");
    JsonNode maxSurge = rolling.get("maxSurge");
    assertThat(maxSurge.get("x-kubernetes-int-or-string").asBoolean()).isTrue();
    JsonNode intOrString = resolve(doc, maxSurge);
    assertThat(intOrString.get("format").asString()).isEqualTo("int-or-string");
    // No plain "type": kubectl explain then names the field <IntOrString>, as with a real server.
    assertThat(intOrString.has("type")).isFalse();
    assertThat(intOrString.get("oneOf").toString()).contains("integer", "string");
    assertThat(intOrString.get("x-kubernetes-int-or-string").asBoolean()).isTrue();

    JsonNode core = get("/openapi/v3/api/v1");
    JsonNode ports = core.at("/components/schemas/io.k8s.api.core.v1.ServicePort/properties");
    assertThat(ports.at("/targetPort/x-kubernetes-int-or-string").asBoolean()).isTrue();
    assertThat(ports.at("/port/type").asString()).isEqualTo("integer");
    JsonNode limits =
        core.at("/components/schemas/io.k8s.api.core.v1.ResourceRequirements/properties/limits");
    assertThat(limits.get("type").asString()).isEqualTo("object");
    assertThat(limits.at("/additionalProperties/allOf/0/$ref").asString())
        .endsWith("/io.k8s.apimachinery.pkg.api.resource.Quantity");
    JsonNode meta = core.at("/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
    assertThat(resolve(core, meta.at("/properties/creationTimestamp")).get("format").asString())
        .isEqualTo("date-time");
    assertThat(meta.at("/properties/labels/additionalProperties/type").asString())
        .isEqualTo("string");
    // byte[] is base64 in JSON.
    assertThat(
            core.at("/components/schemas/io.k8s.api.core.v1.Secret/properties/data")
                .at("/additionalProperties/format")
                .asString())
        .isEqualTo("byte");
  }

  @Test
  void writeOperationsCarryFieldValidationAndTheirKind() {
    JsonNode doc = get("/openapi/v3/apis/apps/v1");
    JsonNode collection = doc.at("/paths/~1apis~1apps~1v1~1namespaces~1{namespace}~1deployments");
    JsonNode post = collection.get("post");
    assertThat(post.get("x-kubernetes-action").asString()).isEqualTo("post");
    assertThat(post.at("/x-kubernetes-group-version-kind/kind").asString()).isEqualTo("Deployment");
    assertThat(parameterNames(post)).contains("fieldValidation", "dryRun", "fieldManager");
    assertThat(post.at("/requestBody/content/*~1*/schema/$ref").asString())
        .endsWith("/io.k8s.api.apps.v1.Deployment");
    assertThat(collection.at("/get/x-kubernetes-action").asString()).isEqualTo("list");
    assertThat(collection.at("/get/responses/200/content/application~1json/schema/$ref").asString())
        .endsWith("/io.k8s.api.apps.v1.DeploymentList");

    JsonNode item = doc.at("/paths/~1apis~1apps~1v1~1namespaces~1{namespace}~1deployments~1{name}");
    for (String method : List.of("put", "patch")) {
      assertThat(parameterNames(item.get(method))).as(method).contains("fieldValidation");
    }
    assertThat(item.at("/delete/x-kubernetes-action").asString()).isEqualTo("delete");
    // No strategic merge patch: kubectl then uses its compiled-in patch metadata.
    assertThat(item.at("/patch/requestBody/content").has("application/strategic-merge-patch+json"))
        .isFalse();
    JsonNode scale =
        doc.at("/paths/~1apis~1apps~1v1~1namespaces~1{namespace}~1deployments~1{name}~1scale");
    assertThat(scale.at("/put/x-kubernetes-group-version-kind/group").asString())
        .isEqualTo("autoscaling");
    assertThat(doc.at("/components/schemas/io.k8s.api.autoscaling.v1.Scale").isObject()).isTrue();
    JsonNode status =
        doc.at("/paths/~1apis~1apps~1v1~1namespaces~1{namespace}~1deployments~1{name}~1status");
    assertThat(parameterNames(status.get("patch"))).contains("fieldValidation");
    // Status and DeleteOptions, which the operations reference, are in the document.
    assertThat(doc.at("/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Status").isObject())
        .isTrue();
    assertThat(
            doc.at("/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions")
                .isObject())
        .isTrue();
  }

  @Test
  void everyServedKindHasATaggedSchemaInItsDocument() {
    List<String> missing = new ArrayList<>();
    for (ResourceType type : Resources.all()) {
      JsonNode schemas =
          get("/openapi/v3/" + documentKey(type.apiVersion())).at("/components/schemas");
      List<String> kinds =
          type.verbs().contains("list")
              ? List.of(type.kind(), type.listKind())
              : List.of(type.kind());
      for (String kind : kinds) {
        boolean found = false;
        for (JsonNode schema : schemas) {
          for (JsonNode gvk : schema.path("x-kubernetes-group-version-kind")) {
            found |=
                gvk.path("group").asString().equals(type.group())
                    && gvk.path("version").asString().equals(type.version())
                    && gvk.path("kind").asString().equals(kind)
                    && schema.path("properties").has("metadata");
          }
        }
        if (!found) {
          missing.add(type.apiVersion() + " " + kind);
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void everyReferenceResolvesInsideItsDocument() {
    for (String gv : Resources.groupVersions()) {
      JsonNode doc = get("/openapi/v3/" + documentKey(gv));
      List<String> refs = new ArrayList<>();
      collectRefs(doc, refs);
      for (String ref : refs) {
        assertThat(
                doc.at("/components/schemas").has(ref.substring("#/components/schemas/".length())))
            .as(gv + " " + ref)
            .isTrue();
      }
    }
  }

  @Test
  void coreEventsAndEventsV1EventsAreDistinctSchemas() {
    assertThat(
            get("/openapi/v3/api/v1")
                .at("/components/schemas/io.k8s.api.core.v1.Event/properties")
                .has("involvedObject"))
        .isTrue();
    assertThat(
            get("/openapi/v3/apis/events.k8s.io/v1")
                .at("/components/schemas/io.k8s.api.events.v1.Event/properties")
                .has("regarding"))
        .isTrue();
  }

  @Test
  void otherPathsAreNotAnswered() {
    assertThat(openApi.handle("/openapi/v3/apis/nope/v1")).isNull();
    assertThat(openApi.handle("/openapi/v2")).isNull();
  }

  private static List<String> parameterNames(JsonNode operation) {
    List<String> names = new ArrayList<>();
    operation.path("parameters").forEach(p -> names.add(p.get("name").asString()));
    return names;
  }

  private static void collectRefs(JsonNode node, List<String> refs) {
    if (node.isObject()) {
      node.properties()
          .forEach(
              e -> {
                if (e.getKey().equals("$ref")) {
                  refs.add(e.getValue().asString());
                } else {
                  collectRefs(e.getValue(), refs);
                }
              });
    } else if (node.isArray()) {
      node.forEach(n -> collectRefs(n, refs));
    }
  }
}

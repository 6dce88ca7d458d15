package io.kubesim.apiserver.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesim.core.json.Json;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class StrategicMergePatchTest {

  record Case(String name, String original, String patch, String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> podCases() {
    return Stream.of(
        new Case(
            "Containers merge by name and keep the fields the patch does not mention",
            """
            {"spec":{"containers":[
              {"name":"a","image":"a:1","ports":[{"containerPort":80}]},
              {"name":"b","image":"b:1","args":["x"]}]}}""",
            """
            {"spec":{"containers":[{"name":"b","image":"b:2"}]}}""",
            """
            {"spec":{"containers":[
              {"name":"a","image":"a:1","ports":[{"containerPort":80}]},
              {"name":"b","image":"b:2","args":["x"]}]}}"""),
        new Case(
            "A new container sent without $setElementOrder goes first, as in Kubernetes",
            """
            {"spec":{"containers":[{"name":"a","image":"a"}]}}""",
            """
            {"spec":{"containers":[{"name":"c","image":"c"}]}}""",
            """
            {"spec":{"containers":[{"name":"c","image":"c"},{"name":"a","image":"a"}]}}"""),
        new Case(
            "Container ports merge by containerPort and new ports are added",
            """
            {"spec":{"containers":[{"name":"a","ports":[
              {"containerPort":80,"name":"http"},{"containerPort":443,"name":"https"}]}]}}""",
            """
            {"spec":{"containers":[{"name":"a","ports":[
              {"containerPort":443,"protocol":"TCP"},{"containerPort":8080}]}]}}""",
            """
            {"spec":{"containers":[{"name":"a","ports":[
              {"containerPort":80,"name":"http"},
              {"containerPort":443,"name":"https","protocol":"TCP"},
              {"containerPort":8080}]}]}}"""),
        new Case(
            "Env vars merge by name and a null deletes a field inside the merged element",
            """
            {"spec":{"containers":[{"name":"a","env":[
              {"name":"A","value":"1"},
              {"name":"B","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}]}]}}""",
            """
            {"spec":{"containers":[{"name":"a","env":[{"name":"B","valueFrom":null,"value":"2"}]}]}}""",
            """
            {"spec":{"containers":[{"name":"a","env":[
              {"name":"A","value":"1"},{"name":"B","value":"2"}]}]}}"""),
        new Case(
            "Init container env merges by name like app containers",
            """
            {"spec":{"initContainers":[{"name":"init","env":[{"name":"A","value":"1"}]}]}}""",
            """
            {"spec":{"initContainers":[{"name":"init","env":[{"name":"A","value":"9"}]}]}}""",
            """
            {"spec":{"initContainers":[{"name":"init","env":[{"name":"A","value":"9"}]}]}}"""),
        new Case(
            "Volume mounts merge by mountPath",
            """
            {"spec":{"containers":[{"name":"a","volumeMounts":[
              {"name":"data","mountPath":"/data"},{"name":"cfg","mountPath":"/etc/cfg"}]}]}}""",
            """
            {"spec":{"containers":[{"name":"a","volumeMounts":[{"mountPath":"/data","readOnly":true}]}]}}""",
            """
            {"spec":{"containers":[{"name":"a","volumeMounts":[
              {"name":"data","mountPath":"/data","readOnly":true},
              {"name":"cfg","mountPath":"/etc/cfg"}]}]}}"""),
        new Case(
            "Volumes merge by name",
            """
            {"spec":{"volumes":[{"name":"a","emptyDir":{}},{"name":"b","secret":{"secretName":"s"}}]}}""",
            """
            {"spec":{"volumes":[{"name":"b","secret":{"defaultMode":420}}]}}""",
            """
            {"spec":{"volumes":[{"name":"a","emptyDir":{}},
              {"name":"b","secret":{"secretName":"s","defaultMode":420}}]}}"""),
        new Case(
            "$retainKeys in a volume drops the old volume source",
            """
            {"spec":{"volumes":[{"name":"v","emptyDir":{"medium":"Memory"}}]}}""",
            """
            {"spec":{"volumes":[{"name":"v","configMap":{"name":"cm"},"$retainKeys":["configMap","name"]}]}}""",
            """
            {"spec":{"volumes":[{"name":"v","configMap":{"name":"cm"}}]}}"""),
        new Case(
            "An element with $patch delete removes the element with that key",
            """
            {"spec":{"containers":[{"name":"app","image":"app"},{"name":"sidecar","image":"s"}]}}""",
            """
            {"spec":{"containers":[{"name":"sidecar","$patch":"delete"}]}}""",
            """
            {"spec":{"containers":[{"name":"app","image":"app"}]}}"""),
        new Case(
            "An element $patch replace makes the list exactly the patch's other elements",
            """
            {"spec":{"containers":[{"name":"a","image":"a"},{"name":"b","image":"b"}]}}""",
            """
            {"spec":{"containers":[{"$patch":"replace"},{"name":"only","image":"x"}]}}""",
            """
            {"spec":{"containers":[{"name":"only","image":"x"}]}}"""),
        new Case(
            "$patch replace in a map replaces the whole map",
            """
            {"spec":{"nodeSelector":{"disk":"ssd","zone":"a"}}}""",
            """
            {"spec":{"nodeSelector":{"$patch":"replace","zone":"b"}}}""",
            """
            {"spec":{"nodeSelector":{"zone":"b"}}}"""),
        new Case(
            "$patch delete in a map removes the map",
            """
            {"spec":{"securityContext":{"runAsUser":1000},"hostNetwork":true}}""",
            """
            {"spec":{"securityContext":{"$patch":"delete"}}}""",
            """
            {"spec":{"hostNetwork":true}}"""),
        new Case(
            "$patch merge in a map is the ordinary merge",
            """
            {"metadata":{"labels":{"a":"1"}}}""",
            """
            {"metadata":{"labels":{"$patch":"merge","b":"2"}}}""",
            """
            {"metadata":{"labels":{"a":"1","b":"2"}}}"""),
        new Case(
            "Finalizers merge as a set without duplicates",
            """
            {"metadata":{"finalizers":["a","b"]}}""",
            """
            {"metadata":{"finalizers":["b","c"]}}""",
            """
            {"metadata":{"finalizers":["a","b","c"]}}"""),
        new Case(
            "$deleteFromPrimitiveList removes finalizers",
            """
            {"metadata":{"finalizers":["a","b","c"]}}""",
            """
            {"metadata":{"$deleteFromPrimitiveList/finalizers":["b","zz"]}}""",
            """
            {"metadata":{"finalizers":["a","c"]}}"""),
        new Case(
            "kubectl's finalizer diff adds, deletes and orders in one patch",
            """
            {"metadata":{"finalizers":["a","b"]}}""",
            """
            {"metadata":{"$setElementOrder/finalizers":["a","d"],
              "$deleteFromPrimitiveList/finalizers":["b"],"finalizers":["d"]}}""",
            """
            {"metadata":{"finalizers":["a","d"]}}"""),
        new Case(
            "$setElementOrder alone reorders a merged list",
            """
            {"spec":{"containers":[{"name":"a","image":"a"},{"name":"b","image":"b"}]}}""",
            """
            {"spec":{"$setElementOrder/containers":[{"name":"b"},{"name":"a"}]}}""",
            """
            {"spec":{"containers":[{"name":"b","image":"b"},{"name":"a","image":"a"}]}}"""),
        new Case(
            "$setElementOrder places a new element and keeps a server-only one after its predecessor",
            """
            {"spec":{"containers":[{"name":"a"},{"name":"b"},{"name":"c"}]}}""",
            """
            {"spec":{"$setElementOrder/containers":[{"name":"a"},{"name":"n"},{"name":"c"}],
              "containers":[{"name":"n","image":"n"}]}}""",
            """
            {"spec":{"containers":[{"name":"a"},{"name":"n","image":"n"},{"name":"b"},{"name":"c"}]}}"""),
        new Case(
            "Tolerations have no merge strategy and are replaced",
            """
            {"spec":{"tolerations":[{"key":"a","operator":"Exists"}]}}""",
            """
            {"spec":{"tolerations":[{"key":"b","operator":"Exists"}]}}""",
            """
            {"spec":{"tolerations":[{"key":"b","operator":"Exists"}]}}"""),
        new Case(
            "Container args are a plain list and are replaced",
            """
            {"spec":{"containers":[{"name":"a","args":["x","y"]}]}}""",
            """
            {"spec":{"containers":[{"name":"a","args":["z"]}]}}""",
            """
            {"spec":{"containers":[{"name":"a","args":["z"]}]}}"""),
        new Case(
            "Pod conditions merge by type",
            """
            {"status":{"conditions":[{"type":"Ready","status":"False"},
              {"type":"Initialized","status":"True"}]}}""",
            """
            {"status":{"conditions":[{"type":"Ready","status":"True"}]}}""",
            """
            {"status":{"conditions":[{"type":"Ready","status":"True"},
              {"type":"Initialized","status":"True"}]}}"""),
        new Case(
            "Container statuses are replaced",
            """
            {"status":{"containerStatuses":[{"name":"a","ready":false},{"name":"b","ready":true}]}}""",
            """
            {"status":{"containerStatuses":[{"name":"a","ready":true}]}}""",
            """
            {"status":{"containerStatuses":[{"name":"a","ready":true}]}}"""),
        new Case(
            "Owner references merge by uid",
            """
            {"metadata":{"ownerReferences":[{"uid":"1","kind":"ReplicaSet","name":"rs"}]}}""",
            """
            {"metadata":{"ownerReferences":[{"uid":"1","controller":true},{"uid":"2","kind":"X","name":"x"}]}}""",
            """
            {"metadata":{"ownerReferences":[{"uid":"1","kind":"ReplicaSet","name":"rs","controller":true},
              {"uid":"2","kind":"X","name":"x"}]}}"""),
        new Case(
            "Labels merge as a map and a null deletes one",
            """
            {"metadata":{"labels":{"a":"1","b":"2"}}}""",
            """
            {"metadata":{"labels":{"a":null,"c":"3"}}}""",
            """
            {"metadata":{"labels":{"b":"2","c":"3"}}}"""),
        new Case(
            "A value of another shape replaces the original",
            """
            {"spec":{"containers":[{"name":"a","resources":"weird"}]}}""",
            """
            {"spec":{"containers":[{"name":"a","resources":{"limits":{"cpu":"1"}}}]}}""",
            """
            {"spec":{"containers":[{"name":"a","resources":{"limits":{"cpu":"1"}}}]}}"""),
        new Case(
            "Directives inside a value the original lacks are applied, not stored",
            """
            {"spec":{}}""",
            """
            {"spec":{"$setElementOrder/containers":[{"name":"a"}],"containers":[
              {"name":"a","$setElementOrder/env":[{"name":"X"}],"env":[{"name":"X","value":"1"}],
               "ports":null}]}}""",
            """
            {"spec":{"containers":[{"name":"a","env":[{"name":"X","value":"1"}]}]}}"""));
  }

  private static final String DEPLOYMENT =
      """
      {"apiVersion":"apps/v1","kind":"Deployment",
       "metadata":{"name":"web","namespace":"default","annotations":{"a":"1"}},
       "spec":{"replicas":3,
         "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}},
         "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[
           {"name":"nginx","image":"nginx:1.25","imagePullPolicy":"IfNotPresent",
            "ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],
            "env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]},
           {"name":"sidecar","image":"busybox"}]}}}}""";

  /** What {@code DEPLOYMENT} becomes with the given replacement of its spec.template.spec. */
  private static String deploymentWithPodSpec(String podSpec) {
    return """
        {"apiVersion":"apps/v1","kind":"Deployment",
         "metadata":{"name":"web","namespace":"default","annotations":{"a":"1"}},
         "spec":{"replicas":3,
           "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}},
           "template":{"metadata":{"labels":{"app":"web"}},"spec":POD_SPEC}}}"""
        .replace("POD_SPEC", podSpec);
  }

  private static final String NGINX =
      """
      {"name":"nginx","image":"nginx:1.25","imagePullPolicy":"IfNotPresent",
       "ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],
       "env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]}""";

  static Stream<Case> kubectlDeploymentCases() {
    return Stream.of(
        new Case(
            "kubectl set image changes only the image and stores no directive",
            DEPLOYMENT,
            """
            {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"nginx"},{"name":"sidecar"}],
              "containers":[{"image":"nginx:1.27","name":"nginx"}]}}}}""",
            deploymentWithPodSpec(
                """
                {"containers":[%s,{"name":"sidecar","image":"busybox"}]}"""
                    .formatted(NGINX.replace("nginx:1.25", "nginx:1.27")))),
        new Case(
            "A second kubectl apply updates the annotation and the replicas",
            DEPLOYMENT,
            """
            {"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{}"}},
             "spec":{"replicas":4}}""",
            DEPLOYMENT
                .replace("\"replicas\":3", "\"replicas\":4")
                .replace(
                    "{\"a\":\"1\"}",
                    "{\"a\":\"1\",\"kubectl.kubernetes.io/last-applied-configuration\":\"{}\"}")),
        new Case(
            "Re-applying without the ports sends ports null, which removes them",
            DEPLOYMENT,
            """
            {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"nginx"},{"name":"sidecar"}],
              "containers":[{"name":"nginx","ports":null}]}}}}""",
            deploymentWithPodSpec(
                """
                {"containers":[{"name":"nginx","image":"nginx:1.25","imagePullPolicy":"IfNotPresent",
                  "env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]},
                  {"name":"sidecar","image":"busybox"}]}""")),
        new Case(
            "Re-applying without the sidecar deletes that container",
            DEPLOYMENT,
            """
            {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"nginx"}],
              "containers":[{"$patch":"delete","name":"sidecar"}]}}}}""",
            deploymentWithPodSpec("{\"containers\":[%s]}".formatted(NGINX))),
        new Case(
            "Re-applying without an env var deletes it and keeps the order of the rest",
            DEPLOYMENT,
            """
            {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"nginx"},{"name":"sidecar"}],
              "containers":[{"$setElementOrder/env":[{"name":"A"}],
                "env":[{"$patch":"delete","name":"B"}],"name":"nginx"}]}}}}""",
            deploymentWithPodSpec(
                """
                {"containers":[%s,{"name":"sidecar","image":"busybox"}]}"""
                    .formatted(NGINX.replace(",{\"name\":\"B\",\"value\":\"2\"}", "")))),
        new Case(
            "Re-applying without one port deletes it by containerPort",
            DEPLOYMENT,
            """
            {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"nginx"},{"name":"sidecar"}],
              "containers":[{"$setElementOrder/ports":[{"containerPort":80}],"name":"nginx",
                "ports":[{"$patch":"delete","containerPort":443}]}]}}}}""",
            deploymentWithPodSpec(
                """
                {"containers":[%s,{"name":"sidecar","image":"busybox"}]}"""
                    .formatted(
                        NGINX.replace(",{\"containerPort\":443,\"protocol\":\"TCP\"}", "")))),
        new Case(
            "Applying a new container with $setElementOrder puts it where the manifest has it",
            DEPLOYMENT,
            """
            {"spec":{"template":{"spec":{"$setElementOrder/containers":
              [{"name":"nginx"},{"name":"logger"},{"name":"sidecar"}],
              "containers":[{"name":"logger","image":"fluentbit"}]}}}}""",
            deploymentWithPodSpec(
                """
                {"containers":[%s,{"name":"logger","image":"fluentbit"},{"name":"sidecar","image":"busybox"}]}"""
                    .formatted(NGINX))),
        new Case(
            "Switching to Recreate uses $retainKeys to drop rollingUpdate",
            DEPLOYMENT,
            """
            {"spec":{"strategy":{"$retainKeys":["type"],"rollingUpdate":null,"type":"Recreate"}}}""",
            DEPLOYMENT.replace(
                "{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxSurge\":\"25%\",\"maxUnavailable\":\"25%\"}}",
                "{\"type\":\"Recreate\"}")));
  }

  static Stream<Case> serviceCases() {
    return Stream.of(
        new Case(
            "Service ports merge by port",
            """
            {"spec":{"type":"ClusterIP","ports":[{"port":80,"targetPort":8080},{"port":443}]}}""",
            """
            {"spec":{"ports":[{"port":80,"targetPort":9090}]}}""",
            """
            {"spec":{"type":"ClusterIP","ports":[{"port":80,"targetPort":9090},{"port":443}]}}"""),
        new Case(
            "Service selector is a map and merges",
            """
            {"spec":{"selector":{"app":"a","tier":"web"}}}""",
            """
            {"spec":{"selector":{"tier":null,"track":"stable"}}}""",
            """
            {"spec":{"selector":{"app":"a","track":"stable"}}}"""));
  }

  static Stream<Case> nodeCases() {
    return Stream.of(
        new Case(
            "Node taints have no merge strategy and are replaced",
            """
            {"spec":{"taints":[{"key":"a","effect":"NoSchedule"}]}}""",
            """
            {"spec":{"taints":[{"key":"b","effect":"NoExecute"}]}}""",
            """
            {"spec":{"taints":[{"key":"b","effect":"NoExecute"}]}}"""),
        new Case(
            "Node conditions and addresses merge by type",
            """
            {"status":{"conditions":[{"type":"Ready","status":"False"}],
              "addresses":[{"type":"InternalIP","address":"10.0.0.1"},{"type":"Hostname","address":"n1"}]}}""",
            """
            {"status":{"conditions":[{"type":"Ready","status":"True"}],
              "addresses":[{"type":"InternalIP","address":"10.0.0.2"}]}}""",
            """
            {"status":{"conditions":[{"type":"Ready","status":"True"}],
              "addresses":[{"type":"InternalIP","address":"10.0.0.2"},{"type":"Hostname","address":"n1"}]}}"""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("podCases")
  void patchesPods(Case c) {
    check(c, "", "Pod");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kubectlDeploymentCases")
  void acceptsWhatKubectlSendsForDeployments(Case c) {
    check(c, "apps", "Deployment");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("serviceCases")
  void patchesServices(Case c) {
    check(c, "", "Service");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nodeCases")
  void patchesNodes(Case c) {
    check(c, "", "Node");
  }

  @Test
  void appliesThePodSpecRulesInsideACronJobTemplate() {
    JsonNode result =
        StrategicMergePatch.apply(
            json(
                """
                {"spec":{"jobTemplate":{"spec":{"template":{"spec":{"containers":[
                  {"name":"a","image":"a:1","command":["run"]}]}}}}}}"""),
            json(
                """
                {"spec":{"jobTemplate":{"spec":{"template":{"spec":{"containers":[
                  {"name":"a","image":"a:2"}]}}}}}}"""),
            "batch",
            "CronJob");
    assertThat(result)
        .isEqualTo(
            json(
                """
                {"spec":{"jobTemplate":{"spec":{"template":{"spec":{"containers":[
                  {"name":"a","image":"a:2","command":["run"]}]}}}}}}"""));
  }

  static Stream<Case> malformedCases() {
    return Stream.of(
        new Case(
            "A merge-keyed list element without its merge key",
            "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"a\"}]}}}}",
            "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"image\":\"x\"}]}}}}",
            "has no merge key \"name\""),
        new Case(
            "A delete directive element without its merge key",
            "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"a\"}]}}}}",
            "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"$patch\":\"delete\"}]}}}}",
            "has no merge key \"name\""),
        new Case(
            "An unknown $patch value in a map",
            "{\"spec\":{}}",
            "{\"spec\":{\"$patch\":\"explode\"}}",
            "unknown $patch directive"),
        new Case(
            "An unknown $patch value in a list element",
            "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"a\"}]}}}}",
            "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"a\",\"$patch\":\"frobnicate\"}]}}}}",
            "unknown $patch directive"),
        new Case(
            "A $patch merge list element, which Kubernetes rejects",
            "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"a\"}]}}}}",
            "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"a\",\"$patch\":\"merge\"}]}}}}",
            "merging lists cannot yet be specified"),
        new Case(
            "A $retainKeys that is not a list",
            "{\"spec\":{\"strategy\":{}}}",
            "{\"spec\":{\"strategy\":{\"$retainKeys\":\"type\",\"type\":\"Recreate\"}}}",
            "$retainKeys must be a list"),
        new Case(
            "A patch field missing from $retainKeys",
            "{\"spec\":{\"strategy\":{}}}",
            "{\"spec\":{\"strategy\":{\"$retainKeys\":[\"type\"],\"rollingUpdate\":{}}}}",
            "not in $retainKeys"),
        new Case(
            "A patch list whose order contradicts $setElementOrder",
            "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"a\"},{\"name\":\"b\"}]}}}}",
            """
            {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"a"},{"name":"b"}],
              "containers":[{"name":"b"},{"name":"a"}]}}}}""",
            "doesn't match $setElementOrder"),
        new Case(
            "A $setElementOrder that is not a list",
            "{\"spec\":{}}",
            "{\"spec\":{\"template\":{\"spec\":{\"$setElementOrder/containers\":{\"name\":\"a\"}}}}}",
            "must be a list"),
        new Case(
            "A $deleteFromPrimitiveList that is not a list",
            "{\"metadata\":{\"finalizers\":[\"a\"]}}",
            "{\"metadata\":{\"$deleteFromPrimitiveList/finalizers\":\"a\"}}",
            "must be a list"),
        new Case(
            "A merged list mixing strings and objects",
            "{\"metadata\":{\"finalizers\":[\"a\"]}}",
            "{\"metadata\":{\"finalizers\":[{\"x\":1}]}}",
            "not all of the same type"),
        new Case(
            "An unknown directive key",
            "{\"spec\":{}}",
            "{\"spec\":{\"$frobnicate\":1}}",
            "unknown directive $frobnicate"),
        new Case(
            "A patch that is not an object", "{}", "[{\"op\":\"add\"}]", "must be a JSON object"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedCases")
  void rejectsMalformedPatches(Case c) {
    assertThatThrownBy(
            () ->
                StrategicMergePatch.apply(
                    json(c.original()), json(c.patch()), "apps", "Deployment"))
        .isInstanceOf(PatchException.class)
        .hasMessageContaining(c.expected());
  }

  @Test
  void leavesBothInputsUntouchedAndSharesNoNodeWithThem() {
    JsonNode target = json(DEPLOYMENT);
    JsonNode patch =
        json(
            """
            {"metadata":{"annotations":{"a":null}},
             "spec":{"strategy":{"$retainKeys":["type"],"rollingUpdate":null,"type":"Recreate"},
               "template":{"spec":{"$setElementOrder/containers":[{"name":"nginx"},{"name":"new"}],
                 "containers":[{"name":"nginx","image":"nginx:2","env":[{"name":"A","$patch":"delete"}],
                   "ports":[{"containerPort":80,"name":"http"}]},
                   {"name":"new","image":"n","env":[{"name":"E","value":"1"}]},
                   {"name":"sidecar","$patch":"delete"}]}}}}""");
    JsonNode targetBefore = target.deepCopy();
    JsonNode patchBefore = patch.deepCopy();

    ObjectNode result = (ObjectNode) StrategicMergePatch.apply(target, patch, "apps", "Deployment");
    JsonNode containers = result.at("/spec/template/spec/containers");
    assertThat(containers.get(0).get("image").asString()).isEqualTo("nginx:2");
    assertThat(containers.get(1).get("name").asString()).isEqualTo("new");
    ((ObjectNode) containers.get(0)).put("image", "mutated");
    ((ObjectNode) containers.get(0).get("ports").get(0)).put("name", "mutated");
    ((ObjectNode) containers.get(1).get("env").get(0)).put("value", "mutated");

    assertThat(target).isEqualTo(targetBefore);
    assertThat(patch).isEqualTo(patchBefore);
  }

  @ParameterizedTest(name = "{0}/{1}")
  @CsvSource({
    "'',Pod",
    "'',Namespace",
    "'',Service",
    "'',Endpoints",
    "'',Node",
    "'',ConfigMap",
    "'',Secret",
    "'',Event",
    "'',ServiceAccount",
    "'',PersistentVolume",
    "'',PersistentVolumeClaim",
    "'',ResourceQuota",
    "'',LimitRange",
    "apps,Deployment",
    "apps,ReplicaSet",
    "apps,StatefulSet",
    "apps,DaemonSet",
    "apps,ControllerRevision",
    "batch,Job",
    "batch,CronJob",
    "networking.k8s.io,Ingress",
    "networking.k8s.io,IngressClass",
    "storage.k8s.io,StorageClass",
    "discovery.k8s.io,EndpointSlice",
    "coordination.k8s.io,Lease",
    "events.k8s.io,Event",
    "autoscaling,Scale"
  })
  void supportsEveryBuiltInKind(String group, String kind) {
    assertThat(StrategicMergePatch.supports(group == null ? "" : group, kind)).isTrue();
  }

  @Test
  void doesNotSupportCustomResourcesOrUnknownKinds() {
    assertThat(StrategicMergePatch.supports("example.com", "Widget")).isFalse();
    assertThat(StrategicMergePatch.supports("apps", "Pod")).isFalse();
    assertThatThrownBy(
            () -> StrategicMergePatch.apply(json("{}"), json("{}"), "example.com", "Widget"))
        .isInstanceOf(PatchException.class);
  }

  private static void check(Case c, String group, String kind) {
    JsonNode original = json(c.original());
    JsonNode patch = json(c.patch());
    JsonNode result = StrategicMergePatch.apply(original, patch, group, kind);
    assertThat(result).isEqualTo(json(c.expected()));
    assertNoDirectives(result, "");
    assertThat(original).isEqualTo(json(c.original()));
    assertThat(patch).isEqualTo(json(c.patch()));
  }

  private static void assertNoDirectives(JsonNode node, String path) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        assertThat(field.getKey()).as("key at %s", path).doesNotStartWith("$");
        assertNoDirectives(field.getValue(), path + "." + field.getKey());
      }
    } else if (node.isArray()) {
      for (JsonNode element : node) {
        assertNoDirectives(element, path + "[]");
      }
    }
  }

  private static JsonNode json(String text) {
    return Json.MAPPER.readTree(text);
  }
}

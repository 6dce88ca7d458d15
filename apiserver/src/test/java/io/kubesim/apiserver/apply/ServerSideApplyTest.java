package io.kubesim.apiserver.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesim.core.api.ApiException;
import io.kubesim.core.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ServerSideApplyTest {
  private static final Instant NOW = Instant.parse("2024-05-01T10:00:00.123Z");

  /** One apply by {@code manager} on top of the result of the previous ones. */
  record Step(String manager, boolean force, String applied) {}

  /**
   * Applies the steps in order to a Deployment, then checks the object ({@code expected}, only the
   * fields it names, managedFields excluded) and each manager's fieldsV1 ({@code owners}: manager
   * then JSON).
   */
  record Case(String name, List<Step> steps, String expected, List<String> owners) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final String DEPLOY =
      """
      {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":%s}""";

  static Step step(String manager, String spec) {
    return new Step(manager, false, DEPLOY.formatted(spec));
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "The first apply creates the object and records ownership of what it set",
            List.of(step("kubectl", "{\"replicas\":2,\"paused\":false}")),
            "{\"spec\":{\"replicas\":2,\"paused\":false}}",
            List.of("kubectl", "{\"f:spec\":{\"f:paused\":{},\"f:replicas\":{}}}")),
        new Case(
            "Re-applying without a field removes it when nobody else owns it",
            List.of(
                step("kubectl", "{\"replicas\":2,\"paused\":true}"),
                step("kubectl", "{\"replicas\":2}")),
            "{\"spec\":{\"replicas\":2}}",
            List.of("kubectl", "{\"f:spec\":{\"f:replicas\":{}}}")),
        new Case(
            "Two managers own different fields and each keeps its own",
            List.of(step("kubectl", "{\"replicas\":2}"), step("hpa", "{\"minReadySeconds\":5}")),
            "{\"spec\":{\"replicas\":2,\"minReadySeconds\":5}}",
            List.of(
                "kubectl",
                "{\"f:spec\":{\"f:replicas\":{}}}",
                "hpa",
                "{\"f:spec\":{\"f:minReadySeconds\":{}}}")),
        new Case(
            "The same value applied by two managers is shared, and dropping it keeps it",
            List.of(
                step("a", "{\"replicas\":2}"),
                step("b", "{\"replicas\":2}"),
                new Step("a", false, "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\"}")),
            "{\"spec\":{\"replicas\":2}}",
            List.of("b", "{\"f:spec\":{\"f:replicas\":{}}}")),
        new Case(
            "Forcing a conflicting field moves its ownership",
            List.of(
                step("kubectl", "{\"replicas\":2,\"paused\":true}"),
                new Step("other", true, DEPLOY.formatted("{\"replicas\":5}"))),
            "{\"spec\":{\"replicas\":5,\"paused\":true}}",
            List.of(
                "kubectl",
                "{\"f:spec\":{\"f:paused\":{}}}",
                "other",
                "{\"f:spec\":{\"f:replicas\":{}}}")),
        new Case(
            "Containers merge by name: two managers each own a container",
            List.of(
                step(
                    "a",
                    """
                    {"template":{"spec":{"containers":[{"name":"web","image":"nginx"}]}}}"""),
                step(
                    "b",
                    """
                    {"template":{"spec":{"containers":[{"name":"log","image":"fluentd"}]}}}""")),
            """
            {"spec":{"template":{"spec":{"containers":[
              {"name":"web","image":"nginx"},{"name":"log","image":"fluentd"}]}}}}""",
            List.of(
                "a",
                """
                {"f:spec":{"f:template":{"f:spec":{"f:containers":{"k:{\\"name\\":\\"web\\"}":\
                {".":{},"f:image":{},"f:name":{}}}}}}}""",
                "b",
                """
                {"f:spec":{"f:template":{"f:spec":{"f:containers":{"k:{\\"name\\":\\"log\\"}":\
                {".":{},"f:image":{},"f:name":{}}}}}}}""")),
        new Case(
            "A container a manager stops applying goes away",
            List.of(
                step(
                    "a",
                    """
                    {"template":{"spec":{"containers":[
                      {"name":"web","image":"nginx"},{"name":"log","image":"fluentd"}]}}}"""),
                step(
                    "a",
                    """
                    {"template":{"spec":{"containers":[{"name":"web","image":"nginx"}]}}}""")),
            """
            {"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx"}]}}}}""",
            List.of(
                "a",
                """
                {"f:spec":{"f:template":{"f:spec":{"f:containers":{"k:{\\"name\\":\\"web\\"}":\
                {".":{},"f:image":{},"f:name":{}}}}}}}""")),
        new Case(
            "Container ports key on containerPort and the defaulted protocol",
            List.of(
                step(
                    "a",
                    """
                    {"template":{"spec":{"containers":[
                      {"name":"web","ports":[{"containerPort":80}]}]}}}""")),
            """
            {"spec":{"template":{"spec":{"containers":[
              {"name":"web","ports":[{"containerPort":80}]}]}}}}""",
            List.of(
                "a",
                """
                {"f:spec":{"f:template":{"f:spec":{"f:containers":{"k:{\\"name\\":\\"web\\"}":\
                {".":{},"f:name":{},"f:ports":{"k:{\\"containerPort\\":80,\\"protocol\\":\\"TCP\\"}":\
                {".":{},"f:containerPort":{}}}}}}}}}""")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void applies(Case c) {
    ObjectNode object = null;
    for (Step s : c.steps()) {
      object =
          ServerSideApply.apply(
                  object, obj(s.applied()), s.manager(), s.force(), NOW, "apps", "Deployment")
              .merged();
    }
    ObjectNode expected = obj(c.expected());
    for (var field : expected.properties()) {
      assertThat(object.get(field.getKey())).isEqualTo(field.getValue());
    }
    List<String> owners = new ArrayList<>();
    for (JsonNode entry : object.path("metadata").path("managedFields")) {
      assertThat(entry.path("operation").asString()).isEqualTo("Apply");
      assertThat(entry.path("apiVersion").asString()).isEqualTo("apps/v1");
      assertThat(entry.path("fieldsType").asString()).isEqualTo("FieldsV1");
      assertThat(entry.path("time").asString()).isEqualTo("2024-05-01T10:00:00Z");
      owners.add(entry.path("manager").asString());
      owners.add(Json.string(entry.path("fieldsV1")));
    }
    List<String> wanted = new ArrayList<>();
    for (int i = 0; i < c.owners().size(); i++) {
      wanted.add(i % 2 == 0 ? c.owners().get(i) : Json.string(obj(c.owners().get(i))));
    }
    assertThat(owners).containsExactlyInAnyOrderElementsOf(wanted);
  }

  /** A status write owns status fields only; a main-resource write everything but status. */
  @Test
  void aStatusUpdateRecordsStatusFieldsAndAnUpdateEverythingElse() {
    ObjectNode created =
        obj(
            """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"app":"a"}},
             "spec":{"containers":[{"name":"c","image":"nginx"}]},"status":{"phase":"Pending"}}""");
    ManagedFields.recordUpdate(null, created, "kubectl-create", null, NOW, "", "Pod");
    ObjectNode running = created.deepCopy();
    ((ObjectNode) running.get("status")).put("phase", "Running").put("podIP", "10.0.0.5");
    ManagedFields.recordUpdate(created, running, "kubelet", "status", NOW, "", "Pod");

    Map<String, String> fields = new java.util.HashMap<>();
    for (JsonNode entry : running.path("metadata").path("managedFields")) {
      fields.put(entry.path("manager").asString(), Json.string(entry.path("fieldsV1")));
    }
    assertThat(fields.get("kubectl-create")).contains("\"f:spec\"").doesNotContain("f:status");
    assertThat(fields)
        .containsEntry(
            "kubelet", Json.string(obj("{\"f:status\":{\"f:phase\":{},\"f:podIP\":{}}}")));
  }

  @Test
  void aConflictWithAnUpdateManagerIs409WithTheApiserversMessageAndCauses() {
    ObjectNode live = obj(DEPLOY.formatted("{\"replicas\":2}"));
    ManagedFields.recordUpdate(
        null, live, "kubectl-client-side-apply", null, NOW, "apps", "Deployment");
    ObjectNode changed = obj(DEPLOY.formatted("{\"replicas\":3}"));

    assertThatThrownBy(
            () -> ServerSideApply.apply(live, changed, "other", false, NOW, "apps", "Deployment"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(409);
              assertThat(e.status().path("reason").asString()).isEqualTo("Conflict");
              assertThat(e.status().path("message").asString())
                  .isEqualTo(
                      "Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\""
                          + " using apps/v1: .spec.replicas");
              assertThat(e.status().path("details").path("causes"))
                  .isEqualTo(
                      obj("""
                              {"c":[{"reason":"FieldManagerConflict",
                              "message":"conflict with \\"kubectl-client-side-apply\\" using apps/v1",
                              "field":".spec.replicas"}]}""")
                          .get("c"));
            });
  }

  @Test
  void kubectlTakesOverFieldsItsClientSideApplySetAndStillConflictsOnOthers() {
    ObjectNode live =
        obj(
            """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","annotations":{
              "kubectl.kubernetes.io/last-applied-configuration":"{\\"spec\\":{\\"replicas\\":2}}"}},
             "spec":{"replicas":2,"paused":true}}""");
    ManagedFields.recordUpdate(
        null, live, "kubectl-client-side-apply", null, NOW, "apps", "Deployment");
    ObjectNode changed = obj(DEPLOY.formatted("{\"replicas\":3}"));

    ObjectNode merged =
        ServerSideApply.apply(live, changed, "kubectl", false, NOW, "apps", "Deployment").merged();

    assertThat(merged.path("spec").path("replicas").asInt()).isEqualTo(3);
    assertThatThrownBy(
            () ->
                ServerSideApply.apply(
                    live,
                    obj(DEPLOY.formatted("{\"paused\":false}")),
                    "kubectl",
                    false,
                    NOW,
                    "apps",
                    "Deployment"))
        .hasMessageContaining("conflict");
    assertThatThrownBy(
            () -> ServerSideApply.apply(live, changed, "other", false, NOW, "apps", "Deployment"))
        .isInstanceOf(ApiException.class);
  }

  @Test
  void aReplicationControllersSelectorIsOwnedWholeLikeTheAppsSelectors() {
    String rc =
        """
        {"apiVersion":"v1","kind":"ReplicationController","metadata":{"name":"web"},
         "spec":{"selector":%s}}""";
    ObjectNode live =
        ServerSideApply.apply(
                null,
                obj(rc.formatted("{\"app\":\"web\"}")),
                "a",
                false,
                NOW,
                "",
                "ReplicationController")
            .merged();

    assertThat(live.at("/metadata/managedFields/0/fieldsV1"))
        .isEqualTo(obj("{\"f:spec\":{\"f:selector\":{}}}"));
    // another manager adding a key changes the whole (atomic) map: a conflict, not a merge
    ObjectNode changed = obj(rc.formatted("{\"app\":\"web\",\"tier\":\"fe\"}"));
    assertThatThrownBy(
            () ->
                ServerSideApply.apply(live, changed, "b", false, NOW, "", "ReplicationController"))
        .hasMessage("Apply failed with 1 conflict: conflict with \"a\": .spec.selector");
  }

  @Test
  void severalConflictsAreListedPerManager() {
    ObjectNode live =
        ServerSideApply.apply(
                null,
                obj(DEPLOY.formatted("{\"replicas\":2,\"paused\":true}")),
                "kubectl",
                false,
                NOW,
                "apps",
                "Deployment")
            .merged();
    ObjectNode changed = obj(DEPLOY.formatted("{\"replicas\":3,\"paused\":false}"));

    assertThatThrownBy(
            () -> ServerSideApply.apply(live, changed, "other", false, NOW, "apps", "Deployment"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e ->
                assertThat(e.status().path("message").asString())
                    .isEqualTo(
                        "Apply failed with 2 conflicts: conflicts with \"kubectl\":\n"
                            + "- .spec.paused\n- .spec.replicas"));
  }

  @Test
  void anUpdateOwnsWhatItChangedAndTakesItFromOthers() {
    ObjectNode live =
        ServerSideApply.apply(
                null,
                obj(DEPLOY.formatted("{\"replicas\":2,\"paused\":true}")),
                "kubectl",
                false,
                NOW,
                "apps",
                "Deployment")
            .merged();
    ObjectNode updated = live.deepCopy();
    ((ObjectNode) updated.get("spec")).put("replicas", 4);

    ManagedFields.recordUpdate(live, updated, "kubectl-scale", null, NOW, "apps", "Deployment");

    List<ManagedFields.Entry> entries = ManagedFields.read(updated);
    assertThat(entries)
        .extracting(e -> e.manager() + " " + e.operation() + " " + e.fields())
        .containsExactly(
            "kubectl Apply {\"f:spec\":{\"f:paused\":{}}}",
            "kubectl-scale Update {\"f:spec\":{\"f:replicas\":{}}}");
  }

  @Test
  void fieldsV1DecodesAndEncodesARealEntryUnchanged() {
    String real =
        """
        {"f:metadata":{"f:annotations":{".":{},"f:deployment.kubernetes.io/revision":{}},\
        "f:finalizers":{".":{},"v:\\"example.com/x\\"":{}}},\
        "f:spec":{"f:replicas":{},"f:selector":{},"f:template":{"f:spec":{"f:containers":\
        {"k:{\\"name\\":\\"nginx\\"}":{".":{},"f:image":{},"f:name":{},"f:ports":\
        {"k:{\\"containerPort\\":80,\\"protocol\\":\\"TCP\\"}":{".":{},"f:containerPort":{}}}}}}}}}""";
    FieldSet set = FieldSet.fromFieldsV1(obj(real));

    assertThat(set.toFieldsV1()).isEqualTo(obj(real));
    assertThat(set.paths())
        .contains(
            List.of("f:metadata", "f:annotations"),
            List.of("f:spec", "f:template", "f:spec", "f:containers", "k:{\"name\":\"nginx\"}"));
    assertThat(
            FieldSet.describe(
                List.of(
                    "f:spec",
                    "f:template",
                    "f:spec",
                    "f:containers",
                    "k:{\"name\":\"nginx\"}",
                    "f:ports",
                    "k:{\"containerPort\":80,\"protocol\":\"TCP\"}")))
        .isEqualTo(
            ".spec.template.spec.containers[name=\"nginx\"].ports[containerPort=80,protocol=\"TCP\"]");
    assertThat(FieldSet.describe(List.of("f:metadata", "f:finalizers", "v:\"a\"")))
        .isEqualTo(".metadata.finalizers[=\"a\"]");
  }

  @Test
  void theManagerOfAWriteIsTheUserAgentUpToItsFirstSlash() {
    assertThat(
            ManagedFields.managerFromUserAgent("kubectl/v1.30.0 (linux/amd64) kubernetes/7c48c2b"))
        .isEqualTo("kubectl");
    assertThat(ManagedFields.managerFromUserAgent(null)).isEmpty();
  }

  private static ObjectNode obj(String json) {
    return (ObjectNode) Json.MAPPER.readTree(json);
  }
}

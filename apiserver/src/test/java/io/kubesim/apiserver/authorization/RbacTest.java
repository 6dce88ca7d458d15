package io.kubesim.apiserver.authorization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesim.apiserver.bootstrap.Seed;
import io.kubesim.apiserver.registry.ResourceHandler;
import io.kubesim.apiserver.resource.Resources;
import io.kubesim.apiserver.storage.Mirror;
import io.kubesim.apiserver.storage.Store;
import io.kubesim.core.api.ApiException;
import io.kubesim.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

/** RBAC decisions over the bootstrap policy plus a few roles and bindings, case by case. */
class RbacTest {
  private static final String BOT = "system:serviceaccount:team:bot";
  private static final String VIEWER = "system:serviceaccount:team:viewer";
  private static final String EDITOR = "system:serviceaccount:team:editor";

  private Store store;
  private Rbac rbac;

  @BeforeEach
  void setUp() {
    store = Store.open(null, Mirror.NONE, 100);
    ResourceHandler handler = new ResourceHandler(store, Clock.systemUTC());
    Seed.apply(store, handler.writes(), "127.0.0.1", 6443);
    create(handler, "namespaces", null, "{\"metadata\":{\"name\":\"team\"}}");
    create(
        handler,
        "roles",
        "team",
        """
        {"metadata":{"name":"cm-one","namespace":"team"},"rules":[{"apiGroups":[""],
         "resources":["configmaps"],"resourceNames":["settings"],"verbs":["get","update"]},
         {"apiGroups":["apps"],"resources":["*/scale"],"verbs":["patch"]}]}""");
    create(
        handler,
        "rolebindings",
        "team",
        """
        {"metadata":{"name":"bot-cm","namespace":"team"},"roleRef":{"apiGroup":
         "rbac.authorization.k8s.io","kind":"Role","name":"cm-one"},
         "subjects":[{"kind":"ServiceAccount","name":"bot"}]}""");
    create(
        handler,
        "rolebindings",
        "team",
        """
        {"metadata":{"name":"broken","namespace":"team"},"roleRef":{"apiGroup":
         "rbac.authorization.k8s.io","kind":"Role","name":"missing"},
         "subjects":[{"kind":"Group","name":"system:serviceaccounts"}]}""");
    for (String role : new String[] {"view", "edit"}) {
      create(
          handler,
          "rolebindings",
          "team",
          """
          {"metadata":{"name":"%s","namespace":"team"},"roleRef":{"apiGroup":
           "rbac.authorization.k8s.io","kind":"ClusterRole","name":"%s"},
           "subjects":[{"kind":"ServiceAccount","name":"%s"}]}"""
              .formatted(role, role, role.equals("view") ? "viewer" : "editor"));
    }
    rbac = new Rbac(store);
  }

  private static void create(ResourceHandler handler, String plural, String ns, String json) {
    String group = plural.startsWith("role") ? "rbac.authorization.k8s.io" : "";
    handler
        .writes()
        .create(
            (ObjectNode) Json.parse(json.getBytes(StandardCharsets.UTF_8)),
            ns,
            Resources.find(group, "v1", plural).orElseThrow(),
            false);
  }

  record Case(String name, Attributes attributes, boolean allowed) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Attributes resource(
      String user, String verb, String group, String resource, String sub, String ns, String name) {
    return new Attributes(user, Users.groups(user), verb, group, resource, sub, ns, name, null);
  }

  private static Attributes path(String user, String verb, String path) {
    return new Attributes(user, Users.groups(user), verb, "", "", "", "", "", path);
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "the admin may do anything",
            resource("kubernetes-admin", "delete", "", "nodes", "", "", "n1"),
            true),
        new Case(
            "a named rule allows that name",
            resource(BOT, "get", "", "configmaps", "", "team", "settings"),
            true),
        new Case(
            "a named rule does not allow other names",
            resource(BOT, "get", "", "configmaps", "", "team", "other"),
            false),
        new Case(
            "a named rule does not allow listing",
            resource(BOT, "list", "", "configmaps", "", "team", ""),
            false),
        new Case(
            "a role binding does not reach other namespaces",
            resource(BOT, "get", "", "configmaps", "", "default", "settings"),
            false),
        new Case(
            "*/scale covers any resource's scale subresource",
            resource(BOT, "patch", "apps", "deployments", "scale", "team", "web"),
            true),
        new Case(
            "*/scale does not cover the resource itself",
            resource(BOT, "patch", "apps", "deployments", "", "team", "web"),
            false),
        new Case(
            "view reads a replication controller's scale",
            resource(VIEWER, "get", "", "replicationcontrollers", "scale", "team", "web"),
            true),
        new Case(
            "view reads a replication controller's status",
            resource(VIEWER, "watch", "", "replicationcontrollers", "status", "team", "web"),
            true),
        new Case(
            "view may not scale a replication controller",
            resource(VIEWER, "patch", "", "replicationcontrollers", "scale", "team", "web"),
            false),
        new Case(
            "edit scales a replication controller",
            resource(EDITOR, "patch", "", "replicationcontrollers", "scale", "team", "web"),
            true),
        new Case(
            "every authenticated user may read discovery", path(BOT, "get", "/apis/apps/v1"), true),
        new Case("but not post to it", path(BOT, "post", "/apis"), false),
        new Case(
            "every authenticated user may ask what it may do",
            resource(BOT, "create", "authorization.k8s.io", "selfsubjectaccessreviews", "", "", ""),
            true),
        new Case(
            "anonymous callers may read the version",
            path("system:anonymous", "get", "/version"),
            true),
        new Case("but not discovery", path("system:anonymous", "get", "/api"), false));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void decides(Case c) {
    assertThat(rbac.authorize(c.attributes()).allowed()).isEqualTo(c.allowed());
  }

  @Test
  void anAllowSaysWhichBindingAllowedIt() {
    assertThat(
            rbac.authorize(resource(BOT, "update", "", "configmaps", "", "team", "settings"))
                .reason())
        .isEqualTo(
            "RBAC: allowed by RoleBinding \"bot-cm/team\" of Role \"cm-one\" to ServiceAccount"
                + " \"bot/team\"");
  }

  @Test
  void aRefusalNamesTheUserVerbResourceAndScopeAndAMissingRole() {
    assertThatThrownBy(
            () -> rbac.check(resource(BOT, "list", "apps", "deployments", "", "team", "")))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(403);
              assertThat(e.status().path("message").asString())
                  .isEqualTo(
                      "deployments.apps is forbidden: User \"system:serviceaccount:team:bot\""
                          + " cannot list resource \"deployments\" in API group \"apps\" in the"
                          + " namespace \"team\": RBAC: role.rbac.authorization.k8s.io"
                          + " \"missing\" not found");
              assertThat(e.status().path("details").path("kind").asString())
                  .isEqualTo("deployments");
            });
    assertThatThrownBy(() -> rbac.check(path(BOT, "get", "/metrics")))
        .hasMessageContaining(
            "forbidden: User \"system:serviceaccount:team:bot\" cannot get path \"/metrics\"");
  }
}

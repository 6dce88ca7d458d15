package io.kubesim.apiserver.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RequestInfoTest {
  record Case(String name, String method, String path, boolean watch, RequestInfo expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "a core list in a namespace",
            "GET",
            "/api/v1/namespaces/demo/pods",
            false,
            new RequestInfo("", "v1", "demo", "pods", null, null, "list")),
        new Case(
            "a group object with a subresource",
            "PATCH",
            "/apis/apps/v1/namespaces/demo/deployments/web/scale",
            false,
            new RequestInfo("apps", "v1", "demo", "deployments", "web", "scale", "patch")),
        new Case(
            "a cluster-wide list of a namespaced kind",
            "GET",
            "/apis/apps/v1/deployments",
            false,
            new RequestInfo("apps", "v1", null, "deployments", null, null, "list")),
        new Case(
            "a namespace is named, not namespaced",
            "DELETE",
            "/api/v1/namespaces/demo",
            false,
            new RequestInfo("", "v1", null, "namespaces", "demo", null, "delete")),
        new Case(
            "a namespace's finalize subresource",
            "PUT",
            "/api/v1/namespaces/demo/finalize",
            false,
            new RequestInfo("", "v1", null, "namespaces", "demo", "finalize", "update")),
        new Case(
            "watch=true makes a list a watch",
            "GET",
            "/api/v1/namespaces/demo/pods",
            true,
            new RequestInfo("", "v1", "demo", "pods", null, null, "watch")),
        new Case(
            "the old /watch/ path prefix is a watch",
            "GET",
            "/api/v1/watch/namespaces/demo/pods",
            false,
            new RequestInfo("", "v1", "demo", "pods", null, null, "watch")),
        new Case(
            "a DELETE without a name deletes a collection",
            "DELETE",
            "/api/v1/namespaces/demo/configmaps",
            false,
            new RequestInfo("", "v1", "demo", "configmaps", null, null, "deletecollection")),
        new Case(
            "a POST creates",
            "POST",
            "/api/v1/namespaces",
            false,
            new RequestInfo("", "v1", null, "namespaces", null, null, "create")),
        new Case("discovery is not a resource path", "GET", "/apis/apps", false, null),
        new Case(
            "too many segments is not a resource path",
            "GET",
            "/api/v1/namespaces/a/pods/b/log/extra",
            false,
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void pathsParseAsTheApiserverParsesThem(Case c) {
    assertThat(RequestInfo.parse(c.method(), c.path(), c.watch())).isEqualTo(c.expected());
  }
}

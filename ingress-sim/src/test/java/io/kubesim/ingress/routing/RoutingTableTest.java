package io.kubesim.ingress.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.ingress.Scenarios;
import io.kubesim.ingress.model.ConfigurationBuilder;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Host + path + ingress set -> where the request goes, with ingress-nginx's precedence. The answer
 * is the upstream's name, {@code 301} for nginx's redirect to the path with a slash, or {@code
 * none} when no location matches.
 */
class RoutingTableTest {
  record Case(String name, String scenario, String host, String path, String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Case> cases() {
    return List.of(
        new Case(
            "an Exact path matches itself", "paths", "foo.bar.com", "/exact", "default-exact-80"),
        new Case(
            "an Exact path does not match below itself: the host's root is the 404 backend",
            "paths",
            "foo.bar.com",
            "/exact/more",
            "upstream-default-backend"),
        new Case("a Prefix path matches itself", "paths", "foo.bar.com", "/foo", "default-foo-80"),
        new Case(
            "a Prefix path matches itself with a slash",
            "paths",
            "foo.bar.com",
            "/foo/",
            "default-foo-80"),
        new Case(
            "a Prefix path matches the elements below it",
            "paths",
            "foo.bar.com",
            "/foo/x/y",
            "default-foo-80"),
        new Case(
            "a Prefix path does not match a longer element",
            "paths",
            "foo.bar.com",
            "/foobar",
            "upstream-default-backend"),
        new Case(
            "the longest matching prefix wins",
            "paths",
            "foo.bar.com",
            "/foo/bar/baz",
            "default-foobar-80"),
        new Case(
            "ImplementationSpecific is nginx's plain string prefix",
            "paths",
            "foo.bar.com",
            "/implementation",
            "default-impl-80"),
        new Case(
            "a Prefix path written with a slash sends the path without it to nginx's 301",
            "paths",
            "foo.bar.com",
            "/docs",
            "301"),
        new Case(
            "a named service port names the upstream",
            "paths",
            "foo.bar.com",
            "/docs/guide",
            "default-docs-http"),
        new Case(
            "an Exact path beats a Prefix path of the same text",
            "paths",
            "foo.bar.com",
            "/both",
            "default-both-exact-80"),
        new Case(
            "below it the Prefix path of the same text matches",
            "paths",
            "foo.bar.com",
            "/both/x",
            "default-both-prefix-80"),
        new Case(
            "the host is matched in any case and without its port",
            "paths",
            "FOO.Bar.com:8080",
            "/foo",
            "default-foo-80"),
        new Case(
            "of two ingresses claiming one path the older keeps it",
            "paths",
            "foo.bar.com",
            "/foo/z",
            "default-foo-80"),
        new Case(
            "the newer ingress adds its other paths to the same host",
            "paths",
            "foo.bar.com",
            "/new",
            "other-new-80"),
        new Case(
            "a wildcard host matches one label", "paths", "a.wild.com", "/x", "default-wild-80"),
        new Case(
            "a wildcard host does not match two labels: the catch-all answers",
            "paths",
            "a.b.wild.com",
            "/nohost",
            "default-nohost-80"),
        new Case(
            "a wildcard host does not match its own domain",
            "paths",
            "wild.com",
            "/x",
            "default-fallback-8080"),
        new Case(
            "an unknown host gets the host-less rules",
            "paths",
            "unknown.example",
            "/nohost/a",
            "default-nohost-80"),
        new Case(
            "the catch-all's root is the ingress defaultBackend",
            "paths",
            "unknown.example",
            "/anything",
            "default-fallback-8080"),
        new Case(
            "rewrite-target makes the path a regular expression",
            "rewrite",
            "rewrite.bar.com",
            "/something/new",
            "default-http-svc-80"),
        new Case(
            "in a regex server another ingress's paths match case-insensitively",
            "rewrite",
            "rewrite.bar.com",
            "/OTHER",
            "default-other-80"),
        new Case(
            "in a regex server a Prefix path loses its element-wise match",
            "rewrite",
            "rewrite.bar.com",
            "/otherwise",
            "default-other-80"),
        new Case(
            "the same ingress's other host keeps its element-wise match",
            "rewrite",
            "plain.bar.com",
            "/otherwise",
            "upstream-default-backend"),
        new Case(
            "a canary adds no location: the main backend serves the path",
            "canary",
            "canary.bar.com",
            "/",
            "default-production-80"),
        new Case(
            "a canary for a host nobody else serves gets the catch-all",
            "canary",
            "nowhere.bar.com",
            "/",
            "upstream-default-backend"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void routes(Case c) {
    RoutingTable table =
        RoutingTable.compile(ConfigurationBuilder.build(Scenarios.load(c.scenario())));
    Route route = table.route(c.host(), Uris.normalize(c.path()));
    String answer =
        route.location() == null
            ? "none"
            : route.slashRedirect() ? "301" : route.location().backend();
    assertThat(answer).isEqualTo(c.expected());
  }
}

package io.kubesim.core.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

class LabelSelectorTest {

  private static final String VALUE_RULES =
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or"
          + " '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or"
          + " 'my_value',  or '12345', regex used for validation is"
          + " '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
  private static final String NAME_RULES =
      "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an"
          + " alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for"
          + " validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

  record Case(
      String name,
      String text,
      String canonical,
      List<Map<String, String>> selected,
      List<Map<String, String>> rejected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> parseCases() {
    return Stream.of(
        new Case(
            "The empty string selects everything",
            "",
            "",
            List.of(Map.of(), Map.of("app", "web")),
            List.of()),
        new Case(
            "Blank text also selects everything",
            "   ",
            "",
            List.of(Map.of(), Map.of("app", "web")),
            List.of()),
        new Case(
            "An equality requirement needs the label with that value",
            "app=web",
            "app=web",
            List.of(Map.of("app", "web"), Map.of("app", "web", "tier", "fe")),
            List.of(Map.of(), Map.of("app", "db"))),
        new Case(
            "A double-equals requirement keeps its spelling as Go does",
            "app==web",
            "app==web",
            List.of(Map.of("app", "web")),
            List.of(Map.of("app", "db"), Map.of())),
        new Case(
            "An inequality requirement also selects objects without the label",
            "app!=web",
            "app!=web",
            List.of(Map.of(), Map.of("app", "db")),
            List.of(Map.of("app", "web"))),
        new Case(
            "An in requirement sorts its values and needs one of them",
            "env in (prod, dev)",
            "env in (dev,prod)",
            List.of(Map.of("env", "prod"), Map.of("env", "dev")),
            List.of(Map.of("env", "qa"), Map.of())),
        new Case(
            "A notin requirement selects objects without the label",
            "env notin (prod,dev)",
            "env notin (dev,prod)",
            List.of(Map.of(), Map.of("env", "qa")),
            List.of(Map.of("env", "prod"))),
        new Case(
            "A bare key means the label exists with any value",
            "app",
            "app",
            List.of(Map.of("app", ""), Map.of("app", "x")),
            List.of(Map.of(), Map.of("other", "app"))),
        new Case(
            "A bang before the key means the label does not exist",
            "!app",
            "!app",
            List.of(Map.of(), Map.of("other", "x")),
            List.of(Map.of("app", ""))),
        new Case(
            "Whitespace around tokens is ignored and requirements are sorted by key",
            "  tier = fe ,  !legacy ,app",
            "app,!legacy,tier=fe",
            List.of(Map.of("app", "x", "tier", "fe")),
            List.of(Map.of("tier", "fe"), Map.of("app", "x", "tier", "fe", "legacy", "true"))),
        new Case(
            "An empty value after equals requires an empty label value",
            "tier=,app=web",
            "app=web,tier=",
            List.of(Map.of("app", "web", "tier", "")),
            List.of(Map.of("app", "web"), Map.of("app", "web", "tier", "fe"))),
        new Case(
            "Empty parentheses mean the empty value",
            "env in ()",
            "env in ()",
            List.of(Map.of("env", "")),
            List.of(Map.of(), Map.of("env", "prod"))),
        new Case(
            "A doubled comma inside parentheses adds the empty value",
            "env in (b,,a)",
            "env in (,a,b)",
            List.of(Map.of("env", ""), Map.of("env", "a")),
            List.of(Map.of("env", "c"))),
        new Case(
            "The words in and notin are ordinary values inside parentheses",
            "x in (notin,in)",
            "x in (in,notin)",
            List.of(Map.of("x", "in"), Map.of("x", "notin")),
            List.of(Map.of("x", "out"))),
        new Case(
            "A prefixed key is accepted",
            "app.kubernetes.io/name=web",
            "app.kubernetes.io/name=web",
            List.of(Map.of("app.kubernetes.io/name", "web")),
            List.of(Map.of("name", "web"))),
        new Case(
            "A greater-than requirement compares integers",
            "replicas>2",
            "replicas>2",
            List.of(Map.of("replicas", "3")),
            List.of(Map.of("replicas", "2"), Map.of("replicas", "x"), Map.of())),
        new Case(
            "A less-than requirement compares integers",
            "replicas < 2",
            "replicas<2",
            List.of(Map.of("replicas", "-5"), Map.of("replicas", "1")),
            List.of(Map.of("replicas", "2"), Map.of())),
        new Case(
            "Duplicate values in a set collapse",
            "env in (a,a,b)",
            "env in (a,b)",
            List.of(Map.of("env", "a")),
            List.of(Map.of("env", "c"))),
        new Case(
            "All requirements must hold",
            "b=1,a=2,c",
            "a=2,b=1,c",
            List.of(Map.of("a", "2", "b", "1", "c", "")),
            List.of(Map.of("a", "2", "b", "1"), Map.of("a", "1", "b", "1", "c", ""))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parseCases")
  void parsesMatchesAndPrints(Case c) {
    LabelSelector s = LabelSelector.parse(c.text());
    assertThat(s.toString()).isEqualTo(c.canonical());
    assertThat(s.empty()).isEqualTo(c.canonical().isEmpty());
    for (Map<String, String> labels : c.selected()) {
      assertThat(s.matches(labels)).as("selects %s", labels).isTrue();
    }
    for (Map<String, String> labels : c.rejected()) {
      assertThat(s.matches(labels)).as("rejects %s", labels).isFalse();
    }
    // the canonical text parses back to the same selector
    assertThat(LabelSelector.parse(s.toString()).toString()).isEqualTo(c.canonical());
  }

  record Bad(String name, String text, String error) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Bad> badCases() {
    return Stream.of(
        new Bad(
            "A value starting with a dash is reported with the key in its path",
            "app=-bad",
            "unable to parse requirement: values[0][app]: Invalid value: \"-bad\": " + VALUE_RULES),
        new Bad(
            "A value longer than 63 characters is too long",
            "app=" + "a".repeat(64),
            "unable to parse requirement: values[0][app]: Invalid value: \""
                + "a".repeat(64)
                + "\": must be no more than 63 characters"),
        new Bad(
            "A bad value inside a set names its sorted index",
            "env in (b-,a)",
            "unable to parse requirement: values[1][env]: Invalid value: \"b-\": " + VALUE_RULES),
        new Bad(
            "A bang inside a set is a syntax error",
            "env in (ok,bad!)",
            "unable to parse requirement: found '!', expected: ',' or ')'"),
        new Bad(
            "A key starting with a dash is reported with a nil path",
            "-bad=x",
            "unable to parse requirement: <nil>: Invalid value: \"-bad\": name part " + NAME_RULES),
        new Bad(
            "A key longer than 63 characters is too long",
            "k".repeat(64),
            "unable to parse requirement: <nil>: Invalid value: \""
                + "k".repeat(64)
                + "\": name part must be no more than 63 characters"),
        new Bad(
            "A key with two slashes is not a qualified name",
            "a/b/c=x",
            "unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a qualified name "
                + NAME_RULES
                + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"),
        new Bad(
            "An upper-case prefix is not a DNS subdomain",
            "Example.com/x=y",
            "unable to parse requirement: <nil>: Invalid value: \"Example.com/x\": prefix part a"
                + " lowercase RFC 1123 subdomain must consist of lower case alphanumeric"
                + " characters, '-' or '.', and must start and end with an alphanumeric character"
                + " (e.g. 'example.com', regex used for validation is"
                + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"),
        new Bad(
            "An empty prefix is reported",
            "/x=y",
            "unable to parse requirement: <nil>: Invalid value: \"/x\": prefix part must be"
                + " non-empty"),
        new Bad(
            "A trailing comma expects another requirement",
            "app=web,",
            "found '', expected: identifier after ','"),
        new Bad(
            "A leading comma is not a requirement",
            ",app",
            "found ',', expected: !, identifier, or 'end of string'"),
        new Bad(
            "A requirement cannot start with an operator",
            "=web",
            "found '=', expected: !, identifier, or 'end of string'"),
        new Bad(
            "Two words need an operator between them",
            "app web",
            "unable to parse requirement: found 'web', expected: in, notin, =, ==, !=, gt, lt"),
        new Bad(
            "A second value needs a comma first",
            "app=a b",
            "found 'b', expected: ',' or 'end of string'"),
        new Bad(
            "An in requirement needs parentheses",
            "env in a",
            "unable to parse requirement: found 'a' expected: '('"),
        new Bad(
            "An unclosed set is reported",
            "env in (a",
            "unable to parse requirement: found '', expected: ',' or ')'"),
        new Bad(
            "A parenthesis is not an exact value",
            "app=(x)",
            "unable to parse requirement: found '(', expected: identifier"),
        new Bad(
            "A does-not-exist requirement takes no value",
            "!app=web",
            "found '=', expected: ',' or 'end of string'"),
        new Bad(
            "A bang must be followed by a key",
            "!",
            "unable to parse requirement: found '', expected: identifier"),
        new Bad(
            "Greater-than needs an integer",
            "replicas>x",
            "unable to parse requirement: values[0]: Invalid value: \"x\": for 'Gt', 'Lt'"
                + " operators, the value must be an integer"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCases")
  void rejectsInvalidText(Bad c) {
    assertThatThrownBy(() -> LabelSelector.parse(c.text()))
        .isInstanceOf(SelectorException.class)
        .hasMessage(c.error());
  }

  /**
   * Builds a JSON tree from Java maps, lists and scalars with the node factory only (no mapper, so
   * these tests do not depend on databind's annotation introspection being on the classpath).
   */
  static JsonNode node(Object value) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (value == null) {
      return f.nullNode();
    } else if (value instanceof String s) {
      return f.stringNode(s);
    } else if (value instanceof Integer i) {
      return f.numberNode(i);
    } else if (value instanceof Map<?, ?> m) {
      ObjectNode o = f.objectNode();
      m.forEach((k, v) -> o.set((String) k, node(v)));
      return o;
    } else if (value instanceof List<?> l) {
      ArrayNode a = f.arrayNode();
      l.forEach(v -> a.add(node(v)));
      return a;
    }
    throw new IllegalArgumentException("unsupported " + value);
  }

  record ObjectCase(
      String name,
      Object json,
      String canonical,
      List<Map<String, String>> selected,
      List<Map<String, String>> rejected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<ObjectCase> objectCases() {
    return Stream.of(
        new ObjectCase(
            "An empty object selects everything", Map.of(), "", List.of(Map.of()), List.of()),
        new ObjectCase(
            "Empty lists and maps select everything",
            Map.of("matchLabels", Map.of(), "matchExpressions", List.of()),
            "",
            List.of(Map.of("a", "b")),
            List.of()),
        new ObjectCase(
            "Match labels become equality requirements sorted by key",
            Map.of("matchLabels", Map.of("tier", "fe", "app", "web")),
            "app=web,tier=fe",
            List.of(Map.of("app", "web", "tier", "fe", "x", "y")),
            List.of(Map.of("app", "web"), Map.of("app", "web", "tier", "be"))),
        new ObjectCase(
            "Every expression operator is understood and combined with match labels",
            Map.of(
                "matchLabels",
                Map.of("app", "web"),
                "matchExpressions",
                List.of(
                    Map.of("key", "env", "operator", "In", "values", List.of("prod", "dev")),
                    Map.of("key", "zone", "operator", "NotIn", "values", List.of("b")),
                    Map.of("key", "canary", "operator", "DoesNotExist"),
                    Map.of("key", "owner", "operator", "Exists", "values", List.of()))),
            "app=web,!canary,env in (dev,prod),owner,zone notin (b)",
            List.of(Map.of("app", "web", "env", "dev", "owner", "me", "zone", "a")),
            List.of(
                Map.of("app", "web", "env", "dev", "owner", "me", "zone", "b"),
                Map.of("app", "web", "env", "qa", "owner", "me"),
                Map.of("app", "web", "env", "dev"),
                Map.of("app", "web", "env", "dev", "owner", "me", "canary", "1"))),
        new ObjectCase(
            "An empty match label value requires the empty value",
            Map.of("matchLabels", Map.of("app", "")),
            "app=",
            List.of(Map.of("app", "")),
            List.of(Map.of(), Map.of("app", "x"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("objectCases")
  void convertsObjects(ObjectCase c) {
    LabelSelector s = LabelSelector.fromObject(node(c.json()));
    assertThat(s.toString()).isEqualTo(c.canonical());
    assertThat(s.empty()).isEqualTo(c.canonical().isEmpty());
    for (Map<String, String> labels : c.selected()) {
      assertThat(s.matches(labels)).as("selects %s", labels).isTrue();
    }
    for (Map<String, String> labels : c.rejected()) {
      assertThat(s.matches(labels)).as("rejects %s", labels).isFalse();
    }
  }

  record NoSelector(String name, JsonNode node) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<NoSelector> absentSelectors() {
    return Stream.of(
        new NoSelector("A Java null selects everything", null),
        new NoSelector("A missing node selects everything", MissingNode.getInstance()),
        new NoSelector("A JSON null selects everything", JsonNodeFactory.instance.nullNode()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("absentSelectors")
  void absentObjectSelectsEverything(NoSelector c) {
    LabelSelector s = LabelSelector.fromObject(c.node());
    assertThat(s.empty()).isTrue();
    assertThat(s.toString()).isEmpty();
    assertThat(s.matches(Map.of("any", "thing"))).isTrue();
  }

  record BadObject(String name, Object json, String error) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<BadObject> badObjects() {
    return Stream.of(
        new BadObject(
            "An unknown operator is rejected",
            Map.of(
                "matchExpressions",
                List.of(Map.of("key", "a", "operator", "Gt", "values", List.of("1")))),
            "\"Gt\" is not a valid label selector operator"),
        new BadObject(
            "An In expression needs values",
            Map.of(
                "matchExpressions",
                List.of(Map.of("key", "a", "operator", "In", "values", List.of()))),
            "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be"
                + " empty"),
        new BadObject(
            "An Exists expression takes no values",
            Map.of(
                "matchExpressions",
                List.of(Map.of("key", "a", "operator", "Exists", "values", List.of("x")))),
            "values: Invalid value: []string{\"x\"}: values set must be empty for exists and does"
                + " not exist"),
        new BadObject(
            "A bad match label value is reported under its key",
            Map.of("matchLabels", Map.of("app", "-x")),
            "values[0][app]: Invalid value: \"-x\": " + VALUE_RULES),
        new BadObject(
            "A bad match label key is reported as the key",
            Map.of("matchLabels", Map.of("-k", "x")),
            "key: Invalid value: \"-k\": name part " + NAME_RULES),
        new BadObject(
            "A non-string match label value is rejected",
            Map.of("matchLabels", Map.of("app", 1)),
            "matchLabels[app] must be a string, not number"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badObjects")
  void rejectsInvalidObjects(BadObject c) {
    assertThatThrownBy(() -> LabelSelector.fromObject(node(c.json())))
        .isInstanceOf(SelectorException.class)
        .hasMessage(c.error());
  }
}

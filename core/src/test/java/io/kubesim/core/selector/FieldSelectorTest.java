package io.kubesim.core.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesim.core.selector.FieldSelector.Requirement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FieldSelectorTest {

  record Case(
      String name,
      String text,
      List<Requirement> requirements,
      String canonical,
      List<Map<String, String>> selected,
      List<Map<String, String>> rejected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "The empty string selects everything",
            "",
            List.of(),
            "",
            List.of(Map.of(), Map.of("metadata.name", "x")),
            List.of()),
        new Case(
            "An equality term needs the field to have that value",
            "metadata.name=foo",
            List.of(new Requirement("metadata.name", "=", "foo")),
            "metadata.name=foo",
            List.of(Map.of("metadata.name", "foo")),
            List.of(Map.of("metadata.name", "bar"), Map.of())),
        new Case(
            "A double equals is normalised to a single one",
            "metadata.name==foo",
            List.of(new Requirement("metadata.name", "=", "foo")),
            "metadata.name=foo",
            List.of(Map.of("metadata.name", "foo")),
            List.of(Map.of("metadata.name", "bar"))),
        new Case(
            "An inequality term selects every other value, absent included",
            "status.phase!=Running",
            List.of(new Requirement("status.phase", "!=", "Running")),
            "status.phase!=Running",
            List.of(Map.of("status.phase", "Pending"), Map.of()),
            List.of(Map.of("status.phase", "Running"))),
        new Case(
            "An empty value matches an absent field as kubectl relies on",
            "involvedObject.namespace=",
            List.of(new Requirement("involvedObject.namespace", "=", "")),
            "involvedObject.namespace=",
            List.of(Map.of(), Map.of("involvedObject.namespace", "")),
            List.of(Map.of("involvedObject.namespace", "default"))),
        new Case(
            "Terms are sorted by their text and all must hold",
            "spec.nodeName=n1,metadata.namespace!=kube-system",
            List.of(
                new Requirement("metadata.namespace", "!=", "kube-system"),
                new Requirement("spec.nodeName", "=", "n1")),
            "metadata.namespace!=kube-system,spec.nodeName=n1",
            List.of(Map.of("spec.nodeName", "n1", "metadata.namespace", "default")),
            List.of(
                Map.of("spec.nodeName", "n1", "metadata.namespace", "kube-system"),
                Map.of("spec.nodeName", "n2"))),
        new Case(
            "An escaped comma stays inside the value",
            "a=x\\,y",
            List.of(new Requirement("a", "=", "x,y")),
            "a=x\\,y",
            List.of(Map.of("a", "x,y")),
            List.of(Map.of("a", "x"))),
        new Case(
            "An escaped equals sign and backslash are unescaped",
            "a=x\\=y\\\\z",
            List.of(new Requirement("a", "=", "x=y\\z")),
            "a=x\\=y\\\\z",
            List.of(Map.of("a", "x=y\\z")),
            List.of(Map.of("a", "x=y\\\\z"))),
        new Case(
            "Empty terms between commas are skipped",
            "a=b,,c=d",
            List.of(new Requirement("a", "=", "b"), new Requirement("c", "=", "d")),
            "a=b,c=d",
            List.of(Map.of("a", "b", "c", "d")),
            List.of(Map.of("a", "b"))),
        new Case(
            "The first operator in a term splits it",
            "a!=b!",
            List.of(new Requirement("a", "!=", "b!")),
            "a!=b!",
            List.of(Map.of("a", "b")),
            List.of(Map.of("a", "b!"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void parsesMatchesAndPrints(Case c) {
    FieldSelector s = FieldSelector.parse(c.text());
    assertThat(s.requirements()).isEqualTo(c.requirements());
    assertThat(s.toString()).isEqualTo(c.canonical());
    assertThat(s.empty()).isEqualTo(c.requirements().isEmpty());
    for (Map<String, String> fields : c.selected()) {
      assertThat(s.matches(f -> fields.getOrDefault(f, ""))).as("selects %s", fields).isTrue();
    }
    for (Map<String, String> fields : c.rejected()) {
      assertThat(s.matches(f -> fields.getOrDefault(f, ""))).as("rejects %s", fields).isFalse();
    }
    assertThat(FieldSelector.parse(s.toString())).isEqualTo(s);
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
            "A term without an operator is not understood",
            "abc",
            "invalid selector: 'abc'; can't understand 'abc'"),
        new Bad(
            "The whole selector and the bad term are both quoted",
            "a=b,c",
            "invalid selector: 'a=b,c'; can't understand 'c'"),
        new Bad(
            "An unescaped equals sign in a value is reported by code point",
            "a=b=c",
            "invalid field selector: unescaped character in value: 61"),
        new Bad(
            "An unknown escape is rejected",
            "a=x\\y",
            "invalid field selector: invalid escape sequence: \\y"),
        new Bad(
            "A trailing backslash is rejected",
            "a=x\\",
            "invalid field selector: invalid escape sequence: \\"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCases")
  void rejectsInvalidText(Bad c) {
    assertThatThrownBy(() -> FieldSelector.parse(c.text()))
        .isInstanceOf(SelectorException.class)
        .hasMessage(c.error());
  }
}

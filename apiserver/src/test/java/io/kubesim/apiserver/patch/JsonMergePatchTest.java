package io.kubesim.apiserver.patch;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.core.json.Json;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class JsonMergePatchTest {

  record Case(String name, String original, String patch, String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** RFC 7386 appendix A, in order, then the example of section 3. */
  static Stream<Case> rfcCases() {
    return Stream.of(
        new Case(
            "A changed value replaces the old one",
            """
            {"a":"b"}""",
            """
            {"a":"c"}""",
            """
            {"a":"c"}"""),
        new Case(
            "A new key is added",
            """
            {"a":"b"}""",
            """
            {"b":"c"}""",
            """
            {"a":"b","b":"c"}"""),
        new Case(
            "A null deletes the only key",
            """
            {"a":"b"}""",
            """
            {"a":null}""",
            """
            {}"""),
        new Case(
            "A null deletes one key and keeps the others",
            """
            {"a":"b","b":"c"}""",
            """
            {"a":null}""",
            """
            {"b":"c"}"""),
        new Case(
            "A string replaces an array",
            """
            {"a":["b"]}""",
            """
            {"a":"c"}""",
            """
            {"a":"c"}"""),
        new Case(
            "An array replaces a string",
            """
            {"a":"c"}""",
            """
            {"a":["b"]}""",
            """
            {"a":["b"]}"""),
        new Case(
            "Nested objects merge and a nested null deletes",
            """
            {"a":{"b":"c"}}""",
            """
            {"a":{"b":"d","c":null}}""",
            """
            {"a":{"b":"d"}}"""),
        new Case(
            "Arrays are replaced, never merged",
            """
            {"a":[{"b":"c"}]}""",
            """
            {"a":[1]}""",
            """
            {"a":[1]}"""),
        new Case(
            "An array patch replaces an array document",
            """
            ["a","b"]""",
            """
            ["c","d"]""",
            """
            ["c","d"]"""),
        new Case(
            "An array patch replaces an object document",
            """
            {"a":"b"}""",
            """
            ["c"]""",
            """
            ["c"]"""),
        new Case(
            "A null patch gives null",
            """
            {"a":"foo"}""",
            """
            null""",
            """
            null"""),
        new Case(
            "A string patch gives that string",
            """
            {"a":"foo"}""",
            """
            "bar\"""",
            """
            "bar\""""),
        new Case(
            "A null already in the target is kept",
            """
            {"e":null}""",
            """
            {"a":1}""",
            """
            {"e":null,"a":1}"""),
        new Case(
            "An object patch on an array starts from an empty object and drops nulls",
            """
            [1,2]""",
            """
            {"a":"b","c":null}""",
            """
            {"a":"b"}"""),
        new Case(
            "Nulls inside a new nested object are dropped",
            """
            {}""",
            """
            {"a":{"bb":{"ccc":null}}}""",
            """
            {"a":{"bb":{}}}"""),
        new Case(
            "The section 3 example changes, adds and removes members",
            """
            {"title":"Goodbye!","author":{"givenName":"John","familyName":"Doe"},
             "tags":["example","sample"],"content":"This will be unchanged"}""",
            """
            {"title":"Hello!","phoneNumber":"+01-123-456-7890",
             "author":{"familyName":null},"tags":["example"]}""",
            """
            {"title":"Hello!","author":{"givenName":"John"},"tags":["example"],
             "content":"This will be unchanged","phoneNumber":"+01-123-456-7890"}"""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rfcCases")
  void appliesAsRfc7386Says(Case c) {
    JsonNode result = JsonMergePatch.apply(json(c.original()), json(c.patch()));
    assertThat(result).isEqualTo(json(c.expected()));
  }

  @Test
  void leavesBothInputsUntouchedAndSharesNoNodeWithThem() {
    JsonNode target =
        json(
            """
        {"metadata":{"labels":{"a":"1","b":"2"}},"spec":{"list":[1,2],"x":{"y":1}}}""");
    JsonNode patch =
        json(
            """
        {"metadata":{"labels":{"a":null,"c":"3"}},"spec":{"list":[3],"x":{"z":{"w":1}}}}""");
    JsonNode targetBefore = target.deepCopy();
    JsonNode patchBefore = patch.deepCopy();

    ObjectNode result = (ObjectNode) JsonMergePatch.apply(target, patch);
    ((ObjectNode) result.get("spec").get("x").get("z")).put("w", 2);
    ((ObjectNode) result.get("metadata").get("labels")).put("b", "changed");

    assertThat(target).isEqualTo(targetBefore);
    assertThat(patch).isEqualTo(patchBefore);
  }

  private static JsonNode json(String text) {
    return Json.MAPPER.readTree(text);
  }
}

package io.kubesim.apiserver.fieldvalidation;

import io.kubesim.apiserver.fieldvalidation.UnknownFields.Shape;
import io.kubesim.apiserver.request.ApiRequest;
import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.core.api.ApiException;
import io.kubesim.core.api.FieldError;
import io.kubesim.core.api.Status;
import io.kubesim.core.json.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Server-side field validation (KEP-2885): the {@code fieldValidation} parameter of create, update
 * and patch decides what unknown and duplicate fields do. {@code Strict} fails the request with the
 * strict decoder's error, {@code Warn} (the default) answers each as a warning, {@code Ignore} says
 * nothing. Unknown fields never reach storage, whatever the directive; of duplicates the last wins.
 */
public final class FieldValidation {
  /** What to do with unknown and duplicate fields. */
  public enum Directive {
    STRICT,
    WARN,
    IGNORE
  }

  private static final List<String> ALLOWED = List.of("", "Ignore", "Strict", "Warn");

  private final Directive directive;
  private final List<String> warnings = new ArrayList<>();

  private FieldValidation(Directive directive) {
    this.directive = directive;
  }

  /**
   * The directive of a request; a value other than the three is the options' 422, e.g. {@code
   * CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "x": ...}.
   */
  public static FieldValidation of(ApiRequest request, String optionsKind) {
    String value = request.param("fieldValidation", "");
    if (!ALLOWED.contains(value)) {
      ApiException invalid =
          Status.invalid(
              optionsKind,
              "meta.k8s.io",
              "",
              List.of(FieldError.notSupported("fieldValidation", value, ALLOWED)));
      String message = invalid.status().path("message").asString();
      invalid
          .status()
          .put("message", optionsKind + ".meta.k8s.io" + message.substring(optionsKind.length()));
      throw invalid;
    }
    return new FieldValidation(
        switch (value) {
          case "Strict" -> Directive.STRICT;
          case "Ignore" -> Directive.IGNORE;
          default -> Directive.WARN;
        });
  }

  public Directive directive() {
    return directive;
  }

  /** The warnings to send with the response. */
  public List<String> warnings() {
    return List.copyOf(warnings);
  }

  /**
   * Checks a create or update body and drops its unknown fields. Problems are reported in document
   * order as the typed decoder meets them (YAML: its duplicate keys, then the unknown fields in key
   * order); under Strict they fail the request with 400 {@code Deployment in version "v1" cannot be
   * handled as a Deployment: strict decoding error: unknown field "spec.replica"}.
   */
  /**
   * The decoder's 400: {@code Deployment in version "v1" cannot be handled as a Deployment: ..}.
   */
  static ApiException undecodable(ResourceType type, String why) {
    return Status.badRequest(
        type.kind()
            + " in version \""
            + type.version()
            + "\" cannot be handled as a "
            + type.kind()
            + ": "
            + why);
  }

  public void checkBody(ApiRequest request, ResourceType type, ObjectNode object) {
    FieldTypes.check(type, object);
    if (directive != Directive.IGNORE) {
      List<String> problems = bodyProblems(request, type, object);
      if (!problems.isEmpty() && directive == Directive.STRICT) {
        throw undecodable(
            type, "strict decoding error: " + String.join(", ", yamlJoined(problems)));
      }
      warnings.addAll(problems);
    }
    UnknownFields.remove(type.group(), type.version(), type.kind(), object);
  }

  /**
   * The duplicate fields of a patch body, found once before the patch is applied (a patch has no
   * schema of its own: every repeated key counts, known or not).
   */
  public List<String> patchDuplicates(ApiRequest request) {
    if (directive == Directive.IGNORE || !isText(request)) {
      return List.of();
    }
    return scan(request.body(), null, isYaml(request));
  }

  /**
   * Checks the result of a patch: the patch's duplicates, then the result's unknown fields in key
   * order (the patched object is re-encoded with sorted keys before it is decoded). Under Strict
   * this is a 422 on the field {@code patch}, as the apiserver's patcher reports it.
   */
  public void checkPatched(List<String> duplicates, ResourceType type, ObjectNode patched) {
    warnings.clear();
    FieldTypes.check(type, patched);
    if (directive != Directive.IGNORE) {
      List<String> problems = new ArrayList<>(duplicates);
      for (String path :
          UnknownFields.find(type.group(), type.version(), type.kind(), sorted(patched))) {
        problems.add("unknown field \"" + path + "\"");
      }
      if (!problems.isEmpty() && directive == Directive.STRICT) {
        String detail = "strict decoding error: " + String.join(", ", yamlJoined(problems));
        String value = goQuote(Json.string(patched));
        ApiException invalid =
            Status.failure(
                422,
                "Invalid",
                " \"\" is invalid: patch: Invalid value: " + value + ": " + detail,
                "",
                null);
        ObjectNode cause = invalid.status().withObject("details").putArray("causes").addObject();
        cause.put("reason", "FieldValueInvalid");
        cause.put("message", "Invalid value: " + value + ": " + detail);
        cause.put("field", "patch");
        throw invalid;
      }
      warnings.addAll(problems);
    }
    UnknownFields.remove(type.group(), type.version(), type.kind(), patched);
  }

  private static List<String> bodyProblems(
      ApiRequest request, ResourceType type, ObjectNode object) {
    if (!isText(request)) {
      return List.of(); // protobuf carries only known fields
    }
    Shape shape =
        UnknownFields.of(type.group(), type.version(), type.kind()).orElse(UnknownFields.FREE);
    if (!isYaml(request)) {
      return scan(request.body(), shape, false);
    }
    // sigs.k8s.io/yaml: the YAML errors first, then the JSON it was converted to, keys sorted.
    List<String> problems = scan(request.body(), null, true);
    for (String path :
        UnknownFields.find(type.group(), type.version(), type.kind(), sorted(object))) {
      problems.add("unknown field \"" + path + "\"");
    }
    return problems;
  }

  /**
   * Walks a body's tokens: a key the shape does not know is {@code unknown field "path"} (once,
   * even if repeated); a key seen before in the same object is {@code duplicate field "path"}, or
   * for YAML {@code line N: key "name" already set in map}. A null shape knows every key.
   */
  static List<String> scan(byte[] body, Shape shape, boolean yaml) {
    List<String> problems = new ArrayList<>();
    try (JsonParser parser = yaml ? Json.YAML.createParser(body) : Json.MAPPER.createParser(body)) {
      if (parser.nextToken() != null) {
        value(parser, shape, "", yaml, problems);
      }
    } catch (JacksonException e) {
      // the body was parsed already; a failure here finds nothing more
    }
    return problems;
  }

  private static void value(
      JsonParser parser, Shape shape, String path, boolean yaml, List<String> problems) {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.START_OBJECT) {
      Set<String> seen = new HashSet<>();
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = parser.currentName();
        int line = parser.currentTokenLocation().getLineNr();
        String at = UnknownFields.join(path, name);
        parser.nextToken();
        Shape child = shape == null ? null : UnknownFields.child(shape, name);
        if (shape != null && child == null) {
          if (seen.add(name)) {
            problems.add("unknown field \"" + at + "\"");
          }
          parser.skipChildren();
          continue;
        }
        if (!seen.add(name)) {
          problems.add(
              yaml
                  ? "line " + line + ": key \"" + name + "\" already set in map"
                  : "duplicate field \"" + at + "\"");
        }
        value(parser, child, at, yaml, problems);
      }
    } else if (token == JsonToken.START_ARRAY) {
      Shape item = shape == null ? null : UnknownFields.item(shape);
      int i = 0;
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        value(parser, item, path + "[" + i++ + "]", yaml, problems);
      }
    }
  }

  /** YAML's duplicate keys are one error: {@code yaml: unmarshal errors:\n line 5: ...}. */
  private static List<String> yamlJoined(List<String> problems) {
    List<String> lines = problems.stream().filter(p -> p.startsWith("line ")).toList();
    if (lines.isEmpty()) {
      return problems;
    }
    List<String> joined = new ArrayList<>();
    joined.add("yaml: unmarshal errors:\n  " + String.join("\n  ", lines));
    problems.stream().filter(p -> !p.startsWith("line ")).forEach(joined::add);
    return joined;
  }

  /** A copy with every object's keys sorted, as Go encodes a map. */
  private static JsonNode sorted(JsonNode node) {
    if (node instanceof ObjectNode object) {
      ObjectNode copy = Json.object();
      for (String name : new TreeSet<>(object.propertyNames())) {
        copy.set(name, sorted(object.get(name)));
      }
      return copy;
    }
    if (node.isArray()) {
      var copy = Json.MAPPER.createArrayNode();
      node.forEach(item -> copy.add(sorted(item)));
      return copy;
    }
    return node;
  }

  private static String goQuote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  private static boolean isText(ApiRequest request) {
    String type = request.header("content-type");
    return type == null || !type.contains("protobuf");
  }

  private static boolean isYaml(ApiRequest request) {
    String type = request.header("content-type");
    return type != null && type.contains("yaml");
  }
}

package io.kubesim.apiserver.validation;

import io.kubesim.core.api.FieldError;
import io.kubesim.core.selector.LabelValidation;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The shared checks of apimachinery's util/validation and core validation, with Go's wording. */
final class Checks {
  private Checks() {}

  static final String IMMUTABLE = "field is immutable";
  static final String NEGATIVE = "must be greater than or equal to 0";
  static final String PORT_RANGE = "must be between 1 and 65535, inclusive";

  private static final Pattern PORT_NAME_CHARS = Pattern.compile("^[-a-z0-9]+$");
  private static final Pattern PORT_NAME_LETTER = Pattern.compile("[a-z]");
  private static final Pattern CONFIG_KEY = Pattern.compile("^[-._a-zA-Z0-9]+$");

  static void nonNegative(List<FieldError> errs, String path, Long value) {
    if (value != null && value < 0) {
      errs.add(FieldError.invalid(path, value, NEGATIVE));
    }
  }

  static void dns1123Label(List<FieldError> errs, String path, String value) {
    for (String msg : NameValidation.check(NameValidation.Rule.LABEL, value)) {
      errs.add(FieldError.invalid(path, value, msg));
    }
  }

  static void dns1123Subdomain(List<FieldError> errs, String path, String value) {
    for (String msg : NameValidation.check(NameValidation.Rule.SUBDOMAIN, value)) {
      errs.add(FieldError.invalid(path, value, msg));
    }
  }

  /** IsQualifiedName: label keys, annotation keys, finalizer-like names. */
  static void qualifiedName(List<FieldError> errs, String path, String value) {
    for (String msg : LabelValidation.keyErrors(value)) {
      errs.add(FieldError.invalid(path, value, msg));
    }
  }

  static void labelValue(List<FieldError> errs, String path, String value) {
    for (String msg : LabelValidation.valueErrors(value)) {
      errs.add(FieldError.invalid(path, value, msg));
    }
  }

  static List<String> portNameErrors(String port) {
    List<String> errs = new ArrayList<>();
    if (port.length() > 15) {
      errs.add("must be no more than 15 characters");
    }
    if (!PORT_NAME_CHARS.matcher(port).matches()) {
      errs.add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
    }
    if (!PORT_NAME_LETTER.matcher(port).find()) {
      errs.add("must contain at least one letter (a-z)");
    }
    if (port.contains("--")) {
      errs.add("must not contain consecutive hyphens");
    }
    if (!port.isEmpty() && (port.startsWith("-") || port.endsWith("-"))) {
      errs.add("must not begin or end with a hyphen");
    }
    return errs;
  }

  static boolean validPort(long port) {
    return port >= 1 && port <= 65535;
  }

  static void portNumber(List<FieldError> errs, String path, long port) {
    if (!validPort(port)) {
      errs.add(FieldError.invalid(path, port, PORT_RANGE));
    }
  }

  /** ValidatePortNumOrName: an int port 1..65535 or an IANA_SVC_NAME. */
  static void portNumOrName(List<FieldError> errs, String path, tools.jackson.databind.JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return;
    }
    if (v.isNumber()) {
      portNumber(errs, path, v.asLong());
    } else {
      String name = v.asString("");
      for (String msg : portNameErrors(name)) {
        errs.add(FieldError.invalid(path, name, msg));
      }
    }
  }

  /** IsConfigMapKey. */
  static void configKey(List<FieldError> errs, String path, String key) {
    if (key.length() > 253) {
      errs.add(FieldError.invalid(path, key, "must be no more than 253 characters"));
    }
    if (!CONFIG_KEY.matcher(key).matches()) {
      errs.add(
          FieldError.invalid(
              path,
              key,
              LabelValidation.regexError(
                  "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
                  "[-._a-zA-Z0-9]+",
                  "key.name",
                  "KEY_NAME",
                  "key-name")));
    }
    if (key.equals(".")) {
      errs.add(FieldError.invalid(path, key, "must not be '.'"));
    } else if (key.equals("..")) {
      errs.add(FieldError.invalid(path, key, "must not be '..'"));
    } else if (key.startsWith("..")) {
      errs.add(FieldError.invalid(path, key, "must not start with '..'"));
    }
  }

  static void oneOf(List<FieldError> errs, String path, String value, List<String> valid) {
    if (value.isEmpty()) {
      errs.add(FieldError.required(path, ""));
    } else if (!valid.contains(value)) {
      errs.add(FieldError.notSupported(path, value, valid));
    }
  }

  static void immutable(
      List<FieldError> errs,
      String path,
      tools.jackson.databind.JsonNode now,
      tools.jackson.databind.JsonNode before,
      Object shown) {
    if (!same(now, before)) {
      errs.add(FieldError.invalid(path, shown, IMMUTABLE));
    }
  }

  /** Equality where a missing field, null and an empty object/array count as the same. */
  /**
   * Equal as Go would see the decoded values: empty and absent alike, and numbers by value (a
   * stored 300 may be a long where the same 300 parsed from a request is an int).
   */
  static boolean same(tools.jackson.databind.JsonNode a, tools.jackson.databind.JsonNode b) {
    return normal(a).equals(NUMERIC, normal(b));
  }

  private static final java.util.Comparator<tools.jackson.databind.JsonNode> NUMERIC =
      (x, y) -> {
        if (x.isNumber() && y.isNumber()) {
          return x.decimalValue().compareTo(y.decimalValue());
        }
        return x.equals(y) ? 0 : 1;
      };

  private static tools.jackson.databind.JsonNode normal(tools.jackson.databind.JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return tools.jackson.databind.node.MissingNode.getInstance();
    }
    if ((n.isObject() || n.isArray()) && n.isEmpty()) {
      return tools.jackson.databind.node.MissingNode.getInstance();
    }
    return n;
  }
}

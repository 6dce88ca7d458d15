package io.kubesim.apiserver.validation;

import io.kubesim.core.api.FieldError;
import io.kubesim.core.quantity.Quantity;
import io.kubesim.core.selector.LabelValidation;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * ValidateLimitRange: each item of a type not named twice, and per resource min &lt;=
 * defaultRequest &lt;= default &lt;= max, a maxLimitRequestRatio of at least 1 and at most max/min.
 * Resources are checked in name order (Go visits a set, in no fixed order).
 */
final class LimitRangeValidation {
  private static final Set<String> STANDARD_TYPES =
      Set.of("Pod", "Container", "PersistentVolumeClaim");

  private LimitRangeValidation() {}

  static void limitRange(List<FieldError> errs, JsonNode object) {
    Set<String> types = new HashSet<>();
    JsonNode limits = object.path("spec").path("limits");
    for (int i = 0; i < limits.size(); i++) {
      item(errs, "spec.limits[" + i + "]", limits.get(i), types);
    }
  }

  private static void item(List<FieldError> errs, String path, JsonNode item, Set<String> types) {
    String type = item.path("type").asString("");
    List<String> nameErrors = LabelValidation.keyErrors(type);
    nameErrors.forEach(msg -> errs.add(FieldError.invalid(path + ".type", type, msg)));
    if (nameErrors.isEmpty() && !type.contains("/") && !STANDARD_TYPES.contains(type)) {
      errs.add(
          FieldError.invalid(
              path + ".type", type, "must be a standard limit type or fully qualified"));
    }
    if (!types.add(type)) {
      errs.add(FieldError.duplicate(path + ".type", type));
    }
    Map<String, String> min = texts(item.path("min"));
    Map<String, String> max = texts(item.path("max"));
    Map<String, String> defaults = texts(item.path("default"));
    Map<String, String> requests = texts(item.path("defaultRequest"));
    Map<String, String> ratios = texts(item.path("maxLimitRequestRatio"));
    if (type.equals("Pod")) {
      forbidOnPod(errs, path, "default", defaults);
      forbidOnPod(errs, path, "defaultRequest", requests);
      defaults.clear();
      requests.clear();
    }
    if (type.equals("PersistentVolumeClaim")
        && !min.containsKey("storage")
        && !max.containsKey("storage")) {
      errs.add(
          FieldError.required(
              path + ".limits",
              "either minimum or maximum storage value is required, but neither was provided"));
    }
    Set<String> keys = new TreeSet<>();
    for (Map<String, String> list : List.of(min, max, defaults, requests, ratios)) {
      keys.addAll(list.keySet());
    }
    for (String k : keys) {
      resource(
          errs, path, k, min.get(k), max.get(k), defaults.get(k), requests.get(k), ratios.get(k));
    }
  }

  private static void forbidOnPod(
      List<FieldError> errs, String path, String field, Map<String, String> values) {
    if (!values.isEmpty()) {
      errs.add(
          FieldError.forbidden(path + "." + field, "may not be specified when `type` is 'Pod'"));
    }
  }

  private static void resource(
      List<FieldError> errs,
      String path,
      String k,
      String min,
      String max,
      String def,
      String request,
      String ratio) {
    String key = "[" + k + "]";
    if (greater(min, max)) {
      errs.add(
          invalid(path + ".min" + key, min, "min value %s is greater than max value %s", min, max));
    }
    if (greater(min, request)) {
      errs.add(
          invalid(
              path + ".defaultRequest" + key,
              request,
              "min value %s is greater than default request value %s",
              min,
              request));
    }
    if (greater(request, max)) {
      errs.add(
          invalid(
              path + ".defaultRequest" + key,
              request,
              "default request value %s is greater than max value %s",
              request,
              max));
    }
    if (greater(request, def)) {
      errs.add(
          invalid(
              path + ".defaultRequest" + key,
              request,
              "default request value %s is greater than default limit value %s",
              request,
              def));
    }
    if (greater(min, def)) {
      errs.add(
          invalid(
              path + ".default" + key,
              min,
              "min value %s is greater than default value %s",
              min,
              def));
    }
    if (greater(def, max)) {
      errs.add(
          invalid(
              path + ".default" + key,
              max,
              "default value %s is greater than max value %s",
              def,
              max));
    }
    if (ratio != null && greater("1", ratio)) {
      errs.add(
          invalid(path + ".maxLimitRequestRatio" + key, ratio, "ratio %s is less than 1", ratio));
    }
    if (ratio != null && min != null && max != null) {
      double allowed = (double) Quantity.parse(max).milliValue() / Quantity.parse(min).milliValue();
      if (Quantity.parse(ratio).milliValue() / 1000.0 > allowed) {
        errs.add(
            FieldError.invalid(
                path + ".maxLimitRequestRatio" + key,
                GoQuantity.printed(ratio),
                "ratio "
                    + canonical(ratio)
                    + " is greater than max/min = "
                    + String.format(Locale.ROOT, "%f", allowed)));
      }
    }
    boolean overcommit =
        (!k.contains("/") || k.contains("kubernetes.io/")) && !k.startsWith("hugepages-");
    if (!overcommit && def != null && request != null && !same(def, request)) {
      errs.add(
          invalid(
              path + ".defaultRequest" + key,
              request,
              "default value %s must equal to defaultRequest value %s in " + k,
              def,
              request));
    }
  }

  private static FieldError invalid(String field, String value, String format, String... args) {
    Object[] texts = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      texts[i] = canonical(args[i]);
    }
    return FieldError.invalid(field, GoQuantity.printed(value), String.format(format, texts));
  }

  /** Both given and a greater than b. */
  private static boolean greater(String a, String b) {
    return a != null && b != null && Quantity.parse(a).compareTo(Quantity.parse(b)) > 0;
  }

  private static boolean same(String a, String b) {
    return Quantity.parse(a).compareTo(Quantity.parse(b)) == 0;
  }

  private static String canonical(String text) {
    return Quantity.parse(text).canonical();
  }

  /** The quantities of a resource list that parse (validation of the rest is the decoder's). */
  private static Map<String, String> texts(JsonNode list) {
    Map<String, String> out = new TreeMap<>();
    list.properties()
        .forEach(
            e -> {
              try {
                Quantity.parse(e.getValue().asString());
                out.put(e.getKey(), e.getValue().asString());
              } catch (IllegalArgumentException bad) {
                // not a quantity: left out here
              }
            });
    return out;
  }
}

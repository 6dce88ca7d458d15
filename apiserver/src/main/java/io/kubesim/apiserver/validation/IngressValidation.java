package io.kubesim.apiserver.validation;

import io.kubesim.core.api.FieldError;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** pkg/apis/networking/validation: Ingress and IngressClass. */
final class IngressValidation {
  private IngressValidation() {}

  static final List<String> PATH_TYPES = List.of("Exact", "ImplementationSpecific", "Prefix");
  private static final Pattern HTTP_PATH = Pattern.compile("^/[a-zA-Z0-9_\\-./:~@!$&'()*+,;=%]*$");

  static void ingress(List<FieldError> errs, JsonNode obj) {
    JsonNode spec = obj.path("spec");
    List<JsonNode> rules = Json.items(spec.path("rules"));
    if (rules.isEmpty() && !spec.path("defaultBackend").isObject()) {
      errs.add(
          FieldError.invalid(
              "spec",
              new GoValue("[]networking.IngressRule(nil)"),
              "either `defaultBackend` or `rules` must be specified"));
    }
    if (spec.path("defaultBackend").isObject()) {
      backend(errs, "spec.defaultBackend", spec.path("defaultBackend"));
    }
    for (int i = 0; i < rules.size(); i++) {
      JsonNode rule = rules.get(i);
      String p = "spec.rules[" + i + "]";
      String host = Json.text(rule, "host");
      if (!host.isEmpty()) {
        if (ServiceValidation.isIP(host)) {
          errs.add(FieldError.invalid(p + ".host", host, "must be a DNS name, not an IP address"));
        } else if (host.startsWith("*.")) {
          Checks.dns1123Subdomain(errs, p + ".host", host.substring(2));
        } else {
          Checks.dns1123Subdomain(errs, p + ".host", host);
        }
      }
      if (!rule.path("http").isObject()) {
        continue;
      }
      List<JsonNode> paths = Json.items(rule.path("http").path("paths"));
      if (paths.isEmpty()) {
        errs.add(FieldError.required(p + ".http.paths", ""));
      }
      for (int j = 0; j < paths.size(); j++) {
        path(errs, p + ".http.paths[" + j + "]", paths.get(j));
      }
    }
  }

  private static void path(List<FieldError> errs, String p, JsonNode path) {
    if (!Json.has(path, "pathType")) {
      errs.add(FieldError.required(p + ".pathType", "pathType must be specified"));
      return;
    }
    String type = Json.text(path, "pathType");
    String value = Json.text(path, "path");
    switch (type) {
      case "Exact", "Prefix" -> {
        if (!value.startsWith("/")) {
          errs.add(FieldError.invalid(p + ".path", value, "must be an absolute path"));
        }
        if (!value.isEmpty()) {
          for (String seq : List.of("//", "/./", "/../", "%2f", "%2F")) {
            if (value.contains(seq)) {
              errs.add(FieldError.invalid(p + ".path", value, "must not contain '" + seq + "'"));
            }
          }
          for (String suffix : List.of("/..", "/.")) {
            if (value.endsWith(suffix)) {
              errs.add(FieldError.invalid(p + ".path", value, "cannot end with '" + suffix + "'"));
            }
          }
        }
      }
      case "ImplementationSpecific" -> {
        if (!value.isEmpty() && !value.startsWith("/")) {
          errs.add(FieldError.invalid(p + ".path", value, "must be an absolute path"));
        }
      }
      default -> errs.add(FieldError.notSupported(p + ".pathType", type, PATH_TYPES));
    }
    backend(errs, p + ".backend", path.path("backend"));
  }

  private static void backend(List<FieldError> errs, String p, JsonNode backend) {
    boolean resource = backend.path("resource").isObject();
    boolean service = backend.path("service").isObject();
    if (resource && service) {
      errs.add(FieldError.invalid(p, "", "cannot set both resource and service backends"));
    } else if (resource) {
      JsonNode ref = backend.path("resource");
      if (Json.text(ref, "kind").isEmpty()) {
        errs.add(FieldError.required(p + ".resource.kind", ""));
      }
      if (Json.text(ref, "name").isEmpty()) {
        errs.add(FieldError.required(p + ".resource.name", ""));
      }
    } else if (service) {
      JsonNode svc = backend.path("service");
      String name = Json.text(svc, "name");
      if (name.isEmpty()) {
        errs.add(FieldError.required(p + ".service.name", ""));
      } else {
        for (String msg : NameValidation.check(NameValidation.Rule.DNS1035, name)) {
          errs.add(FieldError.invalid(p + ".service.name", name, msg));
        }
      }
      JsonNode port = svc.path("port");
      String portName = Json.text(port, "name");
      Long number = Json.integer(port, "number");
      boolean hasName = !portName.isEmpty();
      boolean hasNumber = number != null && number != 0;
      if (hasName && hasNumber) {
        errs.add(FieldError.invalid(p, "", "cannot set both port name & port number"));
      } else if (hasName) {
        for (String msg : Checks.portNameErrors(portName)) {
          errs.add(FieldError.invalid(p + ".service.port.name", portName, msg));
        }
      } else if (hasNumber) {
        Checks.portNumber(errs, p + ".service.port.number", number);
      } else {
        errs.add(FieldError.required(p, "port name or number is required"));
      }
    } else {
      errs.add(FieldError.invalid(p, "", "resource or service backend is required"));
    }
  }

  static void ingressClass(List<FieldError> errs, JsonNode obj) {
    String controller = Json.text(obj.path("spec"), "controller");
    String p = "spec.controller";
    if (controller.isEmpty()) {
      errs.add(FieldError.required(p, ""));
      return;
    }
    if (controller.length() > 250) {
      errs.add(FieldError.tooLong(p, 250));
    }
    String[] segments = controller.split("/", 2);
    if (segments.length != 2 || segments[0].isEmpty() || segments[1].isEmpty()) {
      errs.add(
          FieldError.invalid(
              p, controller, "must be a domain-prefixed path (such as \"acme.io/foo\")"));
      return;
    }
    Checks.dns1123Subdomain(errs, p, segments[0]);
    if (!HTTP_PATH.matcher("/" + segments[1]).matches()) {
      errs.add(
          FieldError.invalid(
              p,
              segments[1],
              "must be a valid path (regex used for validation is '^/[a-zA-Z0-9_\\-./:~@!$&'()*+,;=%]*$')"));
    }
  }

  static void ingressClassUpdate(List<FieldError> errs, JsonNode obj, JsonNode old) {
    String controller = Json.text(obj.path("spec"), "controller");
    if (!controller.equals(Json.text(old.path("spec"), "controller"))) {
      errs.add(FieldError.invalid("spec.controller", controller, Checks.IMMUTABLE));
    }
  }
}

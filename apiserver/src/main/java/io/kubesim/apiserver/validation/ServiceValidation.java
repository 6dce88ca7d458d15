package io.kubesim.apiserver.validation;

import io.kubesim.core.api.FieldError;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** Service (ValidateService, ValidateServiceUpdate, the node-port allocator) and EndpointSlice. */
final class ServiceValidation {
  private ServiceValidation() {}

  static final List<String> TYPES =
      List.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort");
  private static final Pattern IPV4 = Pattern.compile("^[0-9]{1,3}(\\.[0-9]{1,3}){3}$");

  static void service(List<FieldError> errs, JsonNode obj) {
    JsonNode spec = obj.path("spec");
    String type = Json.text(spec, "type");
    List<String> clusterIPs = clusterIPs(spec);
    boolean headless = clusterIPs.size() == 1 && clusterIPs.get(0).equals("None");
    List<JsonNode> ports = Json.items(spec.path("ports"));
    if (ports.isEmpty() && !headless && !type.equals("ExternalName")) {
      errs.add(FieldError.required("spec.ports", ""));
    }
    if (type.equals("ExternalName")) {
      String cname = Json.text(spec, "externalName");
      if (cname.endsWith(".")) {
        cname = cname.substring(0, cname.length() - 1);
      }
      if (cname.isEmpty()) {
        errs.add(FieldError.required("spec.externalName", ""));
      } else {
        Checks.dns1123Subdomain(errs, "spec.externalName", cname);
      }
    } else {
      for (int i = 0; i < clusterIPs.size(); i++) {
        String ip = clusterIPs.get(i);
        if (i == 0 && (ip.equals("None") || ip.isEmpty())) {
          continue;
        }
        if (!isIP(ip)) {
          errs.add(
              FieldError.invalid(
                  "spec.clusterIPs[" + i + "]",
                  ip,
                  "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
        }
      }
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) {
      JsonNode port = ports.get(i);
      String p = "spec.ports[" + i + "]";
      String name = Json.text(port, "name");
      if (ports.size() > 1 && name.isEmpty()) {
        errs.add(FieldError.required(p + ".name", ""));
      } else if (!name.isEmpty()) {
        Checks.dns1123Label(errs, p + ".name", name);
        if (!names.add(name)) {
          errs.add(FieldError.duplicate(p + ".name", name));
        }
      }
      Long number = Json.integer(port, "port");
      Checks.portNumber(errs, p + ".port", number == null ? 0 : number);
      if (Json.has(port, "protocol")) {
        Checks.oneOf(
            errs, p + ".protocol", Json.text(port, "protocol"), PodSpecValidation.PROTOCOLS);
      }
      Checks.portNumOrName(errs, p + ".targetPort", port.get("targetPort"));
      Long nodePort = Json.integer(port, "nodePort");
      if (nodePort != null && nodePort != 0) {
        if (type.equals("ClusterIP")) {
          errs.add(
              FieldError.forbidden(p + ".nodePort", "may not be used when `type` is 'ClusterIP'"));
        } else if (nodePort < 30000 || nodePort > 32767) {
          errs.add(
              FieldError.invalid(
                  p + ".nodePort",
                  nodePort,
                  "provided port is not in the valid range. The range of valid ports is"
                      + " 30000-32767"));
        }
      }
    }
    ObjectMetaValidation.labels(errs, "spec.selector", spec.path("selector"));
    if (Json.has(spec, "sessionAffinity")) {
      Checks.oneOf(
          errs,
          "spec.sessionAffinity",
          Json.text(spec, "sessionAffinity"),
          List.of("ClientIP", "None"));
    }
    if (Json.has(spec, "type")) {
      Checks.oneOf(errs, "spec.type", type, TYPES);
    }
  }

  /** Cluster IPs may not change once set, unless the type moves to or from ExternalName. */
  static void serviceUpdate(List<FieldError> errs, JsonNode obj, JsonNode old) {
    JsonNode spec = obj.path("spec");
    JsonNode oldSpec = old.path("spec");
    if (Json.text(spec, "type").equals("ExternalName")
        || Json.text(oldSpec, "type").equals("ExternalName")) {
      return;
    }
    List<String> now = clusterIPs(spec);
    List<String> before = clusterIPs(oldSpec);
    if (now.isEmpty()) {
      return; // the registry fills the allocated values back in
    }
    for (int i = 0; i < before.size() && i < now.size(); i++) {
      if (!before.get(i).equals(now.get(i))) {
        errs.add(
            FieldError.invalid(
                "spec.clusterIPs[" + i + "]", GoValue.stringSlice(now), "may not change once set"));
      }
    }
  }

  private static List<String> clusterIPs(JsonNode spec) {
    List<String> ips = Json.strings(spec.path("clusterIPs"));
    if (ips.isEmpty() && !Json.text(spec, "clusterIP").isEmpty()) {
      ips = new ArrayList<>(List.of(Json.text(spec, "clusterIP")));
    }
    return ips;
  }

  static boolean isIP(String ip) {
    if (IPV4.matcher(ip).matches()) {
      for (String part : ip.split("\\.")) {
        if (Integer.parseInt(part) > 255 || (part.length() > 1 && part.startsWith("0"))) {
          return false;
        }
      }
      return true;
    }
    if (ip.contains(":") && ip.matches("^[0-9a-fA-F:.]+$")) {
      try {
        InetAddress.getByName(ip);
        return true;
      } catch (Exception e) {
        return false;
      }
    }
    return false;
  }

  static void endpointSlice(List<FieldError> errs, JsonNode obj) {
    String type = Json.text(obj, "addressType");
    if (type.isEmpty()) {
      errs.add(FieldError.required("addressType", ""));
    } else if (!List.of("FQDN", "IPv4", "IPv6").contains(type)) {
      errs.add(FieldError.notSupported("addressType", type, List.of("FQDN", "IPv4", "IPv6")));
    }
    List<JsonNode> endpoints = Json.items(obj.path("endpoints"));
    for (int i = 0; i < endpoints.size(); i++) {
      if (Json.items(endpoints.get(i).path("addresses")).isEmpty()) {
        errs.add(
            FieldError.required(
                "endpoints[" + i + "].addresses", "must contain at least 1 address"));
      }
    }
    List<JsonNode> ports = Json.items(obj.path("ports"));
    for (int i = 0; i < ports.size(); i++) {
      JsonNode port = ports.get(i);
      Long n = Json.integer(port, "port");
      if (n != null) {
        Checks.portNumber(errs, "ports[" + i + "].port", n);
      }
      if (Json.has(port, "protocol")) {
        Checks.oneOf(
            errs,
            "ports[" + i + "].protocol",
            Json.text(port, "protocol"),
            PodSpecValidation.PROTOCOLS);
      }
    }
  }

  static void endpointSliceUpdate(List<FieldError> errs, JsonNode obj, JsonNode old) {
    String type = Json.text(obj, "addressType");
    if (!type.equals(Json.text(old, "addressType"))) {
      errs.add(FieldError.invalid("addressType", type, Checks.IMMUTABLE));
    }
  }
}

package io.kubesim.apiserver.validation;

import io.kubesim.core.api.FieldError;
import io.kubesim.core.quantity.Quantity;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** ValidatePodSpec and ValidatePodTemplateSpec of pkg/apis/core/validation. */
final class PodSpecValidation {
  private PodSpecValidation() {}

  static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");
  static final List<String> RESTART_POLICIES = List.of("Always", "OnFailure", "Never");
  static final List<String> DNS_POLICIES =
      List.of("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None");

  /** The volume sources, in the order validateVolumeSource looks at them. */
  static final List<String> VOLUME_SOURCES =
      List.of(
          "emptyDir",
          "hostPath",
          "gitRepo",
          "gcePersistentDisk",
          "awsElasticBlockStore",
          "secret",
          "nfs",
          "iscsi",
          "glusterfs",
          "flocker",
          "persistentVolumeClaim",
          "rbd",
          "cinder",
          "cephfs",
          "quobyte",
          "downwardAPI",
          "fc",
          "flexVolume",
          "configMap",
          "azureFile",
          "vsphereVolume",
          "photonPersistentDisk",
          "portworxVolume",
          "azureDisk",
          "storageos",
          "projected",
          "scaleIO",
          "csi",
          "ephemeral",
          "image");

  /** ValidatePodTemplateSpec: template labels/annotations, then the pod spec. */
  static void template(List<FieldError> errs, String path, JsonNode template) {
    templateMetadata(errs, path, template);
    spec(errs, path + ".spec", template.path("spec"));
  }

  /** A template's labels and annotations only. */
  static void templateMetadata(List<FieldError> errs, String path, JsonNode template) {
    JsonNode meta = template.path("metadata");
    ObjectMetaValidation.labels(errs, path + ".metadata.labels", meta.path("labels"));
    ObjectMetaValidation.annotations(
        errs, path + ".metadata.annotations", meta.path("annotations"));
  }

  static void spec(List<FieldError> errs, String path, JsonNode spec) {
    Set<String> volumes = volumes(errs, path + ".volumes", spec.path("volumes"));
    List<JsonNode> containers = Json.items(spec.path("containers"));
    if (containers.isEmpty()) {
      errs.add(FieldError.required(path + ".containers", ""));
    }
    containers(errs, path + ".containers", containers, volumes, false);
    containers(
        errs, path + ".initContainers", Json.items(spec.path("initContainers")), volumes, true);
    String restart = Json.text(spec, "restartPolicy");
    if (Json.has(spec, "restartPolicy")) {
      Checks.oneOf(errs, path + ".restartPolicy", restart, RESTART_POLICIES);
    }
    if (Json.has(spec, "dnsPolicy")) {
      Checks.oneOf(errs, path + ".dnsPolicy", Json.text(spec, "dnsPolicy"), DNS_POLICIES);
    }
    ObjectMetaValidation.labels(errs, path + ".nodeSelector", spec.path("nodeSelector"));
    String sa = Json.text(spec, "serviceAccountName");
    if (!sa.isEmpty()) {
      Checks.dns1123Subdomain(errs, path + ".serviceAccountName", sa);
    }
    String nodeName = Json.text(spec, "nodeName");
    if (!nodeName.isEmpty()) {
      Checks.dns1123Subdomain(errs, path + ".nodeName", nodeName);
    }
    Long deadline = Json.integer(spec, "activeDeadlineSeconds");
    if (deadline != null && (deadline < 1 || deadline > Integer.MAX_VALUE)) {
      errs.add(
          FieldError.invalid(
              path + ".activeDeadlineSeconds",
              deadline,
              "must be between 1 and 2147483647, inclusive"));
    }
    String hostname = Json.text(spec, "hostname");
    if (!hostname.isEmpty()) {
      Checks.dns1123Label(errs, path + ".hostname", hostname);
    }
    String subdomain = Json.text(spec, "subdomain");
    if (!subdomain.isEmpty()) {
      Checks.dns1123Label(errs, path + ".subdomain", subdomain);
    }
    Checks.nonNegative(
        errs,
        path + ".terminationGracePeriodSeconds",
        Json.integer(spec, "terminationGracePeriodSeconds"));
    tolerations(errs, path + ".tolerations", spec.path("tolerations"));
  }

  private static Set<String> volumes(List<FieldError> errs, String path, JsonNode list) {
    Set<String> names = new HashSet<>();
    List<JsonNode> vols = Json.items(list);
    for (int i = 0; i < vols.size(); i++) {
      JsonNode vol = vols.get(i);
      String p = path + "[" + i + "]";
      String name = Json.text(vol, "name");
      if (name.isEmpty()) {
        errs.add(FieldError.required(p + ".name", ""));
      } else {
        Checks.dns1123Label(errs, p + ".name", name);
      }
      if (!name.isEmpty() && names.contains(name)) {
        errs.add(FieldError.duplicate(p + ".name", name));
      }
      names.add(name);
      int sources = 0;
      for (String source : VOLUME_SOURCES) {
        if (!Json.has(vol, source)) {
          continue;
        }
        if (sources > 0) {
          errs.add(
              FieldError.forbidden(p + "." + source, "may not specify more than 1 volume type"));
          continue;
        }
        sources++;
        JsonNode src = vol.get(source);
        String sp = p + "." + source;
        switch (source) {
          case "configMap" -> {
            if (Json.text(src, "name").isEmpty()) {
              errs.add(FieldError.required(sp + ".name", ""));
            }
          }
          case "secret" -> {
            if (Json.text(src, "secretName").isEmpty()) {
              errs.add(FieldError.required(sp + ".secretName", ""));
            }
          }
          case "persistentVolumeClaim" -> {
            if (Json.text(src, "claimName").isEmpty()) {
              errs.add(FieldError.required(sp + ".claimName", ""));
            }
          }
          case "hostPath", "nfs" -> {
            if (Json.text(src, "path").isEmpty()) {
              errs.add(FieldError.required(sp + ".path", ""));
            }
          }
          default -> {}
        }
      }
      if (sources == 0) {
        errs.add(FieldError.required(p, "must specify a volume type"));
      }
    }
    return names;
  }

  private static void containers(
      List<FieldError> errs, String path, List<JsonNode> list, Set<String> volumes, boolean init) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode c = list.get(i);
      String p = path + "[" + i + "]";
      String name = Json.text(c, "name");
      if (name.isEmpty()) {
        errs.add(FieldError.required(p + ".name", ""));
      } else {
        Checks.dns1123Label(errs, p + ".name", name);
      }
      if (Json.text(c, "image").isEmpty()) {
        errs.add(FieldError.required(p + ".image", ""));
      }
      if (Json.has(c, "terminationMessagePolicy")) {
        Checks.oneOf(
            errs,
            p + ".terminationMessagePolicy",
            Json.text(c, "terminationMessagePolicy"),
            List.of("File", "FallbackToLogsOnError"));
      }
      ports(errs, p + ".ports", Json.items(c.path("ports")));
      env(errs, p + ".env", Json.items(c.path("env")));
      volumeMounts(errs, p + ".volumeMounts", Json.items(c.path("volumeMounts")), volumes);
      if (Json.has(c, "imagePullPolicy")) {
        Checks.oneOf(
            errs,
            p + ".imagePullPolicy",
            Json.text(c, "imagePullPolicy"),
            List.of("Always", "IfNotPresent", "Never"));
      }
      resources(errs, p + ".resources", c.path("resources"));
      if (!name.isEmpty() && names.contains(name)) {
        errs.add(FieldError.duplicate(p + ".name", name));
      }
      names.add(name);
      if (!init) {
        probe(errs, p + ".livenessProbe", c.path("livenessProbe"), true);
        probe(errs, p + ".readinessProbe", c.path("readinessProbe"), false);
        if (Json.has(c.path("readinessProbe"), "terminationGracePeriodSeconds")) {
          errs.add(
              FieldError.invalid(
                  p + ".readinessProbe.terminationGracePeriodSeconds",
                  Json.integer(c.path("readinessProbe"), "terminationGracePeriodSeconds"),
                  "must not be set for readinessProbes"));
        }
        probe(errs, p + ".startupProbe", c.path("startupProbe"), true);
        if (Json.has(c, "restartPolicy")) {
          errs.add(
              FieldError.forbidden(p + ".restartPolicy", "may not be set for non-init containers"));
        }
      }
    }
  }

  private static void ports(List<FieldError> errs, String path, List<JsonNode> ports) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) {
      JsonNode port = ports.get(i);
      String p = path + "[" + i + "]";
      String name = Json.text(port, "name");
      if (!name.isEmpty()) {
        List<String> msgs = Checks.portNameErrors(name);
        if (!msgs.isEmpty()) {
          for (String msg : msgs) {
            errs.add(FieldError.invalid(p + ".name", name, msg));
          }
        } else if (names.contains(name)) {
          errs.add(FieldError.duplicate(p + ".name", name));
        } else {
          names.add(name);
        }
      }
      Long containerPort = Json.integer(port, "containerPort");
      if (containerPort == null || containerPort == 0) {
        errs.add(FieldError.required(p + ".containerPort", ""));
      } else {
        Checks.portNumber(errs, p + ".containerPort", containerPort);
      }
      Long hostPort = Json.integer(port, "hostPort");
      if (hostPort != null && hostPort != 0) {
        Checks.portNumber(errs, p + ".hostPort", hostPort);
      }
      if (Json.has(port, "protocol")) {
        Checks.oneOf(errs, p + ".protocol", Json.text(port, "protocol"), PROTOCOLS);
      }
    }
  }

  /** ValidateEnv with RelaxedEnvironmentVariableValidation (on by default in 1.32). */
  private static void env(List<FieldError> errs, String path, List<JsonNode> vars) {
    for (int i = 0; i < vars.size(); i++) {
      JsonNode ev = vars.get(i);
      String p = path + "[" + i + "]";
      String name = Json.text(ev, "name");
      if (name.isEmpty()) {
        errs.add(FieldError.required(p + ".name", ""));
        errs.add(
            FieldError.invalid(p + ".name", name, "environment variable name must be non-empty"));
      }
      for (int k = 0; k < name.length(); k++) {
        char ch = name.charAt(k);
        if (ch > 0x7e || ch < 0x20 || ch == '=') {
          errs.add(
              FieldError.invalid(
                  p + ".name",
                  name,
                  "a valid environment variable name must consist only of printable ASCII"
                      + " characters other than '='"));
          break;
        }
      }
      JsonNode from = ev.path("valueFrom");
      if (Json.has(ev, "valueFrom")) {
        valueFrom(errs, p + ".valueFrom", from, !Json.text(ev, "value").isEmpty());
      }
    }
  }

  private static void valueFrom(
      List<FieldError> errs, String path, JsonNode from, boolean hasValue) {
    int sources = 0;
    for (String s : List.of("fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef")) {
      if (!Json.has(from, s)) {
        continue;
      }
      sources++;
      JsonNode ref = from.get(s);
      if (s.equals("configMapKeyRef") || s.equals("secretKeyRef")) {
        String key = Json.text(ref, "key");
        if (key.isEmpty()) {
          errs.add(FieldError.required(path + "." + s + ".key", ""));
        } else {
          Checks.configKey(errs, path + "." + s + ".key", key);
        }
        if (Json.text(ref, "name").isEmpty()) {
          errs.add(FieldError.required(path + "." + s + ".name", ""));
        }
      }
    }
    if (sources == 0) {
      errs.add(
          FieldError.invalid(
              path,
              "",
              "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or"
                  + " `secretKeyRef`"));
    } else if (sources > 1) {
      errs.add(
          FieldError.invalid(path, "", "may not have more than one field specified at a time"));
    } else if (hasValue) {
      errs.add(FieldError.invalid(path, "", "may not be specified when `value` is not empty"));
    }
  }

  private static void volumeMounts(
      List<FieldError> errs, String path, List<JsonNode> mounts, Set<String> volumes) {
    Set<String> mountPoints = new HashSet<>();
    for (int i = 0; i < mounts.size(); i++) {
      JsonNode m = mounts.get(i);
      String p = path + "[" + i + "]";
      String name = Json.text(m, "name");
      if (name.isEmpty()) {
        errs.add(FieldError.required(p + ".name", ""));
      }
      if (!volumes.contains(name)) {
        errs.add(FieldError.notFound(p + ".name", name));
      }
      String mountPath = Json.text(m, "mountPath");
      if (mountPath.isEmpty()) {
        errs.add(FieldError.required(p + ".mountPath", ""));
      }
      if (mountPoints.contains(mountPath)) {
        errs.add(FieldError.invalid(p + ".mountPath", mountPath, "must be unique"));
      }
      mountPoints.add(mountPath);
    }
  }

  /** ValidateResourceRequirements: quantities parse, are non-negative, requests <= limits. */
  static void resources(List<FieldError> errs, String path, JsonNode resources) {
    Map<String, Quantity> limits = quantities(errs, path + ".limits", resources.path("limits"));
    Map<String, Quantity> requests =
        quantities(errs, path + ".requests", resources.path("requests"));
    for (Map.Entry<String, Quantity> e : requests.entrySet()) {
      Quantity limit = limits.get(e.getKey());
      if (limit == null) {
        continue;
      }
      String name = e.getKey();
      boolean overcommit = !name.contains("/") || name.contains("kubernetes.io/");
      overcommit &= !name.startsWith("hugepages-");
      if (e.getValue().compareTo(limit) != 0 && !overcommit) {
        errs.add(
            FieldError.invalid(
                path + ".requests",
                e.getValue().canonical(),
                "must be equal to " + name + " limit of " + limit.canonical()));
      } else if (e.getValue().compareTo(limit) > 0) {
        errs.add(
            FieldError.invalid(
                path + ".requests",
                e.getValue().canonical(),
                "must be less than or equal to " + name + " limit of " + limit.canonical()));
      }
    }
  }

  /** Parses each quantity of a ResourceList; bad syntax reports the Quantity parser's message. */
  static Map<String, Quantity> quantities(List<FieldError> errs, String path, JsonNode list) {
    Map<String, Quantity> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : Json.entries(list)) {
      String p = path + "[" + e.getKey() + "]";
      String raw = e.getValue().isNumber() ? e.getValue().asString() : e.getValue().asString("");
      Quantity q;
      try {
        q = Quantity.parse(raw);
      } catch (IllegalArgumentException ex) {
        errs.add(FieldError.invalid(p, raw, ex.getMessage()));
        continue;
      }
      if (q.signum() < 0) {
        errs.add(FieldError.invalid(p, q.canonical(), Checks.NEGATIVE));
        continue;
      }
      out.put(e.getKey(), q);
    }
    return out;
  }

  private static void probe(
      List<FieldError> errs, String path, JsonNode probe, boolean oneSuccess) {
    if (probe == null || !probe.isObject()) {
      return;
    }
    int handlers = 0;
    for (String h : List.of("exec", "httpGet", "tcpSocket", "grpc")) {
      if (!Json.has(probe, h)) {
        continue;
      }
      if (handlers > 0) {
        errs.add(FieldError.forbidden(path + "." + h, "may not specify more than 1 handler type"));
        continue;
      }
      handlers++;
      JsonNode action = probe.get(h);
      switch (h) {
        case "exec" -> {
          if (Json.items(action.path("command")).isEmpty()) {
            errs.add(FieldError.required(path + ".exec.command", ""));
          }
        }
        case "httpGet" -> {
          Checks.portNumOrName(errs, path + ".httpGet.port", action.get("port"));
          if (Json.has(action, "scheme")) {
            String scheme = Json.text(action, "scheme");
            if (!List.of("HTTP", "HTTPS").contains(scheme)) {
              errs.add(
                  FieldError.notSupported(
                      path + ".httpGet.scheme", scheme, List.of("HTTP", "HTTPS")));
            }
          }
        }
        case "tcpSocket" ->
            Checks.portNumOrName(errs, path + ".tcpSocket.port", action.get("port"));
        case "grpc" -> {
          Long port = Json.integer(action, "port");
          Checks.portNumber(errs, path + ".grpc.port", port == null ? 0 : port);
        }
        default -> {}
      }
    }
    if (handlers == 0) {
      errs.add(FieldError.required(path, "must specify a handler type"));
    }
    for (String f :
        List.of(
            "initialDelaySeconds",
            "timeoutSeconds",
            "periodSeconds",
            "successThreshold",
            "failureThreshold")) {
      Checks.nonNegative(errs, path + "." + f, Json.integer(probe, f));
    }
    Long grace = Json.integer(probe, "terminationGracePeriodSeconds");
    if (grace != null && grace <= 0) {
      errs.add(
          FieldError.invalid(
              path + ".terminationGracePeriodSeconds", grace, "must be greater than 0"));
    }
    Long success = Json.integer(probe, "successThreshold");
    if (oneSuccess && success != null && success != 1) {
      errs.add(FieldError.invalid(path + ".successThreshold", success, "must be 1"));
    }
  }

  private static void tolerations(List<FieldError> errs, String path, JsonNode list) {
    List<JsonNode> tols = Json.items(list);
    for (int i = 0; i < tols.size(); i++) {
      JsonNode t = tols.get(i);
      String p = path + "[" + i + "]";
      String key = Json.text(t, "key");
      if (!key.isEmpty()) {
        Checks.qualifiedName(errs, p + ".key", key);
      }
      String op = Json.text(t, "operator");
      if (key.isEmpty() && !op.equals("Exists")) {
        errs.add(
            FieldError.invalid(
                p + ".operator",
                op,
                "operator must be Exists when `key` is empty, which means"
                    + " \"match all values and all keys\""));
      }
      if (!op.isEmpty() && !op.equals("Equal") && !op.equals("Exists")) {
        errs.add(FieldError.notSupported(p + ".operator", op, List.of("Equal", "Exists")));
      }
      String effect = Json.text(t, "effect");
      if (!effect.isEmpty()
          && !List.of("NoSchedule", "PreferNoSchedule", "NoExecute").contains(effect)) {
        errs.add(
            FieldError.notSupported(
                p + ".effect", effect, List.of("NoSchedule", "PreferNoSchedule", "NoExecute")));
      }
    }
  }
}

package io.kubesim.kubelet.exec;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubesim.core.quantity.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A container's environment as the kubelet and the runtime make it: the image's PATH, HOSTNAME, the
 * image's ENV, the container's env and envFrom (values, fields of the pod, resources, ConfigMap and
 * Secret keys, {@code $(VAR)} references), the Service links of the pod's namespace and the {@code
 * kubernetes} Service, and HOME.
 */
public final class ContainerEnv {
  public static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private static final Pattern REFERENCE =
      Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)");
  private static final Pattern LABEL =
      Pattern.compile("metadata\\.(labels|annotations)\\['(.*)'\\]");

  /** What the environment refers to outside the pod: Services, ConfigMaps and Secrets by name. */
  public record Sources(
      List<JsonNode> services, Map<String, JsonNode> configMaps, Map<String, JsonNode> secrets) {
    public static final Sources NONE = new Sources(List.of(), Map.of(), Map.of());
  }

  private ContainerEnv() {}

  /**
   * @param imageEnv the image's ENV after PATH
   * @param nodeCpu the node's allocatable cpu and memory, for resource fields without a limit
   */
  public static Map<String, String> of(
      Pod pod,
      Container c,
      String podIp,
      String hostIp,
      Map<String, String> imageEnv,
      Sources sources,
      Quantity nodeCpu,
      Quantity nodeMemory) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", PATH);
    env.put("HOSTNAME", PodFiles.hostname(pod));
    env.putAll(imageEnv);
    Map<String, String> own = new LinkedHashMap<>();
    if (c.getEnvFrom() != null) {
      for (EnvFromSource from : c.getEnvFrom()) {
        String prefix = from.getPrefix() == null ? "" : from.getPrefix();
        if (from.getConfigMapRef() != null) {
          data(sources.configMaps().get(from.getConfigMapRef().getName()), false)
              .forEach((k, v) -> own.put(prefix + k, v));
        }
        if (from.getSecretRef() != null) {
          data(sources.secrets().get(from.getSecretRef().getName()), true)
              .forEach((k, v) -> own.put(prefix + k, v));
        }
      }
    }
    if (c.getEnv() != null) {
      for (EnvVar v : c.getEnv()) {
        String value =
            v.getValueFrom() != null
                ? from(v.getValueFrom(), pod, c, podIp, hostIp, sources, nodeCpu, nodeMemory)
                : expand(v.getValue() == null ? "" : v.getValue(), own, env);
        if (value != null) {
          own.put(v.getName(), value);
        }
      }
    }
    Map<String, String> links = new TreeMap<>();
    boolean serviceLinks = !Boolean.FALSE.equals(pod.getSpec().getEnableServiceLinks());
    for (JsonNode service : sources.services()) {
      boolean master =
          service.path("metadata").path("name").asString("").equals("kubernetes")
              && service.path("metadata").path("namespace").asString("").equals("default");
      if (serviceLinks || master) {
        links.putAll(serviceVariables(service));
      }
    }
    links.forEach(env::putIfAbsent);
    env.putAll(own);
    env.putIfAbsent("HOME", "/root");
    return env;
  }

  /** {@code $(NAME)} of a variable defined before, {@code $$} a literal {@code $}. */
  static String expand(String value, Map<String, String> own, Map<String, String> env) {
    Matcher m = REFERENCE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group().equals("$$")) {
        replacement = "$";
      } else {
        String name = m.group(1);
        replacement = own.containsKey(name) ? own.get(name) : env.getOrDefault(name, m.group());
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String from(
      EnvVarSource source,
      Pod pod,
      Container c,
      String podIp,
      String hostIp,
      Sources sources,
      Quantity nodeCpu,
      Quantity nodeMemory) {
    if (source.getFieldRef() != null) {
      return field(source.getFieldRef().getFieldPath(), pod, podIp, hostIp);
    }
    if (source.getConfigMapKeyRef() != null) {
      var ref = source.getConfigMapKeyRef();
      return data(sources.configMaps().get(ref.getName()), false).get(ref.getKey());
    }
    if (source.getSecretKeyRef() != null) {
      var ref = source.getSecretKeyRef();
      return data(sources.secrets().get(ref.getName()), true).get(ref.getKey());
    }
    if (source.getResourceFieldRef() != null) {
      return resource(source.getResourceFieldRef().getResource(), c, nodeCpu, nodeMemory);
    }
    return null;
  }

  public static String field(String path, Pod pod, String podIp, String hostIp) {
    var meta = pod.getMetadata();
    Matcher m = LABEL.matcher(path);
    if (m.matches()) {
      Map<String, String> map =
          m.group(1).equals("labels") ? meta.getLabels() : meta.getAnnotations();
      return map == null ? "" : map.getOrDefault(m.group(2), "");
    }
    return switch (path) {
      case "metadata.name" -> meta.getName();
      case "metadata.namespace" -> meta.getNamespace();
      case "metadata.uid" -> meta.getUid();
      case "spec.nodeName" -> pod.getSpec().getNodeName();
      case "spec.serviceAccountName" ->
          pod.getSpec().getServiceAccountName() == null
              ? "default"
              : pod.getSpec().getServiceAccountName();
      case "status.podIP", "status.podIPs" -> podIp;
      case "status.hostIP", "status.hostIPs" -> hostIp;
      default -> "";
    };
  }

  /** A resource field: limits fall back to the node's allocatable; cpu rounds up to whole cores. */
  public static String resource(
      String resource, Container c, Quantity nodeCpu, Quantity nodeMemory) {
    var r = c.getResources();
    Map<String, io.fabric8.kubernetes.api.model.Quantity> limits =
        r == null || r.getLimits() == null ? Map.of() : r.getLimits();
    Map<String, io.fabric8.kubernetes.api.model.Quantity> requests =
        r == null || r.getRequests() == null ? Map.of() : r.getRequests();
    boolean limit = resource.startsWith("limits.");
    String name = resource.substring(resource.indexOf('.') + 1);
    var q = (limit ? limits : requests).get(name);
    if (q == null && !limit) {
      q = limits.get(name);
    }
    Quantity value =
        q != null
            ? Quantity.parse(q.toString())
            : name.equals("cpu")
                ? (limit ? nodeCpu : Quantity.ZERO)
                : (limit ? nodeMemory : Quantity.ZERO);
    if (name.equals("cpu")) {
      return value
          .value()
          .setScale(0, RoundingMode.CEILING)
          .max(limit ? BigDecimal.ONE : BigDecimal.ZERO)
          .toPlainString();
    }
    return value.value().setScale(0, RoundingMode.CEILING).toPlainString();
  }

  /** A ConfigMap's data, or a Secret's (base64) data decoded; empty when there is none. */
  public static Map<String, String> data(JsonNode object, boolean base64) {
    Map<String, String> out = new LinkedHashMap<>();
    if (object == null) {
      return out;
    }
    object
        .path("data")
        .properties()
        .forEach(
            e -> {
              String value = e.getValue().asString("");
              out.put(
                  e.getKey(),
                  base64
                      ? new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)
                      : value);
            });
    if (!base64) {
      object
          .path("stringData")
          .properties()
          .forEach(e -> out.put(e.getKey(), e.getValue().asString("")));
    }
    return out;
  }

  /** The docker-link-style variables of one Service with a cluster IP. */
  static Map<String, String> serviceVariables(JsonNode service) {
    Map<String, String> vars = new LinkedHashMap<>();
    String ip = service.path("spec").path("clusterIP").asString("");
    JsonNode ports = service.path("spec").path("ports");
    if (ip.isEmpty() || ip.equals("None") || ports.isEmpty()) {
      return vars;
    }
    String name =
        service
            .path("metadata")
            .path("name")
            .asString("")
            .toUpperCase(Locale.ROOT)
            .replace('-', '_');
    JsonNode first = ports.get(0);
    vars.put(name + "_SERVICE_HOST", ip);
    vars.put(name + "_SERVICE_PORT", first.path("port").asString(""));
    for (JsonNode p : ports) {
      String portName = p.path("name").asString("");
      if (!portName.isEmpty()) {
        vars.put(
            name + "_SERVICE_PORT_" + portName.toUpperCase(Locale.ROOT).replace('-', '_'),
            p.path("port").asString(""));
      }
    }
    String proto = first.path("protocol").asString("TCP").toLowerCase(Locale.ROOT);
    vars.put(name + "_PORT", proto + "://" + ip + ":" + first.path("port").asString(""));
    for (JsonNode p : ports) {
      String protocol = p.path("protocol").asString("TCP");
      String port = p.path("port").asString("");
      String prefix = name + "_PORT_" + port + "_" + protocol.toUpperCase(Locale.ROOT);
      String lower = protocol.toLowerCase(Locale.ROOT);
      vars.put(prefix, lower + "://" + ip + ":" + port);
      vars.put(prefix + "_PROTO", lower);
      vars.put(prefix + "_PORT", port);
      vars.put(prefix + "_ADDR", ip);
    }
    return vars;
  }
}

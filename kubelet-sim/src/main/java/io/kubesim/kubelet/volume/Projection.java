package io.kubesim.kubelet.volume;

import io.fabric8.kubernetes.api.model.ConfigMapProjection;
import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretProjection;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.kubesim.core.quantity.Quantity;
import io.kubesim.kubelet.exec.ContainerEnv;
import io.kubesim.kubelet.shell.Files;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * The files of a configMap, secret, downwardAPI or projected volume, as a pure function of the
 * volume, the pod and the objects it names: one file per key (or per item, at its path and mode),
 * with the volume's defaultMode. A missing object or key that is not optional is the kubelet's
 * mount error ({@code configmap "x" not found}), which keeps the pod from starting.
 */
public final class Projection {
  private Projection() {}

  /** The ConfigMaps and Secrets of the pod's namespace by name; null when there is none. */
  public interface Sources {
    JsonNode configMap(String name);

    JsonNode secret(String name);
  }

  /** The files (paths relative to the volume, with their modes) or the mount error. */
  public record Result(Map<String, Integer> modes, Map<String, String> contents, String error) {
    static Result failed(String error) {
      return new Result(Map.of(), Map.of(), error);
    }

    /** The files as nodes dated {@code at}. */
    public Map<String, Files.Node> nodes(Instant at) {
      Map<String, Files.Node> out = new LinkedHashMap<>();
      contents.forEach((path, text) -> out.put(path, new Files.File(text, modes.get(path), at)));
      return out;
    }
  }

  /** Whether the kubelet projects this volume's files from the API. */
  public static boolean projected(Volume v) {
    return v.getConfigMap() != null
        || v.getSecret() != null
        || v.getDownwardAPI() != null
        || v.getProjected() != null;
  }

  /** {@code 0644}, the API's default for defaultMode (420). */
  static final int DEFAULT_MODE = 0644;

  public static Result of(Volume v, Pod pod, Sources sources, Quantity nodeCpu, Quantity nodeMem) {
    Builder b = new Builder();
    if (v.getConfigMap() != null) {
      ConfigMapVolumeSource s = v.getConfigMap();
      b.keys(
          "configmap",
          s.getName(),
          sources.configMap(s.getName()),
          false,
          s.getItems(),
          mode(s.getDefaultMode()),
          Boolean.TRUE.equals(s.getOptional()));
    } else if (v.getSecret() != null) {
      SecretVolumeSource s = v.getSecret();
      b.keys(
          "secret",
          s.getSecretName(),
          sources.secret(s.getSecretName()),
          true,
          s.getItems(),
          mode(s.getDefaultMode()),
          Boolean.TRUE.equals(s.getOptional()));
    } else if (v.getDownwardAPI() != null) {
      b.downward(
          v.getDownwardAPI().getItems(),
          mode(v.getDownwardAPI().getDefaultMode()),
          pod,
          nodeCpu,
          nodeMem);
    } else if (v.getProjected() != null) {
      int mode = mode(v.getProjected().getDefaultMode());
      for (VolumeProjection p : nullSafe(v.getProjected().getSources())) {
        b.projection(p, mode, pod, sources, nodeCpu, nodeMem);
      }
    }
    return b.error != null ? Result.failed(b.error) : new Result(b.modes, b.contents, null);
  }

  private static int mode(Integer mode) {
    return mode == null ? DEFAULT_MODE : mode;
  }

  private static <T> List<T> nullSafe(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static final class Builder {
    final Map<String, Integer> modes = new TreeMap<>();
    final Map<String, String> contents = new TreeMap<>();
    String error;

    void put(String path, String content, int mode) {
      contents.put(path, content);
      modes.put(path, mode);
    }

    void keys(
        String kind,
        String name,
        JsonNode object,
        boolean secret,
        List<KeyToPath> items,
        int mode,
        boolean optional) {
      if (object == null) {
        if (!optional && error == null) {
          error = kind + " \"" + name + "\" not found";
        }
        return;
      }
      Map<String, String> data = ContainerEnv.data(object, secret);
      if (!secret) {
        object
            .path("binaryData")
            .properties()
            .forEach(
                e ->
                    data.put(
                        e.getKey(),
                        new String(
                            Base64.getDecoder().decode(e.getValue().asString("")),
                            StandardCharsets.UTF_8)));
      }
      if (items == null || items.isEmpty()) {
        data.forEach((key, value) -> put(key, value, mode));
        return;
      }
      for (KeyToPath item : items) {
        String value = data.get(item.getKey());
        if (value == null) {
          if (!optional && error == null) {
            error =
                (secret
                        ? "references non-existent secret key: "
                        : "configmap references" + " non-existent config key: ")
                    + item.getKey();
          }
          continue;
        }
        put(item.getPath(), value, item.getMode() == null ? mode : item.getMode());
      }
    }

    void downward(
        List<DownwardAPIVolumeFile> items, int mode, Pod pod, Quantity nodeCpu, Quantity nodeMem) {
      for (DownwardAPIVolumeFile item : nullSafe(items)) {
        String value = "";
        if (item.getFieldRef() != null) {
          value = field(item.getFieldRef().getFieldPath(), pod);
        } else if (item.getResourceFieldRef() != null) {
          var ref = item.getResourceFieldRef();
          Container c = container(pod, ref.getContainerName());
          value =
              c == null ? "" : resource(ref.getResource(), ref.getDivisor(), c, nodeCpu, nodeMem);
        }
        put(item.getPath(), value, item.getMode() == null ? mode : item.getMode());
      }
    }

    void projection(
        VolumeProjection p,
        int mode,
        Pod pod,
        Sources sources,
        Quantity nodeCpu,
        Quantity nodeMem) {
      if (p.getConfigMap() != null) {
        ConfigMapProjection c = p.getConfigMap();
        keys(
            "configmap",
            c.getName(),
            sources.configMap(c.getName()),
            false,
            c.getItems(),
            mode,
            Boolean.TRUE.equals(c.getOptional()));
      } else if (p.getSecret() != null) {
        SecretProjection s = p.getSecret();
        keys(
            "secret",
            s.getName(),
            sources.secret(s.getName()),
            true,
            s.getItems(),
            mode,
            Boolean.TRUE.equals(s.getOptional()));
      } else if (p.getDownwardAPI() != null) {
        downward(p.getDownwardAPI().getItems(), mode, pod, nodeCpu, nodeMem);
      } else if (p.getServiceAccountToken() != null) {
        put(p.getServiceAccountToken().getPath(), token(pod), mode);
      }
    }
  }

  /**
   * A downwardAPI field: labels and annotations as {@code key="value"} lines in key order, as the
   * kubelet writes them; a single field as its value.
   */
  static String field(String path, Pod pod) {
    var meta = pod.getMetadata();
    if (path.equals("metadata.labels") || path.equals("metadata.annotations")) {
      Map<String, String> map =
          path.equals("metadata.labels") ? meta.getLabels() : meta.getAnnotations();
      StringBuilder b = new StringBuilder();
      new TreeMap<>(map == null ? Map.<String, String>of() : map)
          .forEach(
              (k, v) -> {
                if (b.length() > 0) {
                  b.append('\n');
                }
                b.append(k).append("=\"").append(v.replace("\"", "\\\"")).append('"');
              });
      return b.toString();
    }
    return ContainerEnv.field(path, pod, "", "");
  }

  /** A resource field divided by its divisor, rounded up (1 for cpu, 1 byte for memory). */
  static String resource(
      String resource,
      io.fabric8.kubernetes.api.model.Quantity divisor,
      Container c,
      Quantity nodeCpu,
      Quantity nodeMem) {
    String plain = ContainerEnv.resource(resource, c, nodeCpu, nodeMem);
    if (divisor == null || divisor.toString().isEmpty()) {
      return plain;
    }
    BigDecimal d = Quantity.parse(divisor.toString()).value();
    if (d.signum() == 0) {
      return plain;
    }
    String name = resource.substring(resource.indexOf('.') + 1);
    var limits = c.getResources() == null ? null : c.getResources().getLimits();
    var requests = c.getResources() == null ? null : c.getResources().getRequests();
    var q = resource.startsWith("limits.") ? get(limits, name) : get(requests, name);
    BigDecimal value = q == null ? new BigDecimal(plain) : Quantity.parse(q.toString()).value();
    return value.divide(d, 0, RoundingMode.CEILING).toPlainString();
  }

  private static io.fabric8.kubernetes.api.model.Quantity get(
      Map<String, io.fabric8.kubernetes.api.model.Quantity> map, String name) {
    return map == null ? null : map.get(name);
  }

  private static Container container(Pod pod, String name) {
    for (Container c : nullSafe(pod.getSpec().getContainers())) {
      if (name == null || name.isEmpty() || c.getName().equals(name)) {
        return c;
      }
    }
    return null;
  }

  /** A service account token's shape (a JWT of the pod's service account); not a real token. */
  static String token(Pod pod) {
    String sa =
        pod.getSpec().getServiceAccountName() == null
            ? "default"
            : pod.getSpec().getServiceAccountName();
    String header = "{\"alg\":\"RS256\",\"kid\":\"kubesim\"}";
    String claims =
        "{\"aud\":[\"https://kubernetes.default.svc.cluster.local\"],\"iss\":"
            + "\"https://kubernetes.default.svc.cluster.local\",\"sub\":\"system:serviceaccount:"
            + pod.getMetadata().getNamespace()
            + ":"
            + sa
            + "\"}";
    Base64.Encoder e = Base64.getUrlEncoder().withoutPadding();
    return e.encodeToString(header.getBytes(StandardCharsets.UTF_8))
        + "."
        + e.encodeToString(claims.getBytes(StandardCharsets.UTF_8))
        + ".kubesim";
  }
}

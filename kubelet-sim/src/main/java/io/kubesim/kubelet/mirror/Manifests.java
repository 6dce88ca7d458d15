package io.kubesim.kubelet.mirror;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.kubesim.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The static pod manifests a kubeadm node holds in /etc/kubernetes/manifests (resources next to
 * this class), and how the kubelet turns one into a pod (its {@code applyDefaults}): the name gets
 * {@code -<node>}, the pod is bound to the node, tolerates every NoExecute taint, and carries the
 * manifest's hash as {@code kubernetes.io/config.hash}.
 *
 * <p>A second replica of a component on one node (compose runs two schedulers and two
 * controller-managers beside one control-plane node) reads as a second manifest named {@code
 * <component>-2}, so its pod is {@code kube-scheduler-2-kubesim-control-plane}.
 */
final class Manifests {
  static final String MIRROR = "kubernetes.io/config.mirror";
  static final String HASH = "kubernetes.io/config.hash";
  static final String SEEN = "kubernetes.io/config.seen";
  static final String SOURCE = "kubernetes.io/config.source";
  static final String NAMESPACE = "kube-system";

  /**
   * The components a member may announce, in the order their pods are planned: kubeadm's static
   * pods, and ingress-nginx's controller, which kind runs as a Deployment on the control plane and
   * kubesim's process shows the same way as the others.
   */
  static final List<String> COMPONENTS =
      List.of(
          "kube-apiserver",
          "kube-controller-manager",
          "kube-scheduler",
          "kube-proxy",
          "coredns",
          "ingress-nginx-controller");

  private static final String DIR = "/etc/kubernetes/manifests/";
  private static final Map<String, String> TEMPLATES = load();

  /** The namespaces the manifests name (kube-system first): where the kubelet looks for pods. */
  static final List<String> NAMESPACES =
      COMPONENTS.stream()
          .map(c -> namespace(Json.convert(Json.YAML.readTree(TEMPLATES.get(c)), Pod.class)))
          .distinct()
          .toList();

  /** One replica of a component: replica 1 is the component's own manifest. */
  record Slot(String component, int replica) {}

  private Manifests() {}

  /** The pod's namespace; kube-system, as the kubelet defaults a static pod's, when it has none. */
  static String namespace(Pod pod) {
    String namespace = pod.getMetadata() == null ? null : pod.getMetadata().getNamespace();
    return namespace == null || namespace.isEmpty() ? NAMESPACE : namespace;
  }

  static String manifestName(String component, int replica) {
    return replica == 1 ? component : component + "-" + replica;
  }

  static String podName(String component, int replica, String node) {
    return manifestName(component, replica) + "-" + node;
  }

  /** The slot whose pod on {@code node} has this name, or null for any other name. */
  static Slot parse(String podName, String node) {
    String suffix = "-" + node;
    if (!podName.endsWith(suffix)) {
      return null;
    }
    String manifest = podName.substring(0, podName.length() - suffix.length());
    for (String component : COMPONENTS) {
      if (manifest.equals(component)) {
        return new Slot(component, 1);
      }
      String prefix = component + "-";
      if (manifest.startsWith(prefix)
          && manifest.substring(prefix.length()).matches("[2-9]|\\d{2,}")) {
        return new Slot(component, Integer.parseInt(manifest.substring(prefix.length())));
      }
    }
    return null;
  }

  /**
   * The static pod of one replica of {@code component} on {@code node}, as the kubelet reads it:
   * the apiserver's flags name {@code endpoint} ({@code address:port}; the node's address and 6443
   * when null). The pod has no status and no mirror annotations yet.
   */
  static Pod staticPod(String component, int replica, MirrorNode node, String endpoint) {
    String address = node.ip();
    String port = "6443";
    if (endpoint != null && endpoint.lastIndexOf(':') > 0) {
      address = endpoint.substring(0, endpoint.lastIndexOf(':'));
      port = endpoint.substring(endpoint.lastIndexOf(':') + 1);
    }
    String manifest = manifestName(component, replica);
    String text =
        TEMPLATES
            .get(component)
            .replace("${ADVERTISE_ADDRESS}", address)
            .replace("${SECURE_PORT}", port);
    Pod pod = Json.convert(Json.YAML.readTree(text), Pod.class);
    pod.getMetadata().setName(manifest);
    String hash = hash(pod, node.name(), DIR + manifest + ".yaml");
    pod.getMetadata().setName(manifest + "-" + node.name());
    pod.getSpec().setNodeName(node.name());
    Map<String, String> annotations = new LinkedHashMap<>();
    if (pod.getMetadata().getAnnotations() != null) {
      annotations.putAll(pod.getMetadata().getAnnotations());
    }
    annotations.put(HASH, hash);
    annotations.put(SOURCE, "file");
    pod.getMetadata().setAnnotations(annotations);
    addToleration(
        pod, new TolerationBuilder().withOperator("Exists").withEffect("NoExecute").build());
    return pod;
  }

  /** AddOrUpdateTolerationInPod: appended unless an equal one is there. */
  private static void addToleration(Pod pod, Toleration toleration) {
    List<Toleration> tolerations =
        pod.getSpec().getTolerations() == null
            ? new ArrayList<>()
            : new ArrayList<>(pod.getSpec().getTolerations());
    if (!tolerations.contains(toleration)) {
      tolerations.add(toleration);
    }
    pod.getSpec().setTolerations(tolerations);
  }

  /**
   * The kubelet's static pod uid: md5 of the manifest's pod, then of its host and file; hex. Not
   * Go's DeepHashObject byte for byte, but as stable: the same manifest on the same node, the same
   * hash.
   */
  private static String hash(Pod pod, String node, String file) {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      md5.update(Json.bytes(Json.MAPPER.valueToTree(pod)));
      md5.update(("host:" + node).getBytes(StandardCharsets.UTF_8));
      md5.update(("file:" + file).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(md5.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> load() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String component : COMPONENTS) {
      try (InputStream in = Manifests.class.getResourceAsStream(component + ".yaml")) {
        if (in == null) {
          throw new IllegalStateException("no manifest for " + component);
        }
        out.put(component, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new IllegalStateException("cannot read the manifest of " + component, e);
      }
    }
    return Map.copyOf(out);
  }
}

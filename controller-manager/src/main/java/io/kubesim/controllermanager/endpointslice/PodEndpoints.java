package io.kubesim.controllermanager.endpointslice;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.kubesim.controllermanager.Kube;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * What both endpoints controllers ask of a pod (pkg/controller/util/endpoint): whether it belongs
 * in a Service's endpoints at all, and the number a Service port's targetPort names on it.
 */
public final class PodEndpoints {
  private PodEndpoints() {}

  /** The Service's selector, or null when it has none (its endpoints are someone else's). */
  public static Map<String, String> selector(Service service) {
    Map<String, String> selector =
        service.getSpec() == null ? null : service.getSpec().getSelector();
    return selector == null || selector.isEmpty() ? null : selector;
  }

  /** Whether the selector picks the pod: every key with an equal value. */
  public static boolean selects(Map<String, String> selector, Pod pod) {
    Map<String, String> labels = Kube.labels(pod);
    return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }

  /**
   * ShouldPodBeInEndpoints: not terminal (Succeeded, Failed), has an IP, and (unless terminating
   * pods are wanted, as EndpointSlices want them) not being deleted.
   */
  public static boolean belongs(Pod pod, boolean includeTerminating) {
    String phase = Kube.phase(pod);
    if (phase.equals("Succeeded") || phase.equals("Failed")) {
      return false;
    }
    if (podIp(pod).isEmpty()) {
      return false;
    }
    return includeTerminating || !Kube.deleting(pod);
  }

  public static String podIp(Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getPodIP() == null
        ? ""
        : pod.getStatus().getPodIP();
  }

  /**
   * podutil.FindPort: a numeric targetPort as is (the port when unset); a name, the containerPort
   * of that name and protocol in any container of the pod, or nothing when none has it.
   */
  public static OptionalInt findPort(Pod pod, ServicePort port) {
    IntOrString target = port.getTargetPort();
    if (target == null || (target.getStrVal() == null && target.getIntVal() == null)) {
      return OptionalInt.of(port.getPort());
    }
    if (target.getStrVal() == null) {
      return OptionalInt.of(target.getIntVal() == 0 ? port.getPort() : target.getIntVal());
    }
    String name = target.getStrVal();
    String protocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
    List<Container> containers = new ArrayList<>();
    if (pod.getSpec() != null) {
      containers.addAll(pod.getSpec().getContainers());
      // restartable init containers (sidecars) serve too
      for (Container init : pod.getSpec().getInitContainers()) {
        if ("Always".equals(init.getRestartPolicy())) {
          containers.add(init);
        }
      }
    }
    for (Container container : containers) {
      for (ContainerPort cp : container.getPorts()) {
        String cpProtocol = cp.getProtocol() == null ? "TCP" : cp.getProtocol();
        if (name.equals(cp.getName()) && protocol.equals(cpProtocol)) {
          return OptionalInt.of(cp.getContainerPort());
        }
      }
    }
    return OptionalInt.empty();
  }

  /** A Service port as it resolves on one pod: the number its target names there. */
  public record Resolved(String name, int port, String protocol, String appProtocol) {}

  /** The Service's ports that resolve on the pod, in the Service's order (getEndpointPorts). */
  public static List<Resolved> ports(Service service, Pod pod) {
    List<Resolved> ports = new ArrayList<>();
    for (ServicePort port : service.getSpec().getPorts()) {
      OptionalInt number = findPort(pod, port);
      if (number.isPresent()) {
        ports.add(
            new Resolved(
                port.getName() == null ? "" : port.getName(),
                number.getAsInt(),
                port.getProtocol() == null ? "TCP" : port.getProtocol(),
                port.getAppProtocol()));
      }
    }
    return ports;
  }

  /**
   * ShouldSetHostname: the pod's hostname is published when its subdomain is the Service's name
   * (what gives a StatefulSet's pods their stable DNS names).
   */
  public static String hostname(Pod pod, Service service) {
    if (pod.getSpec() == null) {
      return null;
    }
    String hostname = pod.getSpec().getHostname();
    return hostname != null
            && !hostname.isEmpty()
            && service.getMetadata().getName().equals(pod.getSpec().getSubdomain())
            && service.getMetadata().getNamespace().equals(pod.getMetadata().getNamespace())
        ? hostname
        : null;
  }

  /** A headless Service: clusterIP None (labelled service.kubernetes.io/headless). */
  public static boolean headless(Service service) {
    return "None".equals(service.getSpec().getClusterIP());
  }
}

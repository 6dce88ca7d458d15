package io.kubesim.scheduler.plugins.nodeports;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubesim.scheduler.framework.FilterPlugin;
import io.kubesim.scheduler.framework.NodeInfo;
import io.kubesim.scheduler.framework.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * A host port can be taken once per node, protocol and host IP. {@code 0.0.0.0} (the default IP)
 * conflicts with every IP; the default protocol is TCP. Only ports with {@code hostPort > 0} count.
 */
public final class NodePorts implements FilterPlugin {

  public static final String NAME = "NodePorts";
  public static final String REASON = "node(s) didn't have free ports for the requested pod ports";

  private static final String ANY_IP = "0.0.0.0";

  /** One host port in use or wanted, with the defaults applied. */
  record HostPort(String ip, String protocol, int port) {
    static HostPort of(ContainerPort p) {
      String ip = p.getHostIP() == null || p.getHostIP().isEmpty() ? ANY_IP : p.getHostIP();
      String protocol =
          p.getProtocol() == null || p.getProtocol().isEmpty() ? "TCP" : p.getProtocol();
      return new HostPort(ip, protocol, p.getHostPort());
    }

    boolean conflictsWith(HostPort other) {
      return port == other.port
          && protocol.equals(other.protocol)
          && (ip.equals(ANY_IP) || other.ip.equals(ANY_IP) || ip.equals(other.ip));
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Status filter(Pod pod, NodeInfo node) {
    List<HostPort> wanted = hostPorts(pod);
    if (wanted.isEmpty()) {
      return Status.SUCCESS;
    }
    List<HostPort> used = new ArrayList<>();
    node.pods().forEach(p -> used.addAll(hostPorts(p)));
    for (HostPort w : wanted) {
      if (used.stream().anyMatch(w::conflictsWith)) {
        return Status.unschedulable(NAME, List.of(REASON));
      }
    }
    return Status.SUCCESS;
  }

  static List<HostPort> hostPorts(Pod pod) {
    List<HostPort> out = new ArrayList<>();
    List<Container> containers = pod.getSpec().getContainers();
    for (Container c : containers == null ? List.<Container>of() : containers) {
      for (ContainerPort p : c.getPorts() == null ? List.<ContainerPort>of() : c.getPorts()) {
        if (p.getHostPort() != null && p.getHostPort() > 0) {
          out.add(HostPort.of(p));
        }
      }
    }
    return out;
  }
}

package io.kubesim.kubeproxy.dataplane;

import io.fabric8.kubernetes.api.model.Service;
import io.kubesim.core.net.Ipv4;
import io.kubesim.kubeproxy.sync.ClusterState;
import java.util.Locale;

/**
 * The names the cluster proxy accepts besides addresses, as cluster DNS would answer them for a
 * pod's A record lookup: {@code svc.ns.svc.cluster.local} (and {@code svc.ns.svc}, {@code svc.ns})
 * to the Service's cluster IP, {@code 10-244-1-5.ns.pod.cluster.local} to its address.
 */
final class ClusterNames {
  static final String DOMAIN = "cluster.local";

  private ClusterNames() {}

  /** The address a host name or literal stands for, or null when it names nothing. */
  static String resolve(String host, ClusterState state) {
    String name = host.toLowerCase(Locale.ROOT);
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    if (Ipv4.parse(name) >= 0) {
      return name;
    }
    if (name.endsWith("." + DOMAIN)) {
      name = name.substring(0, name.length() - DOMAIN.length() - 1);
    }
    String[] parts = name.split("\\.");
    if (parts.length == 3 && parts[2].equals("pod")) {
      String ip = parts[0].replace('-', '.');
      return Ipv4.parse(ip) >= 0 ? ip : null;
    }
    if (parts.length == 2 || (parts.length == 3 && parts[2].equals("svc"))) {
      for (Service service : state.services()) {
        if (service.getMetadata().getName().equals(parts[0])
            && service.getMetadata().getNamespace().equals(parts[1])) {
          String ip = service.getSpec().getClusterIP();
          return ip == null || ip.equals("None") || ip.isEmpty() ? null : ip;
        }
      }
    }
    return null;
  }
}

package io.kubesim.coredns.kubernetes;

import java.util.List;
import java.util.Set;

/** A small cluster for the answer tables: the objects a learner makes first, and kube-dns. */
final class Cluster {
  static final long SERIAL = 1767322800;

  private Cluster() {}

  static ServiceInfo clusterIp(String name, String ns, String ip, PortInfo... ports) {
    return new ServiceInfo(name, ns, false, List.of(ip), "", List.of(), List.of(ports));
  }

  static ServiceInfo headless(String name, String ns, PortInfo... ports) {
    return new ServiceInfo(name, ns, true, List.of(), "", List.of(), List.of(ports));
  }

  static ServiceInfo externalName(String name, String ns, String target) {
    return new ServiceInfo(name, ns, false, List.of(), target, List.of(), List.of());
  }

  static PortInfo tcp(String name, int port) {
    return new PortInfo(name, port, "TCP");
  }

  static EndpointsInfo.Address ready(String ip, String hostname) {
    return new EndpointsInfo.Address(ip, hostname);
  }

  static EndpointsInfo slice(
      String name, String serviceKey, List<EndpointsInfo.Address> addresses, PortInfo... ports) {
    return new EndpointsInfo(
        name, serviceKey, addresses, ports.length == 0 ? List.of(PortInfo.NONE) : List.of(ports));
  }

  /**
   * web (ClusterIP 10.96.0.20, http 80 and https 443, one endpoint 10.244.1.7); nginx (headless,
   * the StatefulSet pods web-0 and web-1); db and alias (ExternalName, outside and inside the
   * zone); raw (headless, a slice without ports); kubernetes and kube-dns, which this server at
   * 10.244.0.3 is the endpoint of; the namespaces default and kube-system.
   */
  static ClusterView view() {
    return ClusterView.of(
        List.of(
            clusterIp("web", "default", "10.96.0.20", tcp("http", 80), tcp("https", 443)),
            headless("nginx", "default", tcp("web", 80)),
            externalName("db", "default", "my.database.example.com"),
            externalName("alias", "default", "web.default.svc.cluster.local"),
            headless("raw", "default"),
            clusterIp("kubernetes", "default", "10.96.0.1", tcp("https", 443)),
            clusterIp(
                "kube-dns",
                "kube-system",
                "10.96.0.10",
                new PortInfo("dns", 53, "UDP"),
                tcp("dns-tcp", 53),
                tcp("metrics", 9153))),
        List.of(
            slice("web-abcde", "web.default", List.of(ready("10.244.1.7", "")), tcp("http", 8080)),
            slice(
                "nginx-fghij",
                "nginx.default",
                List.of(ready("10.244.1.5", "web-0"), ready("10.244.2.6", "web-1")),
                tcp("web", 80)),
            slice("raw-klmno", "raw.default", List.of(ready("10.244.3.4", ""))),
            slice(
                "kube-dns-pqrst",
                "kube-dns.kube-system",
                List.of(ready("10.244.0.3", "")),
                new PortInfo("dns", 53, "UDP"))),
        Set.of("default", "kube-system"),
        SERIAL,
        List.of("10.244.0.3"),
        true);
  }
}

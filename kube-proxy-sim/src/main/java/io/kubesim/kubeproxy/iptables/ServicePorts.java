package io.kubesim.kubeproxy.iptables;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads a Service's ports as kube-proxy's service change tracker does (IPv4 family). */
final class ServicePorts {
  /** What the apiserver defaults sessionAffinityConfig.clientIP.timeoutSeconds to (3 hours). */
  static final int DEFAULT_STICKY_SECONDS = 10800;

  private ServicePorts() {}

  /**
   * The Service's ports, or none for a Service kube-proxy skips: ExternalName, headless (clusterIP
   * None) and one without an IPv4 cluster IP.
   */
  static List<ServicePortInfo> of(Service service) {
    ServiceSpec spec = service.getSpec();
    if (spec == null || "ExternalName".equals(spec.getType()) || spec.getPorts() == null) {
      return List.of();
    }
    String clusterIp = ipv4ClusterIp(spec);
    if (clusterIp == null) {
      return List.of();
    }
    String namespace = service.getMetadata().getNamespace();
    String serviceName = namespace + "/" + service.getMetadata().getName();
    List<Integer> externalIps = ipv4s(spec.getExternalIPs());
    List<Integer> vips = loadBalancerVips(service);
    List<Cidr> sourceRanges = sourceRanges(spec.getLoadBalancerSourceRanges());
    boolean externallyReachableType =
        "LoadBalancer".equals(spec.getType())
            || "NodePort".equals(spec.getType())
            || (isClusterIpType(spec) && !externalIps.isEmpty());
    boolean externalLocal =
        externallyReachableType && "Local".equals(spec.getExternalTrafficPolicy());
    boolean internalLocal = "Local".equals(spec.getInternalTrafficPolicy());
    int healthCheckNodePort =
        externalLocal && "LoadBalancer".equals(spec.getType())
            ? orZero(spec.getHealthCheckNodePort())
            : 0;
    int sticky = stickySeconds(spec);

    List<ServicePortInfo> ports = new ArrayList<>(spec.getPorts().size());
    for (ServicePort port : spec.getPorts()) {
      String portName = port.getName() == null ? "" : port.getName();
      String name = portName.isEmpty() ? serviceName : serviceName + ":" + portName;
      String upperProtocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
      String protocol = upperProtocol.toLowerCase(Locale.ROOT);
      ports.add(
          new ServicePortInfo(
              name,
              protocol,
              EndpointsMap.key(serviceName, portName, upperProtocol),
              ChainNames.portProtoHash(name, protocol),
              Ipv4.parse(clusterIp),
              orZero(port.getPort()),
              orZero(port.getNodePort()),
              externalIps,
              vips,
              sourceRanges,
              healthCheckNodePort,
              externalLocal,
              internalLocal,
              sticky));
    }
    return ports;
  }

  private static boolean isClusterIpType(ServiceSpec spec) {
    return spec.getType() == null || "ClusterIP".equals(spec.getType());
  }

  /** clusterIPs' IPv4 entry, or clusterIP when clusterIPs is unset; null for None or IPv6. */
  private static String ipv4ClusterIp(ServiceSpec spec) {
    List<String> candidates =
        spec.getClusterIPs() == null || spec.getClusterIPs().isEmpty()
            ? (spec.getClusterIP() == null ? List.of() : List.of(spec.getClusterIP()))
            : spec.getClusterIPs();
    return candidates.stream().filter(Ipv4::isIpv4).findFirst().orElse(null);
  }

  private static List<Integer> ipv4s(List<String> ips) {
    if (ips == null) {
      return List.of();
    }
    return ips.stream().map(String::trim).filter(Ipv4::isIpv4).map(Ipv4::parse).toList();
  }

  /** Ingress IPs in VIP mode (ipMode unset or VIP); Proxy-mode load balancers get no rules. */
  private static List<Integer> loadBalancerVips(Service service) {
    if (service.getStatus() == null
        || service.getStatus().getLoadBalancer() == null
        || service.getStatus().getLoadBalancer().getIngress() == null) {
      return List.of();
    }
    List<Integer> vips = new ArrayList<>();
    for (LoadBalancerIngress ingress : service.getStatus().getLoadBalancer().getIngress()) {
      boolean vipMode = ingress.getIpMode() == null || "VIP".equals(ingress.getIpMode());
      if (vipMode && ingress.getIp() != null && Ipv4.isIpv4(ingress.getIp())) {
        vips.add(Ipv4.parse(ingress.getIp()));
      }
    }
    return List.copyOf(vips);
  }

  private static List<Cidr> sourceRanges(List<String> ranges) {
    if (ranges == null) {
      return List.of();
    }
    List<Cidr> cidrs = new ArrayList<>();
    for (String range : ranges) {
      String trimmed = range.trim();
      int slash = trimmed.indexOf('/');
      if (slash > 0 && Ipv4.isIpv4(trimmed.substring(0, slash))) {
        cidrs.add(Cidr.parse(trimmed));
      }
    }
    return List.copyOf(cidrs);
  }

  private static int stickySeconds(ServiceSpec spec) {
    if (!"ClientIP".equals(spec.getSessionAffinity())) {
      return 0;
    }
    if (spec.getSessionAffinityConfig() == null
        || spec.getSessionAffinityConfig().getClientIP() == null
        || spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds() == null) {
      return DEFAULT_STICKY_SECONDS;
    }
    return spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds();
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }
}

package io.kubesim.coredns.kubernetes;

import java.util.List;

/**
 * What the kubernetes plugin keeps of a Service (CoreDNS's object.Service).
 *
 * @param clusterIps the allocated cluster IPs, empty for headless and ExternalName Services
 * @param externalName the CNAME target of an ExternalName Service, else empty
 * @param externalIps spec.externalIPs, which reverse lookups also find
 */
public record ServiceInfo(
    String name,
    String namespace,
    boolean headless,
    List<String> clusterIps,
    String externalName,
    List<String> externalIps,
    List<PortInfo> ports) {

  /** The index key CoreDNS uses for a Service and its endpoints: {@code name.namespace}. */
  public static String key(String name, String namespace) {
    return name + "." + namespace;
  }

  public String key() {
    return key(name, namespace);
  }

  boolean isExternalName() {
    return !externalName.isEmpty();
  }
}

package io.kubesim.coredns.kubernetes;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Type;

/**
 * The kubernetes plugin's lookups over a {@link ClusterView} (its Services, Records, Reverse and
 * nsAddrs), as CoreDNS 1.11 with {@code pods insecure} and {@code ttl 30} answers them. Names are
 * lower case and absolute (final dot); {@code zone} is the zone they are in.
 */
final class Backend {
  /** kubeadm's Corefile: {@code ttl 30}. */
  static final long TTL = 30;

  /** The TXT record {@code dns-version.<zone>}: the Kubernetes DNS schema version. */
  static final String SCHEMA_VERSION = "1.1.0";

  private static final String DEFAULT_NS = "ns.dns.";

  private Backend() {}

  /** Services: what a query of {@code qtype} for {@code name} finds. */
  static Found services(ClusterView view, String name, String zone, int qtype) {
    if (qtype == Type.TXT) {
      boolean version = base(name, zone).equals("dns-version");
      return version
          ? Found.of(List.of(new Entry("", 0, name, 28800, SCHEMA_VERSION)))
          : Found.NO_DATA;
    }
    if (qtype == Type.NS) {
      return Found.of(nsAddrs(view, zone));
    }
    if (name.equals(DEFAULT_NS + zone)) {
      List<Entry> out = new ArrayList<>();
      for (Entry ns : nsAddrs(view, zone)) {
        boolean v4 = Ips.isV4(ns.ip());
        if ((v4 && qtype == Type.A) || (!v4 && qtype == Type.AAAA)) {
          out.add(Entry.address(ns.host(), 0, name));
        }
      }
      return Found.of(out);
    }
    Found found = records(view, name, zone);
    if (qtype != Type.SRV || found.nameError()) {
      return found;
    }
    // SRV records for ExternalName Services are not implemented in CoreDNS: drop the names
    return Found.of(found.entries().stream().filter(e -> e.ip() != null).toList());
  }

  /** Records: the Services, endpoints or pod a forward name stands for. */
  static Found records(ClusterView view, String name, String zone) {
    Request r = Request.parse(base(name, zone));
    if (r == null) {
      return Found.NO_SUCH_NAME;
    }
    if (r.empty()) {
      return Found.NO_DATA;
    }
    if (Zones.isReverse(name) || !view.namespaceExists(r.namespace())) {
      return Found.NO_SUCH_NAME;
    }
    return r.podOrSvc().equals(Request.POD) ? pods(r, zone) : services(view, r, zone);
  }

  /**
   * Reverse: the names of the address a PTR name holds; the Service whose cluster IP (or external
   * IP) it is, else every ready endpoint with that address.
   */
  static Found reverse(ClusterView view, String name, String zone, String primaryZone) {
    String ip = Zones.addressOfReverse(name);
    if (ip == null) {
      Found forward = records(view, name, zone);
      return forward.nameError() ? forward : Found.NO_DATA;
    }
    List<ServiceInfo> services = view.servicesAt(ip);
    if (!services.isEmpty()) {
      ServiceInfo s = services.get(0);
      return Found.of(
          List.of(Entry.address(svcDomain(s.name(), s.namespace(), primaryZone), 0, "")));
    }
    List<Entry> out = new ArrayList<>();
    String canonical = Ips.canonical(ip);
    for (EndpointsInfo slice : view.endpointsAt(ip)) {
      for (EndpointsInfo.Address address : slice.addresses()) {
        if (canonical.equals(Ips.canonical(address.ip()))) {
          String domain = address.label() + "." + slice.serviceKey() + ".svc." + primaryZone;
          out.add(Entry.address(domain, 0, ""));
        }
      }
    }
    return out.isEmpty() ? Found.NO_SUCH_NAME : Found.of(out);
  }

  /**
   * nsAddrs: the addresses of this DNS server as the cluster knows them: the cluster IP of each
   * Service whose endpoints hold one of its own addresses (named after the Service), else the own
   * addresses as {@code ns.dns.<zone>}.
   */
  static List<Entry> nsAddrs(ClusterView view, String zone) {
    List<Entry> out = new ArrayList<>();
    for (String local : view.localIps()) {
      for (EndpointsInfo slice : view.endpointsAt(local)) {
        ServiceInfo s = view.service(slice.serviceKey());
        if (s == null) {
          continue;
        }
        String domain = svcDomain(s.name(), s.namespace(), zone);
        if (s.headless()) {
          for (EndpointsInfo.Address a : slice.addresses()) {
            out.add(Entry.address(a.ip(), 0, a.label() + "." + domain));
          }
        } else {
          s.clusterIps().stream().limit(1).forEach(ip -> out.add(Entry.address(ip, 0, domain)));
        }
      }
    }
    if (out.isEmpty()) {
      view.localIps().forEach(ip -> out.add(Entry.address(ip, 0, DEFAULT_NS + zone)));
    }
    return out;
  }

  /** findPods in "pods insecure" mode: any dashed address in a namespace is that address. */
  private static Found pods(Request r, String zone) {
    String podName = r.service();
    if (podName.isEmpty()) {
      return Found.NO_DATA;
    }
    boolean v4 = podName.chars().filter(c -> c == '-').count() == 3 && !podName.contains("--");
    String ip = v4 ? podName.replace('-', '.') : podName.replace('-', ':');
    InetAddress address = Ips.parse(ip);
    if (address == null || (v4 != Ips.isV4(address))) {
      return Found.NO_SUCH_NAME;
    }
    String domain = podName + "." + r.namespace() + ".pod." + zone;
    return Found.of(List.of(Entry.address(ip, 0, domain)));
  }

  /** findServices: a Service's cluster IPs, its endpoints (headless, or one asked for) or CNAME. */
  private static Found services(ClusterView view, Request r, String zone) {
    if (r.service().isEmpty()) {
      return Found.NO_DATA;
    }
    ServiceInfo s = view.service(ServiceInfo.key(r.service(), r.namespace()));
    if (s == null) {
      return Found.NO_SUCH_NAME;
    }
    String domain = svcDomain(s.name(), s.namespace(), zone);
    List<Entry> out = new ArrayList<>();
    boolean found = false;
    if (s.isExternalName()) {
      // an ExternalName Service has no endpoints nor ports; a CNAME only to a name, not an address
      boolean plain = r.endpoint().isEmpty() && r.port().isEmpty() && r.protocol().isEmpty();
      if (plain && Ips.parse(s.externalName()) == null) {
        out.add(Entry.address(s.externalName(), 0, domain));
        found = true;
      }
    } else if (s.headless() || !r.endpoint().isEmpty()) {
      for (EndpointsInfo slice : view.endpointsOf(s.key())) {
        for (EndpointsInfo.Address a : slice.addresses()) {
          if (!r.endpoint().isEmpty() && !r.endpoint().equalsIgnoreCase(a.label())) {
            continue;
          }
          for (PortInfo p : slice.ports()) {
            if (p.matches(r.port(), r.protocol())) {
              out.add(Entry.address(a.ip(), p.port(), a.label() + "." + domain));
              found = true;
            }
          }
        }
      }
    } else {
      for (PortInfo p : s.ports()) {
        if (p.matches(r.port(), r.protocol())) {
          found = true;
          s.clusterIps().forEach(ip -> out.add(Entry.address(ip, p.port(), domain)));
        }
      }
    }
    return found ? Found.of(out) : Found.NO_SUCH_NAME;
  }

  static String svcDomain(String service, String namespace, String zone) {
    return service + "." + namespace + ".svc." + zone;
  }

  /** The name without the zone and the dot before it; empty for the zone itself. */
  static String base(String name, String zone) {
    return name.length() <= zone.length()
        ? ""
        : name.substring(0, name.length() - zone.length() - 1);
  }
}

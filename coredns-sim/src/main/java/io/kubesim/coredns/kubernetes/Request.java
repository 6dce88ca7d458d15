package io.kubesim.coredns.kubernetes;

/**
 * A name of the cluster zone taken apart as the kubernetes plugin reads it (parseRequest), right to
 * left below the zone: {@code svc} or {@code pod}, the namespace, the Service (or the pod's dashed
 * address), then either an endpoint ({@code web-0.nginx.default.svc...}) or a port and protocol
 * ({@code _http._tcp.web.default.svc...}, the underscores dropped). What a name leaves out is
 * empty. Names with more labels than that are invalid (NXDOMAIN).
 *
 * <pre>
 *   _http._tcp.web.default.svc.cluster.local  port http, protocol tcp, service web, ns default
 *   web-0.nginx.default.svc.cluster.local     endpoint web-0, service nginx, ns default
 *   10-244-1-5.default.pod.cluster.local      service 10-244-1-5, ns default, a pod
 * </pre>
 */
record Request(
    String port,
    String protocol,
    String endpoint,
    String service,
    String namespace,
    String podOrSvc) {
  static final String SVC = "svc";
  static final String POD = "pod";

  private static final Request APEX = new Request("", "", "", "", "", "");

  /** The request of {@code base} (the name with the zone cut off, no dots at its ends), or null. */
  static Request parse(String base) {
    if (base.isEmpty() || base.equals(SVC) || base.equals(POD)) {
      return APEX;
    }
    String[] segs = base.split("\\.", -1);
    int last = segs.length - 1;
    String podOrSvc = segs[last];
    if (!podOrSvc.equals(POD) && !podOrSvc.equals(SVC)) {
      return null;
    }
    String namespace = last >= 1 ? segs[last - 1] : "";
    String service = last >= 2 ? segs[last - 2] : "";
    String endpoint = "";
    String port = "";
    String protocol = "";
    // what is left of the service: one label is an endpoint, two a port and a protocol
    switch (last - 3) {
      case -3, -2, -1 -> {}
      case 0 -> endpoint = segs[0];
      case 1 -> {
        protocol = stripUnderscore(segs[1]);
        port = stripUnderscore(segs[0]);
      }
      default -> {
        return null;
      }
    }
    return new Request(port, protocol, endpoint, service, namespace, podOrSvc);
  }

  boolean empty() {
    return podOrSvc.isEmpty();
  }

  private static String stripUnderscore(String s) {
    return s.startsWith("_") ? s.substring(1) : s;
  }
}

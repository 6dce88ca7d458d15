package io.kubesim.kubelet.shell;

import java.net.InetAddress;
import java.util.Map;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A cluster DNS at 10.96.0.10 for shell tests, answering as CoreDNS does for a few names: web
 * (10.96.0.20, port http 80), its PTR; NXDOMAIN for other names of cluster.local, REFUSED outside.
 * Every other nameserver is silent. Its HTTP side answers at 10.96.0.20:80.
 */
final class FakeDns implements Network {
  static final String SERVER = "10.96.0.10";
  static final String WEB = "web.default.svc.cluster.local.";

  static final Map<String, String> RESOLV =
      Map.of(
          "/etc/resolv.conf",
          "search default.svc.cluster.local svc.cluster.local cluster.local\n"
              + "nameserver 10.96.0.10\noptions ndots:5\n");

  @Override
  public Response get(String method, String host, int port, String path, String userAgent) {
    return host.equals("10.96.0.20") && port == 80
        ? new Response(200, "OK", java.util.List.of(), "hello from web\n", null)
        : Response.failed(Failure.REFUSED);
  }

  @Override
  public Message query(String nameserver, Message query) {
    if (!nameserver.equals(SERVER)) {
      return null;
    }
    try {
      Record q = query.getQuestion();
      String name = q.getName().toString().toLowerCase(java.util.Locale.ROOT);
      Message reply = new Message(query.getHeader().getID());
      reply.getHeader().setFlag(Flags.QR);
      reply.getHeader().setFlag(Flags.RD);
      reply.addRecord(q, Section.QUESTION);
      if (!name.endsWith("cluster.local.") && !name.endsWith("in-addr.arpa.")) {
        reply.getHeader().setRcode(Rcode.REFUSED);
        return reply;
      }
      reply.getHeader().setFlag(Flags.AA);
      Name owner = q.getName();
      if (name.equals(WEB) && q.getType() == Type.A) {
        reply.addRecord(
            new ARecord(owner, DClass.IN, 30, InetAddress.getByName("10.96.0.20")), Section.ANSWER);
      } else if (name.equals("_http._tcp." + WEB) && q.getType() == Type.SRV) {
        reply.addRecord(
            new SRVRecord(owner, DClass.IN, 30, 0, 100, 80, Name.fromString(WEB)), Section.ANSWER);
      } else if (name.equals("20.0.96.10.in-addr.arpa.") && q.getType() == Type.PTR) {
        reply.addRecord(new PTRRecord(owner, DClass.IN, 30, Name.fromString(WEB)), Section.ANSWER);
      } else if (!name.equals(WEB)) {
        reply.getHeader().setRcode(Rcode.NXDOMAIN);
      }
      return reply;
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}

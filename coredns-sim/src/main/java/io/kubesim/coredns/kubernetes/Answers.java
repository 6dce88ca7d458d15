package io.kubesim.coredns.kubernetes;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The kubernetes plugin's handler (ServeDNS) with the record building of CoreDNS's backend_lookup:
 * one question in, the rcode and the three sections out. Pure: the same view and question always
 * give the same reply.
 *
 * <ul>
 *   <li>A/AAAA: the addresses of the name; an ExternalName Service is a CNAME, followed inside the
 *       zone, left as it is outside (no upstream here);
 *   <li>SRV: one record per port (and endpoint, for a headless Service), weights sharing 100, the
 *       targets' addresses in the additional section;
 *   <li>PTR for cluster IPs and ready endpoint addresses; SOA and NS at the zone apex;
 *   <li>no such name: NXDOMAIN (SERVFAIL until the first sync); no such record: NOERROR with no
 *       answer (NODATA); both with the zone's SOA in the authority section.
 * </ul>
 */
public final class Answers {
  /** Past this many CNAMEs in a chain CoreDNS stops following. */
  private static final int MAX_CNAMES = 7;

  private Answers() {}

  /**
   * The reply to {@code qname}/{@code qtype}, or null when the name is in none of the zones (the
   * server refuses it).
   */
  public static Reply answer(ClusterView view, Name qname, int qtype) {
    String name = qname.toString().toLowerCase(Locale.ROOT);
    String zone = Zones.match(name);
    if (zone == null) {
      return null;
    }
    Name owner = name(name);
    List<Record> records = new ArrayList<>();
    List<Record> extra = new ArrayList<>();
    boolean nameError;
    switch (qtype) {
      case Type.A, Type.AAAA -> nameError = addresses(view, name, owner, zone, qtype, records, 0);
      case Type.TXT -> nameError = txt(view, name, owner, zone, records);
      case Type.CNAME -> nameError = cname(view, name, owner, zone, records);
      case Type.PTR -> nameError = ptr(view, name, owner, zone, records);
      case Type.SRV -> nameError = srv(view, name, owner, zone, records, extra);
      case Type.MX -> nameError = Backend.services(view, name, zone, qtype).nameError();
      case Type.SOA -> {
        nameError = false;
        if (name.equals(zone)) {
          records.add(soa(view, zone));
        }
      }
      case Type.AXFR, Type.IXFR -> {
        return Reply.refused(zone);
      }
      default -> {
        if (qtype == Type.NS && name.equals(zone)) {
          nameError = ns(view, owner, zone, records, extra);
        } else {
          // a fake A lookup tells NODATA from NXDOMAIN
          nameError = Backend.services(view, name, zone, Type.A).nameError();
        }
      }
    }
    List<Record> authority = List.of(soa(view, zone));
    if (nameError) {
      int rcode = view.synced() ? Rcode.NXDOMAIN : Rcode.SERVFAIL;
      return new Reply(rcode, List.of(), authority, List.of(), zone, true, true);
    }
    if (records.isEmpty()) {
      return new Reply(Rcode.NOERROR, List.of(), authority, List.of(), zone, true, true);
    }
    return new Reply(
        Rcode.NOERROR, List.copyOf(records), List.of(), List.copyOf(extra), zone, true, true);
  }

  /** The zone's SOA: {@code ns.dns.<zone> hostmaster.<zone>}, TTL and minimum the plugin's TTL. */
  static SOARecord soa(ClusterView view, String zone) {
    long ttl = Math.min(Backend.TTL, 300);
    return new SOARecord(
        name(zone),
        DClass.IN,
        ttl,
        name("ns.dns." + zone),
        name("hostmaster." + zone),
        view.serial() & 0xFFFFFFFFL,
        7200,
        1800,
        86400,
        Backend.TTL);
  }

  /**
   * A and AAAA (plugin.A/AAAA): addresses of the asked family, CNAMEs for names; {@code depth}
   * CNAMEs already lead here. Returns whether the name does not exist.
   */
  private static boolean addresses(
      ClusterView view,
      String name,
      Name owner,
      String zone,
      int qtype,
      List<Record> out,
      int depth) {
    Found found = Backend.services(view, name, zone, qtype);
    if (found.nameError()) {
      return true;
    }
    Set<String> seen = new HashSet<>();
    for (Entry e : found.entries()) {
      InetAddress ip = e.ip();
      if (ip == null) {
        follow(view, name, owner, zone, qtype, e, out, depth);
      } else if (ip instanceof Inet4Address ? qtype == Type.A : qtype == Type.AAAA) {
        if (seen.add(e.host())) {
          out.add(address(owner, e.ttl(), ip));
        }
      }
    }
    return false;
  }

  /** An ExternalName's CNAME: followed when its target is in the zone and answers. */
  private static void follow(
      ClusterView view,
      String name,
      Name owner,
      String zone,
      int qtype,
      Entry e,
      List<Record> out,
      int depth) {
    String target = fqdn(e.host()).toLowerCase(Locale.ROOT);
    if (target.equals(name) || depth > MAX_CNAMES) {
      return;
    }
    CNAMERecord cname = new CNAMERecord(owner, DClass.IN, e.ttl(), name(fqdn(e.host())));
    if (out.stream().anyMatch(r -> r.equals(cname))) {
      return;
    }
    if (!Zones.inZone(target, zone)) {
      // outside the zone CoreDNS asks its upstream; there is none here, so the CNAME stands alone
      out.add(cname);
      return;
    }
    List<Record> next = new ArrayList<>();
    boolean missing = addresses(view, target, name(target), zone, qtype, next, depth + 1);
    if (!missing && !next.isEmpty()) {
      out.add(cname);
      out.addAll(next);
    }
  }

  private static boolean txt(
      ClusterView view, String name, Name owner, String zone, List<Record> out) {
    Found found = Backend.services(view, name, zone, Type.TXT);
    for (Entry e : found.entries()) {
      out.add(new TXTRecord(owner, DClass.IN, e.ttl(), e.text()));
    }
    return found.nameError();
  }

  private static boolean cname(
      ClusterView view, String name, Name owner, String zone, List<Record> out) {
    Found found = Backend.services(view, name, zone, Type.CNAME);
    if (!found.entries().isEmpty() && found.entries().get(0).ip() == null) {
      Entry e = found.entries().get(0);
      out.add(new CNAMERecord(owner, DClass.IN, e.ttl(), name(fqdn(e.host()))));
    }
    return found.nameError();
  }

  private static boolean ptr(
      ClusterView view, String name, Name owner, String zone, List<Record> out) {
    Found found = Backend.reverse(view, name, zone, Zones.CLUSTER);
    Set<String> seen = new HashSet<>();
    for (Entry e : found.entries()) {
      if (e.ip() == null && seen.add(e.host())) {
        out.add(new PTRRecord(owner, DClass.IN, e.ttl(), name(fqdn(e.host()))));
      }
    }
    return found.nameError();
  }

  /**
   * SRV (plugin.SRV): the weight of each record is its share of 100 among the records of its
   * priority (all 0 here): three endpoints get 33 each, never less than 1.
   */
  private static boolean srv(
      ClusterView view,
      String name,
      Name owner,
      String zone,
      List<Record> out,
      List<Record> extra) {
    Found found = Backend.services(view, name, zone, Type.SRV);
    if (found.nameError()) {
      return true;
    }
    double total = 100.0 * found.entries().size();
    Set<String> records = new HashSet<>();
    Set<String> addresses = new HashSet<>();
    for (Entry e : found.entries()) {
      if (e.port() == -1) {
        continue;
      }
      int weight = (int) Math.max(1, Math.floor(100.0 / total * 100));
      Name target = name(e.domain());
      if (records.add(e.domain() + " " + e.port())) {
        out.add(new SRVRecord(owner, DClass.IN, e.ttl(), 0, weight, e.port(), target));
      }
      if (addresses.add(e.domain() + " " + e.host())) {
        extra.add(address(target, e.ttl(), e.ip()));
      }
    }
    return false;
  }

  /** NS at the apex: this server by its Service's name, its address in the additional section. */
  private static boolean ns(
      ClusterView view, Name owner, String zone, List<Record> out, List<Record> extra) {
    Set<String> seen = new HashSet<>();
    for (Entry e : Backend.nsAddrs(view, zone)) {
      Name target = name(e.domain());
      extra.add(address(target, e.ttl(), e.ip()));
      if (seen.add(e.domain())) {
        out.add(new NSRecord(owner, DClass.IN, e.ttl(), target));
      }
    }
    return false;
  }

  private static Record address(Name owner, long ttl, InetAddress ip) {
    return ip instanceof Inet4Address
        ? new ARecord(owner, DClass.IN, ttl, ip)
        : new AAAARecord(owner, DClass.IN, ttl, ip);
  }

  private static String fqdn(String host) {
    return host.endsWith(".") ? host : host + ".";
  }

  static Name name(String text) {
    try {
      return Name.fromString(fqdn(text));
    } catch (TextParseException e) {
      throw new IllegalArgumentException("not a domain name: " + text, e);
    }
  }
}

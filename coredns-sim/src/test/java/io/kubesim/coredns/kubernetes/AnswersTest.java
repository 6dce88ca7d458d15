package io.kubesim.coredns.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * What CoreDNS's kubernetes plugin answers, question by question, over {@link Cluster#view()}: the
 * rcode and the three sections, each record as {@code name ttl type data}.
 */
class AnswersTest {
  static final String SOA =
      "cluster.local. 30 SOA ns.dns.cluster.local. hostmaster.cluster.local. "
          + Cluster.SERIAL
          + " 7200 1800 86400 30";
  static final String SOA_V4 =
      "in-addr.arpa. 30 SOA ns.dns.in-addr.arpa. hostmaster.in-addr.arpa. "
          + Cluster.SERIAL
          + " 7200 1800 86400 30";

  record Case(
      String name,
      String qname,
      int qtype,
      int rcode,
      List<String> answer,
      List<String> authority,
      List<String> additional) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case answers(String name, String qname, int qtype, String... answer) {
    return new Case(name, qname, qtype, Rcode.NOERROR, List.of(answer), List.of(), List.of());
  }

  static Case noData(String name, String qname, int qtype) {
    return new Case(name, qname, qtype, Rcode.NOERROR, List.of(), List.of(SOA), List.of());
  }

  static Case nxdomain(String name, String qname, int qtype) {
    return new Case(name, qname, qtype, Rcode.NXDOMAIN, List.of(), List.of(SOA), List.of());
  }

  static Stream<Case> cases() {
    return Stream.of(
        answers(
            "a Service's A record is its cluster IP, with a TTL of 30 s",
            "web.default.svc.cluster.local.",
            Type.A,
            "web.default.svc.cluster.local. 30 A 10.96.0.20"),
        answers(
            "names are matched without case",
            "WEB.Default.SVC.cluster.LOCAL.",
            Type.A,
            "web.default.svc.cluster.local. 30 A 10.96.0.20"),
        noData("an IPv4 Service has no AAAA record", "web.default.svc.cluster.local.", Type.AAAA),
        nxdomain("a Service that does not exist", "nosuch.default.svc.cluster.local.", Type.A),
        nxdomain("a Service in another namespace", "web.kube-system.svc.cluster.local.", Type.A),
        answers(
            "a headless Service's A records are its ready endpoints",
            "nginx.default.svc.cluster.local.",
            Type.A,
            "nginx.default.svc.cluster.local. 30 A 10.244.1.5",
            "nginx.default.svc.cluster.local. 30 A 10.244.2.6"),
        answers(
            "a StatefulSet pod's name: its endpoint's hostname under the Service",
            "web-0.nginx.default.svc.cluster.local.",
            Type.A,
            "web-0.nginx.default.svc.cluster.local. 30 A 10.244.1.5"),
        answers(
            "an endpoint without a hostname goes by its dashed address, even of a ClusterIP"
                + " Service",
            "10-244-1-7.web.default.svc.cluster.local.",
            Type.A,
            "10-244-1-7.web.default.svc.cluster.local. 30 A 10.244.1.7"),
        nxdomain(
            "an endpoint name that matches no endpoint",
            "web-9.nginx.default.svc.cluster.local.",
            Type.A),
        answers(
            "a pod's A record is the address its name spells (pods insecure)",
            "10-244-1-5.default.pod.cluster.local.",
            Type.A,
            "10-244-1-5.default.pod.cluster.local. 30 A 10.244.1.5"),
        answers(
            "any address: insecure mode checks no pod",
            "1-2-3-4.kube-system.pod.cluster.local.",
            Type.A,
            "1-2-3-4.kube-system.pod.cluster.local. 30 A 1.2.3.4"),
        nxdomain(
            "a pod name in a namespace that does not exist",
            "1-2-3-4.nowhere.pod.cluster.local.",
            Type.A),
        nxdomain("a pod name that is not an address", "web-0.default.pod.cluster.local.", Type.A),
        answers(
            "SRV for a named port: the Service's name as the target, its address added",
            "_http._tcp.web.default.svc.cluster.local.",
            Type.SRV,
            "_http._tcp.web.default.svc.cluster.local. 30 SRV 0 100 80"
                + " web.default.svc.cluster.local."),
        answers(
            "SRV without a port: every port, their weights sharing 100",
            "web.default.svc.cluster.local.",
            Type.SRV,
            "web.default.svc.cluster.local. 30 SRV 0 50 80 web.default.svc.cluster.local.",
            "web.default.svc.cluster.local. 30 SRV 0 50 443 web.default.svc.cluster.local."),
        answers(
            "SRV of a headless Service: one record per endpoint, by its hostname",
            "_web._tcp.nginx.default.svc.cluster.local.",
            Type.SRV,
            "_web._tcp.nginx.default.svc.cluster.local. 30 SRV 0 50 80"
                + " web-0.nginx.default.svc.cluster.local.",
            "_web._tcp.nginx.default.svc.cluster.local. 30 SRV 0 50 80"
                + " web-1.nginx.default.svc.cluster.local."),
        nxdomain(
            "SRV for a port the Service does not have",
            "_grpc._tcp.web.default.svc.cluster.local.",
            Type.SRV),
        nxdomain(
            "SRV with the wrong protocol", "_http._udp.web.default.svc.cluster.local.", Type.SRV),
        noData(
            "SRV of endpoints without ports: nothing to name",
            "raw.default.svc.cluster.local.",
            Type.SRV),
        answers(
            "an ExternalName Service is a CNAME; outside the zone it is not followed",
            "db.default.svc.cluster.local.",
            Type.A,
            "db.default.svc.cluster.local. 30 CNAME my.database.example.com."),
        answers(
            "a CNAME into the zone is followed",
            "alias.default.svc.cluster.local.",
            Type.A,
            "alias.default.svc.cluster.local. 30 CNAME web.default.svc.cluster.local.",
            "web.default.svc.cluster.local. 30 A 10.96.0.20"),
        answers(
            "asked for the CNAME itself",
            "db.default.svc.cluster.local.",
            Type.CNAME,
            "db.default.svc.cluster.local. 30 CNAME my.database.example.com."),
        nxdomain(
            "an ExternalName Service has no named ports",
            "_http._tcp.db.default.svc.cluster.local.",
            Type.SRV),
        noData(
            "an ExternalName Service has no SRV records",
            "db.default.svc.cluster.local.",
            Type.SRV),
        answers(
            "PTR of a cluster IP: the Service",
            "20.0.96.10.in-addr.arpa.",
            Type.PTR,
            "20.0.96.10.in-addr.arpa. 30 PTR web.default.svc.cluster.local."),
        answers(
            "PTR of a pod address: its endpoint's name",
            "5.1.244.10.in-addr.arpa.",
            Type.PTR,
            "5.1.244.10.in-addr.arpa. 30 PTR web-0.nginx.default.svc.cluster.local."),
        answers(
            "PTR of an endpoint without a hostname: the dashed address",
            "7.1.244.10.in-addr.arpa.",
            Type.PTR,
            "7.1.244.10.in-addr.arpa. 30 PTR 10-244-1-7.web.default.svc.cluster.local."),
        new Case(
            "PTR of an address the cluster does not know, with the reverse zone's SOA",
            "8.8.8.8.in-addr.arpa.",
            Type.PTR,
            Rcode.NXDOMAIN,
            List.of(),
            List.of(SOA_V4),
            List.of()),
        answers("the zone's SOA", "cluster.local.", Type.SOA, SOA),
        noData("SOA below the apex is no data", "web.default.svc.cluster.local.", Type.SOA),
        answers(
            "NS: this server by its Service's name",
            "cluster.local.",
            Type.NS,
            "cluster.local. 30 NS kube-dns.kube-system.svc.cluster.local."),
        answers(
            "ns.dns: the Service this server is the endpoint of",
            "ns.dns.cluster.local.",
            Type.A,
            "ns.dns.cluster.local. 30 A 10.96.0.10"),
        answers(
            "the schema version",
            "dns-version.cluster.local.",
            Type.TXT,
            "dns-version.cluster.local. 28800 TXT \"1.1.0\""),
        noData("the zone apex has no address", "cluster.local.", Type.A),
        noData("a namespace is a name without records", "default.svc.cluster.local.", Type.A),
        nxdomain(
            "a namespace that does not exist: a short name under svc.cluster.local in a search list",
            "web.svc.cluster.local.",
            Type.A),
        nxdomain(
            "a Service in a namespace that does not exist",
            "web.nowhere.svc.cluster.local.",
            Type.A),
        nxdomain("a name neither svc nor pod", "web.default.cluster.local.", Type.A),
        nxdomain("a name with too many labels", "a.b.web.default.svc.cluster.local.", Type.A),
        noData("MX of a Service: no data", "web.default.svc.cluster.local.", Type.MX),
        nxdomain(
            "a type the plugin does not serve still tells a missing name",
            "nosuch.default.svc.cluster.local.",
            Type.HINFO));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void answersAsCoreDns(Case c) throws Exception {
    Reply reply = Answers.answer(Cluster.view(), Name.fromString(c.qname()), c.qtype());

    assertThat(Rcode.string(reply.rcode())).isEqualTo(Rcode.string(c.rcode()));
    assertThat(text(reply.answer())).isEqualTo(c.answer());
    assertThat(text(reply.authority())).isEqualTo(c.authority());
    assertThat(reply.authoritative()).isTrue();
  }

  @Test
  void srvTargetsComeWithTheirAddresses() throws Exception {
    Reply reply =
        Answers.answer(
            Cluster.view(),
            Name.fromString("_web._tcp.nginx.default.svc.cluster.local."),
            Type.SRV);

    assertThat(text(reply.additional()))
        .containsExactly(
            "web-0.nginx.default.svc.cluster.local. 30 A 10.244.1.5",
            "web-1.nginx.default.svc.cluster.local. 30 A 10.244.2.6");
  }

  @Test
  void theNameServersAddressComesWithTheNsRecord() throws Exception {
    Reply reply = Answers.answer(Cluster.view(), Name.fromString("cluster.local."), Type.NS);

    assertThat(text(reply.additional()))
        .containsExactly("kube-dns.kube-system.svc.cluster.local. 30 A 10.96.0.10");
  }

  @Test
  void aNameOfNoZoneIsNotAnswered() throws Exception {
    assertThat(Answers.answer(Cluster.view(), Name.fromString("example.com."), Type.A)).isNull();
    assertThat(Answers.answer(Cluster.view(), Name.fromString("local."), Type.A)).isNull();
  }

  @Test
  void aZoneTransferIsRefusedByTheServer() throws Exception {
    Reply reply = Answers.answer(Cluster.view(), Name.fromString("cluster.local."), Type.AXFR);

    assertThat(reply.rcode()).isEqualTo(Rcode.REFUSED);
    assertThat(reply.byPlugin()).isFalse();
    assertThat(reply.authority()).isEmpty();
  }

  @Test
  void beforeTheFirstSyncAMissingNameIsAServerFailure() throws Exception {
    Reply reply =
        Answers.answer(
            ClusterView.empty(List.of("10.244.0.3")),
            Name.fromString("web.default.svc.cluster.local."),
            Type.A);

    assertThat(reply.rcode()).isEqualTo(Rcode.SERVFAIL);
  }

  static List<String> text(List<Record> records) {
    return records.stream()
        .map(
            r ->
                r.getName()
                    + " "
                    + r.getTTL()
                    + " "
                    + Type.string(r.getType())
                    + " "
                    + r.rdataToString())
        .toList();
  }
}

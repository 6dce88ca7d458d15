package io.kubesim.kubelet.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.kubelet.image.ImageFiles;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * busybox 1.36's nslookup and the resolver of wget and curl against a cluster DNS ({@link
 * FakeDns}), with a pod's resolv.conf: what a learner sees in {@code kubectl exec}.
 */
class NslookupTest {
  static final String HEADER = "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n";

  record Case(String name, String image, String script, String out, String err, int code) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "a short name is asked under every search domain, A then AAAA; any error fails",
            "busybox:1.36",
            "nslookup web",
            HEADER
                + "Name:\tweb.default.svc.cluster.local\nAddress: 10.96.0.20\n\n"
                + "** server can't find web.svc.cluster.local: NXDOMAIN\n\n"
                + "** server can't find web.cluster.local: NXDOMAIN\n\n"
                + "\n"
                + "** server can't find web.svc.cluster.local: NXDOMAIN\n\n"
                + "** server can't find web.cluster.local: NXDOMAIN\n\n",
            "",
            1),
        new Case(
            "a full name is asked as it is: its A, and an empty AAAA answer",
            "busybox:1.36",
            "nslookup web.default.svc.cluster.local",
            HEADER + "Name:\tweb.default.svc.cluster.local\nAddress: 10.96.0.20\n\n\n",
            "",
            0),
        new Case(
            "a name with a dot is not searched: web.default is not a cluster name",
            "busybox:1.36",
            "nslookup web.default",
            HEADER
                + "** server can't find web.default: REFUSED\n\n"
                + "** server can't find web.default: REFUSED\n\n",
            "",
            1),
        new Case(
            "an address is looked up by its reverse name",
            "busybox:1.36",
            "nslookup 10.96.0.20",
            HEADER + "20.0.96.10.in-addr.arpa\tname = web.default.svc.cluster.local\n\n",
            "",
            0),
        new Case(
            "-type=srv asks for SRV records",
            "busybox:1.36",
            "nslookup -type=srv _http._tcp.web.default.svc.cluster.local",
            HEADER
                + "_http._tcp.web.default.svc.cluster.local\tservice = 0 100 80"
                + " web.default.svc.cluster.local\n\n",
            "",
            0),
        new Case(
            "a server that does not answer",
            "busybox:1.36",
            "nslookup web 172.18.0.1",
            ";; connection timed out; no servers could be reached\n\n",
            "",
            1),
        new Case(
            "wget finds a Service by its short name through the search list",
            "busybox:1.36",
            "wget -O- http://web/",
            "hello from web\n",
            "Connecting to web (10.96.0.20:80)\nwriting to stdout\n"
                + "-                    100% |********************************|    15  0:00:00 ETA\n"
                + "written to stdout\n",
            0),
        new Case(
            "a name the cluster DNS does not know is a bad address",
            "busybox:1.36",
            "wget -qO- http://nosuch/",
            "",
            "wget: bad address 'nosuch'\n",
            1),
        new Case(
            "curl resolves a Service's name as well",
            "nginx:1.27",
            "curl -s http://web.default",
            "hello from web\n",
            "",
            0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void answersThroughTheClusterDns(Case c) {
    Overlay files = new Overlay(ImageFiles.layer(c.image()));
    FakeDns.RESOLV.forEach((path, text) -> files.write(path, text, Instant.EPOCH));
    Sessions.Screen screen = new Sessions.Screen(List.of(), false);
    int code =
        Shell.exec(
            List.of("sh", "-c", c.script()),
            Sessions.machine(c.image()),
            files,
            new Sessions.FakeWorld(new FakeDns()),
            13,
            screen);

    assertThat(new Sessions.Outcome(screen.out.toString(), screen.err.toString(), code))
        .isEqualTo(new Sessions.Outcome(c.out(), c.err(), c.code()));
  }

  record Search(String name, String host, String resolv, List<String> asked) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Search> searches() {
    String pod = FakeDns.RESOLV.get("/etc/resolv.conf");
    return Stream.of(
        new Search(
            "with ndots:5 a short name tries the search domains first, then itself",
            "web",
            pod,
            List.of(
                "web.default.svc.cluster.local.",
                "web.svc.cluster.local.",
                "web.cluster.local.",
                "web.")),
        new Search(
            "a name of four dots is still searched first",
            "a.b.c.d.e",
            pod,
            List.of(
                "a.b.c.d.e.default.svc.cluster.local.",
                "a.b.c.d.e.svc.cluster.local.",
                "a.b.c.d.e.cluster.local.",
                "a.b.c.d.e.")),
        new Search(
            "with ndots:1 a dotted name is tried as it is first",
            "web.default",
            "search default.svc.cluster.local\nnameserver 10.96.0.10\n",
            List.of("web.default.", "web.default.default.svc.cluster.local.")),
        new Search(
            "a final dot means the name is complete",
            "web.default.svc.cluster.local.",
            pod,
            List.of("web.default.svc.cluster.local.")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("searches")
  void theResolverSearchesAsTheCLibraryDoes(Search s) {
    assertThat(HostResolver.candidates(s.host(), ResolvConf.parse(s.resolv())))
        .isEqualTo(s.asked());
  }
}

package io.kubesim.kubelet.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PodFilesTest {

  static PodBuilder pod() {
    return new PodBuilder()
        .withNewMetadata()
        .withName("web")
        .withNamespace("shop")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage("busybox")
        .endContainer()
        .endSpec();
  }

  record Case(String name, Pod pod, String file, String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final String LOCALHOST =
      "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost"
          + " ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\n"
          + "fe00::2\tip6-allrouters\n";

  static Stream<Case> cases() {
    return Stream.of(
        new Case("/etc/hostname is the pod's name", pod().build(), "/etc/hostname", "web\n"),
        new Case(
            "the kubelet's /etc/hosts ends with the pod's address and name",
            pod().build(),
            "/etc/hosts",
            LOCALHOST + "10.244.1.5\tweb\n"),
        new Case(
            "a pod with a subdomain is also known by its DNS name",
            pod().editSpec().withHostname("db-0").withSubdomain("db").endSpec().build(),
            "/etc/hosts",
            LOCALHOST + "10.244.1.5\tdb-0.db.shop.svc.cluster.local\tdb-0\n"),
        new Case(
            "hostAliases are added after",
            pod()
                .editSpec()
                .addNewHostAlias()
                .withIp("10.1.2.3")
                .withHostnames("foo.local", "bar.local")
                .endHostAlias()
                .endSpec()
                .build(),
            "/etc/hosts",
            LOCALHOST
                + "10.244.1.5\tweb\n\n# Entries added by HostAliases.\n10.1.2.3\tfoo.local\tbar.local\n"),
        new Case(
            "ClusterFirst: the cluster DNS, the namespace's search path, ndots:5",
            pod().build(),
            "/etc/resolv.conf",
            "search shop.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\n"
                + "options ndots:5\n"),
        new Case(
            "dnsPolicy None takes the pod's dnsConfig alone",
            pod()
                .editSpec()
                .withDnsPolicy("None")
                .withNewDnsConfig()
                .withNameservers("1.1.1.1")
                .withSearches("example.com")
                .addNewOption()
                .withName("ndots")
                .withValue("2")
                .endOption()
                .endDnsConfig()
                .endSpec()
                .build(),
            "/etc/resolv.conf",
            "search example.com\nnameserver 1.1.1.1\noptions ndots:2\n"),
        new Case(
            "/proc/1/cmdline separates the arguments with NULs",
            pod().build(),
            "/proc/1/cmdline",
            "sleep\0003600\000"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void files(Case c) {
    assertThat(
            PodFiles.of(
                    c.pod(),
                    "10.244.1.5",
                    List.of("sleep", "3600"),
                    Duration.ofSeconds(5),
                    8L << 30)
                .get(c.file()))
        .isEqualTo(c.expected());
  }
}

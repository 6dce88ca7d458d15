package io.kubesim.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesim.core.api.ApiException;
import io.kubesim.core.json.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class ServiceAllocationTest {
  private final ServiceRanges ranges = new ServiceRanges();

  private static ObjectNode service(String name, String spec) {
    return (ObjectNode)
        Json.parse(
            ("{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":" + spec + "}")
                .getBytes(StandardCharsets.UTF_8));
  }

  /** Allocates as a create does and commits it, as the store would. */
  private ObjectNode create(String name, String spec) {
    ObjectNode service = service(name, spec);
    ServiceAllocation.allocate(ranges, service);
    ranges.committed(null, service);
    return service;
  }

  private ObjectNode update(ObjectNode current, String spec) {
    ObjectNode desired = service(current.path("metadata").path("name").asString(), spec);
    ServiceAllocation.update(ranges, current, desired);
    assertThat(ranges.admits(current, desired)).isTrue();
    ranges.committed(current, desired);
    return desired;
  }

  private static String message(Runnable action) {
    try {
      action.run();
    } catch (ApiException e) {
      return e.status().path("message").asString();
    }
    throw new AssertionError("no error");
  }

  @Test
  void aClusterIpServiceGetsAFreeAddressOfTheServiceCidrAndItsFamily() {
    ObjectNode s = create("s", "{\"ports\":[{\"port\":80}]}");
    long ip = ServiceRanges.ipToLong(s.at("/spec/clusterIP").asString());
    assertThat(ip).isBetween(ServiceRanges.CIDR_BASE + 2, ServiceRanges.CIDR_BASE + (1 << 20) - 2);
    assertThat(s.at("/spec/clusterIPs/0").asString()).isEqualTo(s.at("/spec/clusterIP").asString());
    assertThat(s.at("/spec/ipFamilies/0").asString()).isEqualTo("IPv4");
    assertThat(s.at("/spec/ipFamilyPolicy").asString()).isEqualTo("SingleStack");
    assertThat(s.at("/spec/ports/0/nodePort").isMissingNode()).isTrue();
  }

  @Test
  void aHeadlessServiceHoldsNoAddress() {
    ObjectNode s = create("h", "{\"clusterIP\":\"None\"}");
    assertThat(s.at("/spec/clusterIPs/0").asString()).isEqualTo("None");
    assertThat(ServiceRanges.ipsOf(s)).isEmpty();
  }

  @Test
  void anAddressOrPortTakenByAnotherServiceIsRefusedWithTheRealMessage() {
    create(
        "a",
        "{\"clusterIP\":\"10.96.0.20\",\"type\":\"NodePort\",\"ports\":[{\"port\":80,\"nodePort\":30080}]}");
    assertThat(message(() -> create("b", "{\"clusterIP\":\"10.96.0.20\"}")))
        .isEqualTo(
            "Service \"b\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.96.0.20\"}:"
                + " failed to allocate IP 10.96.0.20: provided IP is already allocated");
    assertThat(
            message(
                () ->
                    create(
                        "c",
                        "{\"type\":\"NodePort\",\"ports\":[{\"port\":80,\"nodePort\":30080}]}")))
        .isEqualTo(
            "Service \"c\" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port"
                + " is already allocated");
    assertThat(message(() -> create("d", "{\"clusterIP\":\"10.0.0.1\"}")))
        .contains("the provided IP (10.0.0.1) is not in the valid range");
  }

  @Test
  void twoPortsOfOneServiceCannotShareANodePort() {
    assertThatThrownBy(
            () ->
                create(
                    "s",
                    "{\"type\":\"NodePort\",\"ports\":[{\"name\":\"a\",\"port\":80,\"nodePort\":30100},"
                        + "{\"name\":\"b\",\"port\":81,\"nodePort\":30100}]}"))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("spec.ports[1].nodePort");
  }

  @Test
  void deletingAServiceReleasesWhatItHeld() {
    ObjectNode a =
        create(
            "a",
            "{\"clusterIP\":\"10.96.0.30\",\"type\":\"NodePort\",\"ports\":[{\"port\":80,\"nodePort\":30090}]}");
    ranges.committed(a, null);
    ObjectNode b =
        create(
            "b",
            "{\"clusterIP\":\"10.96.0.30\",\"type\":\"NodePort\",\"ports\":[{\"port\":80,\"nodePort\":30090}]}");
    assertThat(b.at("/spec/ports/0/nodePort").asInt()).isEqualTo(30090);
  }

  @Test
  void anUpdateThatLeavesOutTheAllocatedValuesKeepsThemByPortName() {
    ObjectNode s =
        create(
            "s",
            "{\"type\":\"NodePort\",\"ports\":[{\"name\":\"http\",\"port\":80},{\"name\":\"https\",\"port\":443}]}");
    int http = s.at("/spec/ports/0/nodePort").asInt();
    int https = s.at("/spec/ports/1/nodePort").asInt();
    ObjectNode next =
        update(
            s,
            "{\"type\":\"NodePort\",\"ports\":[{\"name\":\"https\",\"port\":8443},{\"name\":\"http\",\"port\":8080}]}");
    assertThat(next.at("/spec/clusterIP").asString()).isEqualTo(s.at("/spec/clusterIP").asString());
    assertThat(next.at("/spec/ports/0/nodePort").asInt()).isEqualTo(https);
    assertThat(next.at("/spec/ports/1/nodePort").asInt()).isEqualTo(http);
  }

  @Test
  void switchingToClusterIpDropsTheNodePortsAndReleasesThem() {
    ObjectNode s =
        create("s", "{\"type\":\"NodePort\",\"ports\":[{\"port\":80,\"nodePort\":30070}]}");
    String withPorts = ((ObjectNode) s.path("spec").deepCopy()).put("type", "ClusterIP").toString();
    ObjectNode next = update(s, withPorts);
    assertThat(next.at("/spec/ports/0/nodePort").isMissingNode()).isTrue();
    assertThat(ranges.portTaken(30070)).isFalse();
  }

  @Test
  void switchingFromExternalNameAllocatesAClusterIpAndBackReleasesIt() {
    ObjectNode s = create("s", "{\"type\":\"ExternalName\",\"externalName\":\"example.com\"}");
    assertThat(s.at("/spec/clusterIP").isMissingNode()).isTrue();
    ObjectNode next = update(s, "{\"type\":\"ClusterIP\",\"ports\":[{\"port\":80}]}");
    String ip = next.at("/spec/clusterIP").asString();
    assertThat(ranges.ipTaken(ServiceRanges.ipToLong(ip))).isTrue();
    String back =
        ((ObjectNode) next.path("spec").deepCopy()).put("type", "ExternalName").toString();
    ObjectNode external = update(next, back);
    assertThat(external.at("/spec/clusterIP").isMissingNode()).isTrue();
    assertThat(ranges.ipTaken(ServiceRanges.ipToLong(ip))).isFalse();
  }

  @Test
  void aLocalLoadBalancerGetsAHealthCheckNodePortAndNoNodePortsWhenItAsksForNone() {
    ObjectNode local =
        create(
            "lb",
            "{\"type\":\"LoadBalancer\",\"externalTrafficPolicy\":\"Local\",\"ports\":[{\"port\":80}]}");
    int health = local.at("/spec/healthCheckNodePort").asInt();
    assertThat(health)
        .isBetween(30000, 32767)
        .isNotEqualTo(local.at("/spec/ports/0/nodePort").asInt());
    ObjectNode none =
        create(
            "none",
            "{\"type\":\"LoadBalancer\",\"allocateLoadBalancerNodePorts\":false,\"ports\":[{\"port\":80}]}");
    assertThat(none.at("/spec/ports/0/nodePort").isMissingNode()).isTrue();
  }

  @Test
  void anUpdateDecidedBeforeAnotherServiceTookItsPortIsNotAdmitted() {
    ObjectNode s = create("s", "{\"ports\":[{\"port\":80}]}");
    ObjectNode desired = service("s", "{\"type\":\"NodePort\",\"ports\":[{\"port\":80}]}");
    ServiceAllocation.update(ranges, s, desired);
    int port = desired.at("/spec/ports/0/nodePort").asInt();
    create("other", "{\"type\":\"NodePort\",\"ports\":[{\"port\":80,\"nodePort\":" + port + "}]}");
    assertThat(ranges.admits(s, desired)).isFalse();
  }
}

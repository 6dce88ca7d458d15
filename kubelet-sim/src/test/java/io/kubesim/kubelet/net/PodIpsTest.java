package io.kubesim.kubelet.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PodIpsTest {
  static final String CIDR = "10.244.3.0/24";

  @Test
  void theFirstPodGetsDotTwoBehindTheGateway() {
    assertThat(PodIps.gateway(CIDR)).isEqualTo("10.244.3.1");
    assertThat(PodIps.allocate(CIDR, Set.of())).contains("10.244.3.2");
  }

  @Test
  void theLowestFreeAddressIsHandedOutAgain() {
    assertThat(PodIps.allocate(CIDR, Set.of("10.244.3.2", "10.244.3.4"))).contains("10.244.3.3");
  }

  @Test
  void aFullBlockHasNoAddressLeft() {
    Set<String> used = new HashSet<>();
    for (int i = 2; i <= 254; i++) {
      used.add("10.244.3." + i);
    }
    assertThat(PodIps.allocate(CIDR, used)).isEmpty();
  }

  @Test
  void onlyPodAddressesOfTheBlockBelongToIt() {
    assertThat(PodIps.contains(CIDR, "10.244.3.17")).isTrue();
    assertThat(PodIps.contains(CIDR, "10.244.3.1")).isFalse();
    assertThat(PodIps.contains(CIDR, "10.244.4.17")).isFalse();
    assertThat(PodIps.contains(CIDR, "10.244.31.7")).isFalse();
    assertThat(PodIps.contains(CIDR, null)).isFalse();
  }
}

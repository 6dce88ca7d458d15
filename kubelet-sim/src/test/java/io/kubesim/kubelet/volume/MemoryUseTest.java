package io.kubesim.kubelet.volume;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A memory-backed emptyDir's bytes count in the memory of the first container that mounts it. */
class MemoryUseTest {
  private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");

  @Test
  void tmpfsBytesAreChargedToTheFirstMounterOnly() {
    Pod pod =
        new PodBuilder()
            .withNewSpec()
            .withContainers(mountingCache("writer"), mountingCache("reader"))
            .addNewContainer()
            .withName("other")
            .endContainer()
            .endSpec()
            .build();
    MemoryFiles tmpfs = new MemoryFiles(1 << 20, T);
    tmpfs.writeBytes("/big", "x".repeat(4096).getBytes(StandardCharsets.UTF_8), T);
    PodVolumes volumes =
        new PodVolumes(
            Map.of("cache", new PodVolumes.Volume("cache", tmpfs, "/", false, false, tmpfs)), null);

    assertThat(volumes.memoryUse(pod, "writer")).isEqualTo(4096);
    assertThat(volumes.memoryUse(pod, "reader")).isZero();
    assertThat(volumes.memoryUse(pod, "other")).isZero();
  }

  private static io.fabric8.kubernetes.api.model.Container mountingCache(String name) {
    return new io.fabric8.kubernetes.api.model.ContainerBuilder()
        .withName(name)
        .addNewVolumeMount()
        .withName("cache")
        .withMountPath("/cache")
        .endVolumeMount()
        .build();
  }
}

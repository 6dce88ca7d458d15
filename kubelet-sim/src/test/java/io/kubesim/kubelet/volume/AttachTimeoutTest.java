package io.kubesim.kubelet.volume;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AttachTimeoutTest {
  @Test
  void theFailedMountTextListsTheUnattachedVolumesSortedAsUnmountedToo() {
    assertThat(VolumeSetup.attachTimedOut(List.of("logs", "data")))
        .isEqualTo(
            "Unable to attach or mount volumes: unmounted volumes=[data logs], unattached"
                + " volumes=[data logs], failed to process volumes=[]: context deadline exceeded");
  }
}

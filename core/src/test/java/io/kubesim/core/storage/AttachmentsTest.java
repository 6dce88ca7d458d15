package io.kubesim.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.core.json.Json;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class AttachmentsTest {
  record Case(String name, String spec, boolean exclusive, String uniqueName) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Case> cases() {
    return List.of(
        new Case(
            "a ReadWriteOnce hostPath volume is an attachable disk",
            "{accessModes: [ReadWriteOnce], capacity: {storage: 1Mi}, hostPath: {path: /mnt/a}}",
            true,
            "kubernetes.io/host-path/pv-1"),
        new Case(
            "a volume that many nodes may mount is never attached",
            "{accessModes: [ReadWriteOnce, ReadOnlyMany], nfs: {server: s, path: /}}",
            false,
            "kubernetes.io/nfs/pv-1"),
        new Case(
            "a ReadWriteMany volume is never attached",
            "{accessModes: [ReadWriteMany], hostPath: {path: /mnt/a}}",
            false,
            "kubernetes.io/host-path/pv-1"),
        new Case(
            "a volume with node affinity is local and never attached",
            "{accessModes: [ReadWriteOnce], local: {path: /mnt/a}, nodeAffinity: {required: {}}}",
            false,
            "kubernetes.io/local-volume/pv-1"),
        new Case(
            "a CSI volume is named after the csi plugin",
            "{accessModes: [ReadWriteOnce], csi: {driver: d, volumeHandle: h}}",
            true,
            "kubernetes.io/csi/pv-1"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void decidesWhetherAndUnderWhichNameAVolumeIsAttached(Case c) {
    JsonNode pv = Json.YAML.readTree("{metadata: {name: pv-1}, spec: " + c.spec() + "}");
    assertThat(Attachments.exclusive(pv)).isEqualTo(c.exclusive());
    assertThat(Attachments.uniqueName(pv)).isEqualTo(c.uniqueName());
    assertThat(Attachments.volumeOf(Attachments.uniqueName(pv))).isEqualTo("pv-1");
  }
}

package io.kubesim.controllermanager.pvcprotection;

import static io.kubesim.controllermanager.persistentvolume.Volumes.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubesim.controllermanager.persistentvolume.Finalizers.Action;
import io.kubesim.controllermanager.pvprotection.PvProtectionController;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The pvc-protection and pv-protection decisions. */
class PvcProtectionTest {
  record Case(
      String name, boolean deleting, boolean hasFinalizer, List<Pod> pods, Action expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("A live claim without the finalizer gets it", false, false, List.of(), Action.ADD),
        new Case("A live claim with the finalizer keeps it", false, true, List.of(), Action.NONE),
        new Case(
            "A deleted claim a running pod uses keeps the finalizer",
            true,
            true,
            List.of(pod("web", "kubesim-worker", "data")),
            Action.NONE),
        new Case(
            "A deleted claim only an unscheduled pod names loses the finalizer",
            true,
            true,
            List.of(pod("web", null, "data")),
            Action.REMOVE),
        new Case(
            "A deleted claim used by pods of other claims only loses the finalizer",
            true,
            true,
            List.of(pod("web", "kubesim-worker", "other")),
            Action.REMOVE),
        new Case(
            "A deleted claim without the finalizer needs nothing",
            true,
            false,
            List.of(),
            Action.NONE));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void claims(Case c) {
    boolean inUse = PvcProtectionController.inUse("data", c.pods());
    assertThat(PvcProtectionController.plan(c.deleting(), c.hasFinalizer(), inUse))
        .isEqualTo(c.expected());
  }

  record VolumeCase(
      String name, boolean deleting, boolean hasFinalizer, String phase, Action expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<VolumeCase> volumeCases() {
    return Stream.of(
        new VolumeCase(
            "A live volume without the finalizer gets it", false, false, "Available", Action.ADD),
        new VolumeCase(
            "A deleted Bound volume keeps the finalizer", true, true, "Bound", Action.NONE),
        new VolumeCase(
            "A deleted Released volume loses the finalizer", true, true, "Released", Action.REMOVE),
        new VolumeCase(
            "A deleted Available volume loses the finalizer",
            true,
            true,
            "Available",
            Action.REMOVE));
  }

  @ParameterizedTest
  @MethodSource("volumeCases")
  void volumes(VolumeCase c) {
    assertThat(PvProtectionController.plan(c.deleting(), c.hasFinalizer(), c.phase()))
        .isEqualTo(c.expected());
  }
}

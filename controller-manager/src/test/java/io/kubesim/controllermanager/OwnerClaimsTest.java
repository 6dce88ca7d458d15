package io.kubesim.controllermanager;

import static io.kubesim.controllermanager.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.kubesim.core.selector.LabelSelector;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OwnerClaimsTest {
  static final ReplicaSet RS =
      new ReplicaSetBuilder()
          .withNewMetadata()
          .withName("web-1")
          .withUid("rs-uid")
          .endMetadata()
          .build();

  static OwnerReference ref(String uid, boolean controller) {
    return new OwnerReferenceBuilder()
        .withKind("ReplicaSet")
        .withApiVersion("apps/v1")
        .withName("x")
        .withUid(uid)
        .withController(controller)
        .build();
  }

  enum Outcome {
    KEEP,
    ADOPT,
    RELEASE,
    IGNORE
  }

  record Case(String name, TestPods pod, boolean ownerDeleting, Outcome outcome) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "A matching pod we control is kept",
            pod("p").ownedBy(ref("rs-uid", true)),
            false,
            Outcome.KEEP),
        new Case("A matching orphan is adopted", pod("p"), false, Outcome.ADOPT),
        new Case(
            "An orphan with a non-controller owner reference is still adopted",
            pod("p").ownedBy(ref("other", false)),
            false,
            Outcome.ADOPT),
        new Case(
            "A matching pod controlled by someone else is left alone",
            pod("p").ownedBy(ref("other", true)),
            false,
            Outcome.IGNORE),
        new Case(
            "A pod we control whose labels no longer match is released",
            pod("p").ownedBy(ref("rs-uid", true)).label("app", "db"),
            false,
            Outcome.RELEASE),
        new Case(
            "A non-matching orphan is ignored", pod("p").label("app", "db"), false, Outcome.IGNORE),
        new Case(
            "An orphan being deleted is not adopted", pod("p").deleting(), false, Outcome.IGNORE),
        new Case("A ReplicaSet being deleted adopts nothing", pod("p"), true, Outcome.IGNORE),
        new Case(
            "A ReplicaSet being deleted releases nothing",
            pod("p").ownedBy(ref("rs-uid", true)).label("app", "db"),
            true,
            Outcome.IGNORE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void claims(Case c) {
    ReplicaSet owner = Kube.copy(RS, ReplicaSet.class);
    if (c.ownerDeleting()) {
      owner.getMetadata().setDeletionTimestamp(Kube.format(TestPods.NOW));
    }
    Pod pod = c.pod().build();

    OwnerClaims.Claims<Pod> claims =
        OwnerClaims.claim(owner, LabelSelector.parse("app=web"), List.of(pod));

    Outcome actual =
        !claims.adopt().isEmpty()
            ? Outcome.ADOPT
            : !claims.release().isEmpty()
                ? Outcome.RELEASE
                : !claims.owned().isEmpty() ? Outcome.KEEP : Outcome.IGNORE;
    assertThat(actual).isEqualTo(c.outcome());
    if (actual == Outcome.ADOPT) {
      assertThat(claims.owned()).containsExactly(pod);
    }
  }
}

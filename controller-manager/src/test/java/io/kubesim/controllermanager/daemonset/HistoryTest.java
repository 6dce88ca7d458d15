package io.kubesim.controllermanager.daemonset;

import static io.kubesim.controllermanager.daemonset.Fixtures.daemonPod;
import static io.kubesim.controllermanager.daemonset.Fixtures.ds;
import static io.kubesim.controllermanager.daemonset.Fixtures.image;
import static io.kubesim.controllermanager.daemonset.Fixtures.names;
import static io.kubesim.controllermanager.daemonset.Fixtures.pods;
import static io.kubesim.controllermanager.daemonset.Fixtures.revision;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.kubesim.controllermanager.Kube;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryTest {

  @Test
  void theRevisionDataIsTheTemplateAsGoWritesItWithSortedKeysAndAReplaceDirective() {
    assertThat(History.patchText(ds()))
        .isEqualTo(
            "{\"spec\":{\"template\":{\"$patch\":\"replace\","
                + "\"metadata\":{\"creationTimestamp\":null,\"labels\":{\"app\":\"agent\"}},"
                + "\"spec\":{\"containers\":[{\"image\":\"agent:1\",\"name\":\"a\","
                + "\"resources\":{}}]}}}}");
  }

  @Test
  void aSnapshotIsNamedAfterTheHashAndCarriesTheTemplateLabelsAndTheDaemonSetsAnnotations() {
    DaemonSet ds = ds();
    ds.getMetadata().getAnnotations().put("kubernetes.io/change-cause", "first");
    ControllerRevision r = History.snapshot(ds, 1);
    String hash = r.getMetadata().getLabels().get("controller-revision-hash");
    assertThat(hash).matches("[bcdfghjklmnpqrstvwxz2456789]+");
    assertThat(r.getMetadata().getName()).isEqualTo("agent-" + hash);
    assertThat(r.getMetadata().getLabels()).containsEntry("app", "agent");
    assertThat(r.getMetadata().getAnnotations())
        .containsEntry("kubernetes.io/change-cause", "first")
        .containsEntry("deprecated.daemonset.template.generation", "1");
    assertThat(r.getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo("ds-uid");
    assertThat(History.matches(ds, r)).isTrue();
    assertThat(History.matches(image(ds(), "agent:2", 2), r)).isFalse();
  }

  @Test
  void aNewCollisionCountGivesTheSameTemplateAnotherHash() {
    DaemonSet collided = ds();
    collided.setStatus(new io.fabric8.kubernetes.api.model.apps.DaemonSetStatus());
    collided.getStatus().setCollisionCount(1);
    assertThat(Fixtures.hash(collided)).isNotEqualTo(Fixtures.hash(ds()));
  }

  @Test
  void aChangedTemplateBecomesRevisionTwoAndTheFirstStaysAsHistory() {
    ControllerRevision first = revision(ds(), 1);
    History.Construction c =
        History.construct(image(ds(), "agent:2", 2), List.of(first), List.of());
    assertThat(c.create().getRevision()).isEqualTo(2L);
    assertThat(c.old()).containsExactly(first);
    assertThat(c.hash()).isEqualTo(Fixtures.hash(image(ds(), "agent:2", 2)));
  }

  @Test
  void rollingBackToTheFirstTemplateRenumbersItsRevisionThree() {
    ControllerRevision first = revision(ds(), 1);
    ControllerRevision second = revision(image(ds(), "agent:2", 2), 2);
    // kubectl rollout undo put the first template back; the apiserver raised the generation
    DaemonSet rolledBack = image(ds(), "agent:1", 3);
    History.Construction c = History.construct(rolledBack, List.of(first, second), List.of());
    assertThat(c.create()).isNull();
    assertThat(c.hash()).isEqualTo(first.getMetadata().getLabels().get("controller-revision-hash"));
    assertThat(c.updates())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getMetadata().getName()).isEqualTo(first.getMetadata().getName());
              assertThat(r.getRevision()).isEqualTo(3L);
            });
    assertThat(c.old()).containsExactly(second);
  }

  @Test
  void aRevisionWithoutTheHashLabelIsLabelledWithItsName() {
    ControllerRevision legacy = revision(image(ds(), "agent:0", 1), 1);
    legacy.getMetadata().getLabels().remove("controller-revision-hash");
    History.Construction c = History.construct(ds(), List.of(legacy), List.of());
    assertThat(c.updates())
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.getMetadata().getLabels())
                    .containsEntry("controller-revision-hash", legacy.getMetadata().getName()));
    assertThat(c.create().getRevision()).isEqualTo(2L);
  }

  @Test
  void duplicatesOfTheCurrentRevisionGoAfterThePodsTakeTheSurvivorsHash() {
    DaemonSet ds = ds();
    ControllerRevision kept = revision(ds, 3);
    ControllerRevision duplicate = revision(ds, 1);
    duplicate.getMetadata().setName("agent-duplicate");
    duplicate.getMetadata().setLabels(Map.of("app", "agent", "controller-revision-hash", "dup"));
    List<Pod> pods =
        pods(
            daemonPod("p1", ds, "w1"),
            daemonPod("p2", ds, "w2").label("controller-revision-hash", "dup"));
    History.Construction c = History.construct(ds, List.of(duplicate, kept), pods);
    assertThat(c.hash()).isEqualTo(Kube.labels(kept).get("controller-revision-hash"));
    assertThat(c.deletes()).containsExactly("agent-duplicate");
    assertThat(names(c.relabels())).containsExactly("p2");
    assertThat(c.updates()).isEmpty();
  }
}

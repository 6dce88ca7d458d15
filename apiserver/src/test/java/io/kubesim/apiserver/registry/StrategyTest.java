package io.kubesim.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.apiserver.resource.Resources;
import io.kubesim.core.json.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class StrategyTest {
  private static ObjectNode parse(String text) {
    return (ObjectNode) Json.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aNodeIsCreatedWithTheStatusItsKubeletRegistersIt() {
    ObjectNode node =
        parse("{\"metadata\":{\"name\":\"n\"},\"status\":{\"capacity\":{\"cpu\":\"4\"}}}");
    Strategy.forType(Resources.find("", "v1", "nodes").orElseThrow()).prepareForCreate(node);
    assertThat(node.at("/status/capacity/cpu").asString()).isEqualTo("4");
  }

  @Test
  void otherKindsWithAStatusSubresourceStartWithoutTheClientsStatus() {
    ObjectNode deployment = parse("{\"metadata\":{\"name\":\"d\"},\"status\":{\"replicas\":3}}");
    Strategy.forType(Resources.find("apps", "v1", "deployments").orElseThrow())
        .prepareForCreate(deployment);
    assertThat(deployment.has("status")).isFalse();
  }

  private static Strategy daemonSets() {
    return Strategy.forType(Resources.find("apps", "v1", "daemonsets").orElseThrow());
  }

  private static String templateGeneration(ObjectNode ds) {
    return ds.at("/metadata/annotations/deprecated.daemonset.template.generation").asString();
  }

  @Test
  void aNewDaemonSetIsAtTemplateGenerationOne() {
    ObjectNode ds = parse("{\"metadata\":{\"name\":\"d\"},\"spec\":{\"template\":{}}}");
    daemonSets().prepareForCreate(ds);
    assertThat(templateGeneration(ds)).isEqualTo("1");
  }

  @Test
  void aDaemonSetsTemplateGenerationCountsTemplateChangesOnlyWhateverTheClientSends() {
    String stored =
        "{\"metadata\":{\"name\":\"d\",\"annotations\":"
            + "{\"deprecated.daemonset.template.generation\":\"2\"}},"
            + "\"spec\":{\"minReadySeconds\":0,\"template\":{\"spec\":{\"x\":1}}}}";
    ObjectNode sameTemplate =
        parse(
            "{\"metadata\":{\"name\":\"d\",\"annotations\":"
                + "{\"deprecated.daemonset.template.generation\":\"9\"}},"
                + "\"spec\":{\"minReadySeconds\":5,\"template\":{\"spec\":{\"x\":1}}}}");
    daemonSets().prepareForUpdate(sameTemplate, parse(stored));
    assertThat(templateGeneration(sameTemplate)).isEqualTo("2");

    ObjectNode newTemplate =
        parse("{\"metadata\":{\"name\":\"d\"},\"spec\":{\"template\":{\"spec\":{\"x\":2}}}}");
    daemonSets().prepareForUpdate(newTemplate, parse(stored));
    assertThat(templateGeneration(newTemplate)).isEqualTo("3");

    ObjectNode statusWrite = parse("{\"name\":\"d\"}");
    daemonSets().prepareForStatusUpdate(statusWrite, (ObjectNode) parse(stored).get("metadata"));
    assertThat(statusWrite.at("/annotations/deprecated.daemonset.template.generation").asString())
        .isEqualTo("2");
  }

  private static Strategy statefulSets() {
    return Strategy.forType(Resources.find("apps", "v1", "statefulsets").orElseThrow());
  }

  @Test
  void aStatefulSetLosesMaxUnavailableSinceItsFeatureGateIsOffIn132UnlessItHadItAlready() {
    String withMaxUnavailable =
        "{\"metadata\":{\"name\":\"web\"},\"spec\":{\"updateStrategy\":{\"type\":"
            + "\"RollingUpdate\",\"rollingUpdate\":{\"partition\":0,\"maxUnavailable\":2}}}}";
    ObjectNode created = parse(withMaxUnavailable);
    statefulSets().prepareForCreate(created);
    assertThat(created.at("/spec/updateStrategy/rollingUpdate").toString())
        .isEqualTo("{\"partition\":0}");

    ObjectNode updated = parse(withMaxUnavailable);
    statefulSets().prepareForUpdate(updated, created);
    assertThat(updated.at("/spec/updateStrategy/rollingUpdate/maxUnavailable").isMissingNode())
        .isTrue();

    ObjectNode kept = parse(withMaxUnavailable);
    statefulSets().prepareForUpdate(kept, parse(withMaxUnavailable));
    assertThat(kept.at("/spec/updateStrategy/rollingUpdate/maxUnavailable").asInt()).isEqualTo(2);
  }
}

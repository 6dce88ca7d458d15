package io.kubesim.apiserver.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.apiserver.resource.Resources;
import io.kubesim.core.json.Json;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

/** DefaultStorageClass's choice of the default, and StorageObjectInUseProtection's finalizers. */
class StorageAdmissionTest {
  record Case(String name, List<String> classes, Optional<String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static ObjectNode storageClass(String json) {
    return (ObjectNode) Json.MAPPER.readTree(json);
  }

  private static final String STANDARD =
      """
      {"metadata":{"name":"standard","creationTimestamp":"2026-12-07T10:00:00Z",
       "annotations":{"storageclass.kubernetes.io/is-default-class":"true"}}}
      """;
  private static final String NEWER_BETA =
      """
      {"metadata":{"name":"gold","creationTimestamp":"2026-12-07T11:00:00Z",
       "annotations":{"storageclass.beta.kubernetes.io/is-default-class":"true"}}}
      """;
  private static final String PLAIN =
      """
      {"metadata":{"name":"fast","creationTimestamp":"2026-12-07T12:00:00Z"}}
      """;
  private static final String NOT_DEFAULT =
      """
      {"metadata":{"name":"slow","creationTimestamp":"2026-12-07T12:00:00Z",
       "annotations":{"storageclass.kubernetes.io/is-default-class":"false"}}}
      """;

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "The class annotated default is the default",
            List.of(PLAIN, STANDARD),
            Optional.of("standard")),
        new Case(
            "Of two defaults the newer wins, beta annotation or not",
            List.of(STANDARD, NEWER_BETA),
            Optional.of("gold")),
        new Case(
            "Without a default class there is none",
            List.of(PLAIN, NOT_DEFAULT),
            Optional.empty()));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void theDefaultClass(Case c) {
    assertThat(
            DefaultStorageClass.defaultClass(
                c.classes().stream().map(StorageAdmissionTest::storageClass).toList()))
        .isEqualTo(c.expected());
  }

  private static Attributes create(String resource, ObjectNode object) {
    return new Attributes(
        Operation.CREATE,
        Resources.find("", "v1", resource).orElseThrow(),
        null,
        resource.equals("persistentvolumes") ? null : "default",
        "x",
        object,
        null,
        false);
  }

  @Test
  void newClaimsAndVolumesGetTheirProtectionFinalizerOnce() {
    StorageObjectInUseProtection plugin = new StorageObjectInUseProtection();
    ObjectNode claim = (ObjectNode) Json.MAPPER.readTree("{\"metadata\":{\"name\":\"x\"}}");
    plugin.admit(create("persistentvolumeclaims", claim));
    plugin.admit(create("persistentvolumeclaims", claim));
    assertThat(claim.path("metadata").path("finalizers").toString())
        .isEqualTo("[\"kubernetes.io/pvc-protection\"]");
    ObjectNode volume =
        (ObjectNode) Json.MAPPER.readTree("{\"metadata\":{\"name\":\"x\",\"finalizers\":[\"a\"]}}");
    plugin.admit(create("persistentvolumes", volume));
    assertThat(volume.path("metadata").path("finalizers").toString())
        .isEqualTo("[\"a\",\"kubernetes.io/pv-protection\"]");
    ObjectNode pod = (ObjectNode) Json.MAPPER.readTree("{\"metadata\":{\"name\":\"x\"}}");
    plugin.admit(create("pods", pod));
    assertThat(pod.path("metadata").has("finalizers")).isFalse();
  }
}

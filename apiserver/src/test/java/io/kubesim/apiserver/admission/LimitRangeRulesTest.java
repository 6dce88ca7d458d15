package io.kubesim.apiserver.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

class LimitRangeRulesTest {
  /** The docs' "Configure Minimum and Maximum CPU Constraints" LimitRange, defaulted. */
  private static final String CPU_MIN_MAX =
      """
      spec:
        limits:
        - type: Container
          max: {cpu: 800m}
          min: {cpu: 200m}
          default: {cpu: 800m}
          defaultRequest: {cpu: 800m}
      """;

  record Check(String name, String limitRange, String object, List<String> errors) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Check> pods() {
    return Stream.of(
        new Check(
            "a container within min and max passes",
            CPU_MIN_MAX,
            container("{requests: {cpu: 500m}, limits: {cpu: 800m}}"),
            List.of()),
        new Check(
            "a limit above max is refused with the limit",
            CPU_MIN_MAX,
            container("{requests: {cpu: 500m}, limits: {cpu: 1500m}}"),
            List.of("maximum cpu usage per Container is 800m, but limit is 1500m")),
        new Check(
            "a request below min is refused with the request",
            CPU_MIN_MAX,
            container("{requests: {cpu: 100m}, limits: {cpu: 800m}}"),
            List.of("minimum cpu usage per Container is 200m, but request is 100m")),
        new Check(
            "a container without a limit is refused by max",
            "spec: {limits: [{type: Container, max: {memory: 1Gi}}]}",
            container("{}"),
            List.of("maximum memory usage per Container is 1Gi.  No limit is specified")),
        new Check(
            "a container without a request is refused by min",
            "spec: {limits: [{type: Container, min: {memory: 500Mi}}]}",
            container("{limits: {memory: 800Mi}}"),
            List.of("minimum memory usage per Container is 500Mi.  No request is specified")),
        new Check(
            "a limit four times the request breaks a ratio of two",
            "spec: {limits: [{type: Container, maxLimitRequestRatio: {cpu: \"2\"}}]}",
            container("{requests: {cpu: 250m}, limits: {cpu: \"1\"}}"),
            List.of(
                "cpu max limit to request ratio per Container is 2, but provided ratio is"
                    + " 4.000000")),
        new Check(
            "a ratio needs a request",
            "spec: {limits: [{type: Container, maxLimitRequestRatio: {memory: \"2\"}}]}",
            container("{limits: {memory: 1Gi}}"),
            List.of(
                "memory max limit to request ratio per Container is 2, but no request is"
                    + " specified or request is 0")),
        new Check(
            "a Pod item holds the sum of the containers",
            "spec: {limits: [{type: Pod, max: {cpu: \"1\"}}]}",
            """
            spec:
              containers:
              - {name: a, resources: {requests: {cpu: 600m}, limits: {cpu: 600m}}}
              - {name: b, resources: {requests: {cpu: 600m}, limits: {cpu: 600m}}}
            """,
            List.of("maximum cpu usage per Pod is 1, but limit is 1200m")),
        new Check(
            "each resource of each container is checked, in name order",
            "spec: {limits: [{type: Container, max: {cpu: \"1\", memory: 1Gi}}]}",
            container("{limits: {cpu: \"2\", memory: 2Gi}}"),
            List.of(
                "maximum cpu usage per Container is 1, but limit is 2",
                "maximum memory usage per Container is 1Gi, but limit is 2Gi")));
  }

  private static String container(String resources) {
    return "spec: {containers: [{name: c, resources: " + resources + "}]}";
  }

  @ParameterizedTest
  @MethodSource
  void pods(Check c) {
    assertThat(LimitRangeRules.checkPod(Yaml.of(c.limitRange()), Yaml.of(c.object())))
        .isEqualTo(c.errors());
  }

  static Stream<Check> claims() {
    String storage =
        "spec: {limits: [{type: PersistentVolumeClaim, min: {storage: 1Gi}, max: {storage: 2Gi}}]}";
    return Stream.of(
        new Check(
            "a claim within min and max passes",
            storage,
            "spec: {resources: {requests: {storage: 2Gi}}}",
            List.of()),
        new Check(
            "a claim above max is refused with its request",
            storage,
            "spec: {resources: {requests: {storage: 5Gi}}}",
            List.of("maximum storage usage per PersistentVolumeClaim is 2Gi, but request is 5Gi")),
        new Check(
            "a claim below min is refused with its request",
            storage,
            "spec: {resources: {requests: {storage: 500Mi}}}",
            List.of(
                "minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi")));
  }

  @ParameterizedTest
  @MethodSource
  void claims(Check c) {
    assertThat(LimitRangeRules.checkClaim(Yaml.of(c.limitRange()), Yaml.of(c.object())))
        .isEqualTo(c.errors());
  }

  record Defaults(String name, String limitRange, String pod, String resources, String note) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** The docs' "Configure Default Memory Requests and Limits" LimitRange. */
  private static final String MEMORY_DEFAULTS =
      """
      spec:
        limits:
        - type: Container
          default: {memory: 512Mi}
          defaultRequest: {memory: 256Mi}
      """;

  static Stream<Defaults> defaults() {
    return Stream.of(
        new Defaults(
            "a container without resources gets the default request and limit",
            MEMORY_DEFAULTS,
            "spec: {containers: [{name: default-mem-demo-ctr, image: nginx}]}",
            "{limits: {memory: 512Mi}, requests: {memory: 256Mi}}",
            "LimitRanger plugin set: memory request for container default-mem-demo-ctr;"
                + " memory limit for container default-mem-demo-ctr"),
        new Defaults(
            "a container with a request keeps it and gets the default limit",
            MEMORY_DEFAULTS,
            "spec: {containers: [{name: c, resources: {requests: {memory: 128Mi}}}]}",
            "{requests: {memory: 128Mi}, limits: {memory: 512Mi}}",
            "LimitRanger plugin set: memory limit for container c"),
        new Defaults(
            "a container with both keeps both and the pod no note",
            MEMORY_DEFAULTS,
            "spec: {containers: [{name: c, resources: {requests: {memory: 1Gi}, limits: {memory: 1Gi}}}]}",
            "{requests: {memory: 1Gi}, limits: {memory: 1Gi}}",
            null),
        new Defaults(
            "init containers get the defaults as well",
            MEMORY_DEFAULTS,
            """
            spec:
              initContainers: [{name: i, resources: {requests: {memory: 1Gi}, limits: {memory: 1Gi}}}]
              containers: [{name: c, resources: {requests: {memory: 1Gi}, limits: {memory: 1Gi}}}]
            """,
            "{requests: {memory: 1Gi}, limits: {memory: 1Gi}}",
            null));
  }

  @ParameterizedTest
  @MethodSource
  void defaults(Defaults c) {
    ObjectNode pod = Yaml.of(c.pod());
    LimitRangeRules.applyDefaults(Yaml.of(c.limitRange()), pod);
    assertThat(pod.at("/spec/containers/0/resources")).isEqualTo(Yaml.of(c.resources()));
    String note =
        pod.path("metadata").path("annotations").path(LimitRangeRules.ANNOTATION).asString(null);
    assertThat(note).isEqualTo(c.note());
  }
}

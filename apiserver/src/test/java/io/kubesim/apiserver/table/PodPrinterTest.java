package io.kubesim.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.core.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class PodPrinterTest {
  private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");
  private static final TablePrinter PODS = TablePrinters.forResource("", "pods");

  private static JsonNode pod(String status, String extraSpec, String metadataExtra) {
    return Json.MAPPER.readTree(
        """
        {"metadata": {"name": "web-0", "namespace": "default",
                      "creationTimestamp": "2025-01-01T11:00:00Z"%s},
         "spec": {"containers": [{"name": "app", "image": "nginx"}]%s},
         "status": %s}
        """
            .formatted(metadataExtra, extraSpec, status));
  }

  static Stream<Arguments> statuses() {
    return Stream.of(
        Arguments.of(
            "a pod waiting for a node is Pending",
            "{\"phase\": \"Pending\"}",
            "",
            "",
            "Pending",
            "0/1"),
        Arguments.of(
            "a pod whose container is being created is ContainerCreating",
            """
            {"phase": "Pending", "containerStatuses": [{"name": "app", "ready": false,
              "restartCount": 0, "state": {"waiting": {"reason": "ContainerCreating"}}}]}""",
            "",
            "",
            "ContainerCreating",
            "0/1"),
        Arguments.of(
            "a pod with a ready running container is Running",
            """
            {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}],
             "containerStatuses": [{"name": "app", "ready": true, "restartCount": 0,
              "state": {"running": {"startedAt": "2025-01-01T11:00:05Z"}}}]}""",
            "",
            "",
            "Running",
            "1/1"),
        Arguments.of(
            "a pod whose container keeps crashing is CrashLoopBackOff",
            """
            {"phase": "Running", "containerStatuses": [{"name": "app", "ready": false,
              "restartCount": 4, "state": {"waiting": {"reason": "CrashLoopBackOff"}}}]}""",
            "",
            "",
            "CrashLoopBackOff",
            "0/1"),
        Arguments.of(
            "a pod whose image cannot be pulled is ErrImagePull",
            """
            {"phase": "Pending", "containerStatuses": [{"name": "app", "ready": false,
              "restartCount": 0, "state": {"waiting": {"reason": "ErrImagePull"}}}]}""",
            "",
            "",
            "ErrImagePull",
            "0/1"),
        Arguments.of(
            "a pod whose containers exited successfully is Completed",
            """
            {"phase": "Succeeded", "containerStatuses": [{"name": "app", "ready": false,
              "restartCount": 0, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}]}""",
            "",
            "",
            "Completed",
            "0/1"),
        Arguments.of(
            "a container that died without a reason shows its exit code",
            """
            {"phase": "Failed", "containerStatuses": [{"name": "app", "ready": false,
              "restartCount": 0, "state": {"terminated": {"exitCode": 3}}}]}""",
            "",
            "",
            "ExitCode:3",
            "0/1"),
        Arguments.of(
            "a pod running its first init container is Init:0/1",
            """
            {"phase": "Pending", "initContainerStatuses": [{"name": "setup", "ready": false,
              "restartCount": 0, "state": {"running": {"startedAt": "2025-01-01T11:00:05Z"}}}],
             "containerStatuses": [{"name": "app", "ready": false, "restartCount": 0,
              "state": {"waiting": {"reason": "PodInitializing"}}}]}""",
            ", \"initContainers\": [{\"name\": \"setup\", \"image\": \"busybox\"}]",
            "",
            "Init:0/1",
            "0/1"),
        Arguments.of(
            "a crashing init container shows Init:CrashLoopBackOff",
            """
            {"phase": "Pending", "initContainerStatuses": [{"name": "setup", "ready": false,
              "restartCount": 2, "state": {"waiting": {"reason": "CrashLoopBackOff"}}}]}""",
            ", \"initContainers\": [{\"name\": \"setup\", \"image\": \"busybox\"}]",
            "",
            "Init:CrashLoopBackOff",
            "0/1"),
        Arguments.of(
            "a running pod being deleted is Terminating",
            """
            {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}],
             "containerStatuses": [{"name": "app", "ready": true, "restartCount": 0,
              "state": {"running": {"startedAt": "2025-01-01T11:00:05Z"}}}]}""",
            "",
            ", \"deletionTimestamp\": \"2025-01-01T11:59:00Z\"",
            "Terminating",
            "1/1"),
        Arguments.of(
            "a pod on a lost node being deleted is Unknown",
            "{\"phase\": \"Running\", \"reason\": \"NodeLost\"}",
            "",
            ", \"deletionTimestamp\": \"2025-01-01T11:59:00Z\"",
            "Unknown",
            "0/1"),
        Arguments.of(
            "a completed container beside a running one without Ready is NotReady",
            """
            {"phase": "Running", "conditions": [{"type": "Ready", "status": "False"}],
             "containerStatuses": [
              {"name": "app", "ready": true, "restartCount": 0,
               "state": {"running": {"startedAt": "2025-01-01T11:00:05Z"}}},
              {"name": "job", "ready": false, "restartCount": 0,
               "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}]}""",
            ", \"containers\": [{\"name\": \"app\"}, {\"name\": \"job\"}]",
            "",
            "NotReady",
            "1/2"),
        Arguments.of(
            "a pod with a scheduling gate is SchedulingGated",
            """
            {"phase": "Pending", "conditions": [{"type": "PodScheduled", "status": "False",
              "reason": "SchedulingGated"}]}""",
            "",
            "",
            "SchedulingGated",
            "0/1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("statuses")
  void theStatusColumnFollowsThePodReasonLogic(
      String description,
      String status,
      String spec,
      String metadata,
      String reason,
      String ready) {
    List<Object> cells = PODS.cells(pod(status, spec, metadata), NOW);
    assertThat(cells.get(2)).isEqualTo(reason);
    assertThat(cells.get(1)).isEqualTo(ready);
  }

  @Test
  void columnsAreTheKubernetesPodColumnsWithFourWideOnes() {
    assertThat(PODS.columns())
        .extracting(Column::name)
        .containsExactly(
            "Name",
            "Ready",
            "Status",
            "Restarts",
            "Age",
            "IP",
            "Node",
            "Nominated Node",
            "Readiness Gates");
    assertThat(PODS.columns())
        .extracting(Column::priority)
        .containsExactly(0, 0, 0, 0, 0, 1, 1, 1, 1);
    assertThat(PODS.columns().get(0))
        .isEqualTo(new Column("Name", "string", "name", Columns.NAME_DOC, 0));
    assertThat(PODS.columns().get(3).type()).isEqualTo("string");
  }

  @Test
  void aRestartedPodShowsWhenItLastRestartedAndItsWideColumns() {
    JsonNode pod =
        Json.MAPPER.readTree(
            """
            {"metadata": {"name": "api-7d9f", "creationTimestamp": "2024-12-29T08:00:00Z"},
             "spec": {"nodeName": "node-a", "containers": [{"name": "api"}, {"name": "proxy"}],
                      "readinessGates": [{"conditionType": "example.com/lb"},
                                         {"conditionType": "example.com/dns"}]},
             "status": {"phase": "Running", "podIP": "10.244.1.7",
               "podIPs": [{"ip": "10.244.1.7"}, {"ip": "fd00::7"}],
               "conditions": [{"type": "Ready", "status": "True"},
                              {"type": "example.com/lb", "status": "True"},
                              {"type": "example.com/dns", "status": "False"}],
               "containerStatuses": [
                 {"name": "api", "ready": true, "restartCount": 2,
                  "lastState": {"terminated": {"exitCode": 1,
                                               "finishedAt": "2025-01-01T11:55:00Z"}},
                  "state": {"running": {"startedAt": "2025-01-01T11:55:01Z"}}},
                 {"name": "proxy", "ready": true, "restartCount": 1,
                  "lastState": {"terminated": {"exitCode": 1,
                                               "finishedAt": "2025-01-01T10:00:00Z"}},
                  "state": {"running": {"startedAt": "2025-01-01T10:00:01Z"}}}]}}
            """);
    assertThat(PODS.cells(pod, NOW))
        .containsExactly(
            "api-7d9f",
            "2/2",
            "Running",
            "3 (5m ago)",
            "3d4h",
            "10.244.1.7",
            "node-a",
            "<none>",
            "1/2");
  }

  @Test
  void aFreshPodHasZeroRestartsAndNonePlaceholders() {
    JsonNode pod = pod("{\"phase\": \"Pending\"}", "", "");
    assertThat(PODS.cells(pod, NOW))
        .containsExactly(
            "web-0", "0/1", "Pending", "0", "60m", "<none>", "<none>", "<none>", "<none>");
  }

  @Test
  void restartsWithoutAFinishTimeShowOnlyTheCount() {
    JsonNode pod =
        pod(
            """
            {"phase": "Running", "containerStatuses": [{"name": "app", "ready": false,
              "restartCount": 7, "state": {"waiting": {"reason": "CrashLoopBackOff"}}}]}""",
            "",
            "");
    assertThat(PODS.cells(pod, NOW).get(3)).isEqualTo("7");
  }

  @Test
  void aStartedSidecarCountsAsAReadyContainer() {
    JsonNode pod =
        pod(
            """
            {"phase": "Running", "conditions": [{"type": "Initialized", "status": "True"},
                                                {"type": "Ready", "status": "True"}],
             "initContainerStatuses": [{"name": "log", "ready": true, "started": true,
               "restartCount": 1, "lastState": {"terminated": {"exitCode": 1,
                 "finishedAt": "2025-01-01T11:58:00Z"}},
               "state": {"running": {"startedAt": "2025-01-01T11:58:01Z"}}}],
             "containerStatuses": [{"name": "app", "ready": true, "restartCount": 0,
               "state": {"running": {"startedAt": "2025-01-01T11:00:05Z"}}}]}""",
            ", \"initContainers\": [{\"name\": \"log\", \"restartPolicy\": \"Always\"}]",
            "");
    List<Object> cells = PODS.cells(pod, NOW);
    assertThat(cells.subList(1, 4)).containsExactly("2/2", "Running", "1 (2m ago)");
  }
}

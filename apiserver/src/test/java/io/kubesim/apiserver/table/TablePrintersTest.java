package io.kubesim.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.core.json.Json;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TablePrintersTest {
  private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");

  private static List<String> columns(String... names) {
    return List.of(names);
  }

  private static List<Object> cells(Object... cells) {
    return Arrays.asList(cells);
  }

  private static Arguments row(
      String description,
      String group,
      String plural,
      String json,
      List<String> columns,
      List<Object> cells) {
    return Arguments.of(description, group, plural, json, columns, cells);
  }

  private static final List<String> NAMESPACE = columns("Name", "Status", "Age");
  private static final List<String> SERVICE =
      columns("Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age", "Selector");
  private static final List<String> NODE =
      columns(
          "Name",
          "Status",
          "Roles",
          "Age",
          "Version",
          "Internal-IP",
          "External-IP",
          "OS-Image",
          "Kernel-Version",
          "Container-Runtime");
  private static final List<String> EVENT =
      columns(
          "Last Seen",
          "Type",
          "Reason",
          "Object",
          "Subobject",
          "Source",
          "Message",
          "First Seen",
          "Count",
          "Name");
  private static final List<String> PV =
      columns(
          "Name",
          "Capacity",
          "Access Modes",
          "Reclaim Policy",
          "Status",
          "Claim",
          "StorageClass",
          "VolumeAttributesClass",
          "Reason",
          "Age",
          "VolumeMode");
  private static final List<String> PVC =
      columns(
          "Name",
          "Status",
          "Volume",
          "Capacity",
          "Access Modes",
          "StorageClass",
          "VolumeAttributesClass",
          "Age",
          "VolumeMode");
  private static final List<String> JOB =
      columns(
          "Name", "Status", "Completions", "Duration", "Age", "Containers", "Images", "Selector");
  private static final List<String> CRON_JOB =
      columns(
          "Name",
          "Schedule",
          "Timezone",
          "Suspend",
          "Active",
          "Last Schedule",
          "Age",
          "Containers",
          "Images",
          "Selector");
  private static final List<String> INGRESS =
      columns("Name", "Class", "Hosts", "Address", "Ports", "Age");
  private static final List<String> ENDPOINT_SLICE =
      columns("Name", "AddressType", "Ports", "Endpoints", "Age");

  static Stream<Arguments> kinds() {
    return Stream.of(
        row(
            "a namespace prints its phase",
            "",
            "namespaces",
            """
            {"metadata": {"name": "dev", "creationTimestamp": "2024-12-31T12:00:00Z"},
             "status": {"phase": "Active"}}""",
            NAMESPACE,
            cells("dev", "Active", "24h")),
        row(
            "a NodePort service prints node ports and its selector",
            "",
            "services",
            """
            {"metadata": {"name": "web", "creationTimestamp": "2025-01-01T11:58:00Z"},
             "spec": {"type": "NodePort", "clusterIP": "10.96.0.10", "clusterIPs": ["10.96.0.10"],
                      "selector": {"tier": "front", "app": "web"},
                      "ports": [{"port": 80, "nodePort": 30080, "protocol": "TCP"},
                                {"port": 443, "nodePort": 30443, "protocol": "TCP"}]}}""",
            SERVICE,
            cells(
                "web",
                "NodePort",
                "10.96.0.10",
                "<none>",
                "80:30080/TCP,443:30443/TCP",
                "2m",
                "app=web,tier=front")),
        row(
            "a ClusterIP service with external IPs lists them",
            "",
            "services",
            """
            {"metadata": {"name": "dns", "creationTimestamp": "2025-01-01T11:59:15Z"},
             "spec": {"type": "ClusterIP", "clusterIPs": ["10.96.0.10", "fd00::a"],
                      "externalIPs": ["198.51.100.7"],
                      "ports": [{"port": 53, "protocol": "UDP"}, {"port": 53, "protocol": "TCP"}],
                      "selector": {"k8s-app": "kube-dns"}}}""",
            SERVICE,
            cells(
                "dns",
                "ClusterIP",
                "10.96.0.10",
                "198.51.100.7",
                "53/UDP,53/TCP",
                "45s",
                "k8s-app=kube-dns")),
        row(
            "a LoadBalancer service without ingress is pending",
            "",
            "services",
            """
            {"metadata": {"name": "lb", "creationTimestamp": "2025-01-01T11:00:00Z"},
             "spec": {"type": "LoadBalancer", "clusterIP": "10.96.1.1",
                      "ports": [{"port": 80, "nodePort": 31000, "protocol": "UDP"}]},
             "status": {"loadBalancer": {}}}""",
            SERVICE,
            cells("lb", "LoadBalancer", "10.96.1.1", "<pending>", "80:31000/UDP", "60m", "<none>")),
        row(
            "a LoadBalancer service lists ingress addresses then external IPs",
            "",
            "services",
            """
            {"metadata": {"name": "lb", "creationTimestamp": "2025-01-01T11:00:00Z"},
             "spec": {"type": "LoadBalancer", "clusterIPs": ["10.96.1.1"],
                      "externalIPs": ["198.51.100.1"], "ports": [{"port": 80, "protocol": "TCP"}]},
             "status": {"loadBalancer": {"ingress": [{"hostname": "lb.example.com"},
                                                     {"ip": "203.0.113.9"}]}}}""",
            SERVICE,
            cells(
                "lb",
                "LoadBalancer",
                "10.96.1.1",
                "203.0.113.9,lb.example.com,198.51.100.1",
                "80/TCP",
                "60m",
                "<none>")),
        row(
            "an ExternalName service prints the external name",
            "",
            "services",
            """
            {"metadata": {"name": "db", "creationTimestamp": "2025-01-01T11:00:00Z"},
             "spec": {"type": "ExternalName", "externalName": "db.example.com"}}""",
            SERVICE,
            cells("db", "ExternalName", "<none>", "db.example.com", "<none>", "60m", "<none>")),
        row(
            "endpoints print the first three address:port pairs then how many more",
            "",
            "endpoints",
            """
            {"metadata": {"name": "web", "creationTimestamp": "2025-01-01T11:00:00Z"},
             "subsets": [{"addresses": [{"ip": "10.0.0.1"}, {"ip": "10.0.0.2"}],
                          "ports": [{"name": "http", "port": 80}, {"name": "https", "port": 443}]}]}""",
            columns("Name", "Endpoints", "Age"),
            cells("web", "10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...", "60m")),
        row(
            "endpoints of a headless service without ports and IPv6 print bare addresses",
            "",
            "endpoints",
            """
            {"metadata": {"name": "headless", "creationTimestamp": "2025-01-01T11:00:00Z"},
             "subsets": [{"addresses": [{"ip": "10.0.0.1"}]},
                         {"addresses": [{"ip": "fd00::1"}], "ports": [{"port": 8080}]}]}""",
            columns("Name", "Endpoints", "Age"),
            cells("headless", "10.0.0.1,[fd00::1]:8080", "60m")),
        row(
            "endpoints without subsets print none",
            "",
            "endpoints",
            """
            {"metadata": {"name": "empty", "creationTimestamp": "2025-01-01T11:00:00Z"}}""",
            columns("Name", "Endpoints", "Age"),
            cells("empty", "<none>", "60m")),
        row(
            "a cordoned control plane node is Ready,SchedulingDisabled with its roles",
            "",
            "nodes",
            """
            {"metadata": {"name": "cp-1", "creationTimestamp": "2024-12-20T12:00:00Z",
                          "labels": {"node-role.kubernetes.io/control-plane": "",
                                     "kubernetes.io/role": "master",
                                     "kubernetes.io/os": "linux"}},
             "spec": {"unschedulable": true},
             "status": {"conditions": [{"type": "MemoryPressure", "status": "False"},
                                       {"type": "Ready", "status": "True"}],
                        "addresses": [{"type": "Hostname", "address": "cp-1"},
                                      {"type": "InternalIP", "address": "172.18.0.2"}],
                        "nodeInfo": {"kubeletVersion": "v1.32.0",
                                     "osImage": "Debian GNU/Linux 12 (bookworm)",
                                     "kernelVersion": "6.8.0-45-generic",
                                     "containerRuntimeVersion": "containerd://1.7.24"}}}""",
            NODE,
            cells(
                "cp-1",
                "Ready,SchedulingDisabled",
                "control-plane,master",
                "12d",
                "v1.32.0",
                "172.18.0.2",
                "<none>",
                "Debian GNU/Linux 12 (bookworm)",
                "6.8.0-45-generic",
                "containerd://1.7.24")),
        row(
            "a node whose Ready condition is false is NotReady",
            "",
            "nodes",
            """
            {"metadata": {"name": "w-1", "creationTimestamp": "2025-01-01T09:30:00Z"},
             "status": {"conditions": [{"type": "Ready", "status": "Unknown"}],
                        "addresses": [{"type": "ExternalIP", "address": "203.0.113.5"}]}}""",
            NODE,
            cells(
                "w-1",
                "NotReady",
                "<none>",
                "150m",
                "",
                "<none>",
                "203.0.113.5",
                "<unknown>",
                "<unknown>",
                "<unknown>")),
        row(
            "a node without conditions is Unknown",
            "",
            "nodes",
            """
            {"metadata": {"name": "w-2", "creationTimestamp": "2025-01-01T11:00:00Z"}}""",
            NODE,
            cells(
                "w-2",
                "Unknown",
                "<none>",
                "60m",
                "",
                "<none>",
                "<none>",
                "<unknown>",
                "<unknown>",
                "<unknown>")),
        row(
            "a config map counts data and binary data",
            "",
            "configmaps",
            """
            {"metadata": {"name": "cfg", "creationTimestamp": "2025-01-01T11:00:00Z"},
             "data": {"a": "1", "b": "2"}, "binaryData": {"c": "AA=="}}""",
            columns("Name", "Data", "Age"),
            cells("cfg", 3L, "60m")),
        row(
            "a secret prints its type and data count",
            "",
            "secrets",
            """
            {"metadata": {"name": "creds", "creationTimestamp": "2025-01-01T11:00:00Z"},
             "type": "Opaque", "data": {"user": "YQ==", "pass": "Yg=="}}""",
            columns("Name", "Type", "Data", "Age"),
            cells("creds", "Opaque", 2L, "60m")),
        row(
            "a service account counts its secrets",
            "",
            "serviceaccounts",
            """
            {"metadata": {"name": "default", "creationTimestamp": "2025-01-01T11:00:00Z"}}""",
            columns("Name", "Secrets", "Age"),
            cells("default", 0L, "60m")),
        row(
            "a core event prints last seen, object, source and count",
            "",
            "events",
            """
            {"metadata": {"name": "web-0.181a2b", "creationTimestamp": "2025-01-01T11:00:00Z"},
             "involvedObject": {"kind": "Pod", "name": "web-0", "fieldPath": "spec.containers{app}"},
             "reason": "BackOff", "message": "Back-off restarting failed container\\n",
             "source": {"component": "kubelet", "host": "node-a"},
             "firstTimestamp": "2025-01-01T11:00:00Z", "lastTimestamp": "2025-01-01T11:55:00Z",
             "count": 3, "type": "Warning"}""",
            EVENT,
            cells(
                "5m",
                "Warning",
                "BackOff",
                "pod/web-0",
                "spec.containers{app}",
                "kubelet, node-a",
                "Back-off restarting failed container",
                "60m",
                3L,
                "web-0.181a2b")),
        row(
            "an events.k8s.io event is printed by the same printer",
            "events.k8s.io",
            "events",
            """
            {"metadata": {"name": "web-1.181a2c", "creationTimestamp": "2025-01-01T11:59:30Z"},
             "eventTime": "2025-01-01T11:59:30.123456Z",
             "reportingController": "default-scheduler",
             "reportingInstance": "default-scheduler-cp-1",
             "action": "Binding", "reason": "Scheduled", "type": "Normal",
             "regarding": {"kind": "Pod", "namespace": "default", "name": "web-1"},
             "note": "Successfully assigned default/web-1 to node-a"}""",
            EVENT,
            cells(
                "29s",
                "Normal",
                "Scheduled",
                "pod/web-1",
                "",
                "default-scheduler, default-scheduler-cp-1",
                "Successfully assigned default/web-1 to node-a",
                "29s",
                1L,
                "web-1.181a2c")),
        row(
            "a resource quota splits requests from limits in resource order",
            "",
            "resourcequotas",
            """
            {"metadata": {"name": "compute", "creationTimestamp": "2025-01-01T11:00:00Z"},
             "spec": {"hard": {"requests.cpu": "1", "limits.memory": "2Gi", "pods": "10",
                               "requests.memory": "1Gi"}},
             "status": {"hard": {"requests.cpu": "1", "limits.memory": "2Gi", "pods": "10",
                                 "requests.memory": "1Gi"},
                        "used": {"requests.cpu": "500m", "pods": "3"}}}""",
            columns("Name", "Age", "Request", "Limit"),
            cells(
                "compute",
                "60m",
                "pods: 3/10, requests.cpu: 500m/1, requests.memory: 0/1Gi",
                "limits.memory: 0/2Gi")),
        row(
            "a resource quota the controller has not counted yet shows zeros for its spec",
            "",
            "resourcequotas",
            """
            {"metadata": {"name": "fresh", "creationTimestamp": "2025-01-01T11:00:00Z"},
             "spec": {"hard": {"pods": "2", "limits.cpu": "1"}}}""",
            columns("Name", "Age", "Request", "Limit"),
            cells("fresh", "60m", "pods: 0/0", "limits.cpu: 0/0")),
        row(
            "a limit range gets the default name and creation time table",
            "",
            "limitranges",
            """
            {"metadata": {"name": "limits", "creationTimestamp": "2025-01-01T11:00:00Z"}}""",
            columns("Name", "Created At"),
            cells("limits", "2025-01-01T11:00:00Z")),
        row(
            "a bound persistent volume prints its claim and abbreviated access modes",
            "",
            "persistentvolumes",
            """
            {"metadata": {"name": "pv-1", "creationTimestamp": "2024-12-25T12:00:00Z"},
             "spec": {"capacity": {"storage": "10Gi"},
                      "accessModes": ["ReadWriteMany", "ReadWriteOnce"],
                      "persistentVolumeReclaimPolicy": "Retain", "storageClassName": "standard",
                      "claimRef": {"namespace": "default", "name": "data"},
                      "volumeMode": "Filesystem"},
             "status": {"phase": "Bound"}}""",
            PV,
            cells(
                "pv-1",
                "10Gi",
                "RWO,RWX",
                "Retain",
                "Bound",
                "default/data",
                "standard",
                "<unset>",
                "",
                "7d",
                "Filesystem")),
        row(
            "a bound claim prints the volume's capacity and modes",
            "",
            "persistentvolumeclaims",
            """
            {"metadata": {"name": "data", "creationTimestamp": "2025-01-01T11:00:00Z",
                          "annotations": {"volume.beta.kubernetes.io/storage-class": "legacy"}},
             "spec": {"volumeName": "pv-1", "storageClassName": "fast",
                      "volumeAttributesClassName": "gold",
                      "resources": {"requests": {"storage": "5Gi"}}},
             "status": {"phase": "Bound", "capacity": {"storage": "10Gi"},
                        "accessModes": ["ReadWriteOncePod"]}}""",
            PVC,
            cells("data", "Bound", "pv-1", "10Gi", "RWOP", "legacy", "gold", "60m", "<unset>")),
        row(
            "a pending claim being deleted is Terminating without capacity",
            "",
            "persistentvolumeclaims",
            """
            {"metadata": {"name": "scratch", "creationTimestamp": "2025-01-01T11:00:00Z",
                          "deletionTimestamp": "2025-01-01T11:59:00Z"},
             "spec": {"storageClassName": "fast", "volumeMode": "Block",
                      "accessModes": ["ReadWriteOnce"],
                      "resources": {"requests": {"storage": "5Gi"}}},
             "status": {"phase": "Pending"}}""",
            PVC,
            cells("scratch", "Terminating", "", "", "", "fast", "<unset>", "60m", "Block")),
        row(
            "a deployment prints ready/desired and integer counts",
            "apps",
            "deployments",
            """
            {"metadata": {"name": "web", "creationTimestamp": "2025-01-01T11:00:00Z"},
             "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}},
                      "template": {"spec": {"containers": [
                          {"name": "nginx", "image": "nginx:1.27"},
                          {"name": "sidecar", "image": "busybox"}]}}},
             "status": {"replicas": 3, "readyReplicas": 2, "updatedReplicas": 3,
                        "availableReplicas": 2}}""",
            columns(
                "Name",
                "Ready",
                "Up-to-date",
                "Available",
                "Age",
                "Containers",
                "Images",
                "Selector"),
            cells("web", "2/3", 3L, 2L, "60m", "nginx,sidecar", "nginx:1.27,busybox", "app=web")),
        row(
            "a replica set prints desired, current and ready with its selector",
            "apps",
            "replicasets",
            """
            {"metadata": {"name": "web-5d8f", "creationTimestamp": "2025-01-01T11:00:00Z"},
             "spec": {"replicas": 3,
                      "selector": {"matchLabels": {"app": "web"}, "matchExpressions": [
                          {"key": "pod-template-hash", "operator": "In", "values": ["5d8f"]}]},
                      "template": {"spec": {"containers": [{"name": "nginx", "image": "nginx"}]}}},
             "status": {"replicas": 3, "readyReplicas": 1}}""",
            columns(
                "Name", "Desired", "Current", "Ready", "Age", "Containers", "Images", "Selector"),
            cells(
                "web-5d8f",
                3L,
                3L,
                1L,
                "60m",
                "nginx",
                "nginx",
                "app=web,pod-template-hash in (5d8f)")),
        row(
            "a replication controller prints desired, current and ready with its label map",
            "",
            "replicationcontrollers",
            """
            {"metadata": {"name": "nginx", "creationTimestamp": "2025-01-01T11:00:00Z"},
             "spec": {"replicas": 3, "selector": {"app": "nginx", "tier": "web"},
                      "template": {"spec": {"containers": [{"name": "nginx", "image": "nginx"}]}}},
             "status": {"replicas": 2, "readyReplicas": 1}}""",
            columns(
                "Name", "Desired", "Current", "Ready", "Age", "Containers", "Images", "Selector"),
            cells("nginx", 3L, 2L, 1L, "60m", "nginx", "nginx", "app=nginx,tier=web")),
        row(
            "a local API service is available",
            "apiregistration.k8s.io",
            "apiservices",
            """
            {"metadata": {"name": "v1.apps", "creationTimestamp": "2025-01-01T11:00:00Z"},
             "spec": {"group": "apps", "version": "v1"},
             "status": {"conditions": [{"type": "Available", "status": "True", "reason": "Local"}]}}""",
            columns("Name", "Service", "Available", "Age"),
            cells("v1.apps", "Local", "True", "60m")),
        row(
            "an unavailable API service names its service and the reason",
            "apiregistration.k8s.io",
            "apiservices",
            """
            {"metadata": {"name": "v1beta1.metrics.k8s.io", "creationTimestamp": "2025-01-01T11:00:00Z"},
             "spec": {"service": {"namespace": "kube-system", "name": "metrics-server"}},
             "status": {"conditions": [
               {"type": "Available", "status": "False", "reason": "ServiceNotFound"}]}}""",
            columns("Name", "Service", "Available", "Age"),
            cells(
                "v1beta1.metrics.k8s.io",
                "kube-system/metrics-server",
                "False (ServiceNotFound)",
                "60m")),
        row(
            "an API service not yet checked is of unknown availability",
            "apiregistration.k8s.io",
            "apiservices",
            """
            {"metadata": {"name": "v1.x.io", "creationTimestamp": "2025-01-01T11:00:00Z"},
             "spec": {"service": {"namespace": "x", "name": "x"}}}""",
            columns("Name", "Service", "Available", "Age"),
            cells("v1.x.io", "x/x", "Unknown", "60m")),
        row(
            "a stateful set prints ready over desired",
            "apps",
            "statefulsets",
            """
            {"metadata": {"name": "db", "creationTimestamp": "2025-01-01T11:00:00Z"},
             "spec": {"replicas": 3,
                      "template": {"spec": {"containers": [{"name": "pg", "image": "postgres:17"}]}}},
             "status": {"replicas": 3, "readyReplicas": 3}}""",
            columns("Name", "Ready", "Age", "Containers", "Images"),
            cells("db", "3/3", "60m", "pg", "postgres:17")),
        row(
            "a daemon set prints its counters and node selector",
            "apps",
            "daemonsets",
            """
            {"metadata": {"name": "agent", "creationTimestamp": "2025-01-01T11:00:00Z"},
             "spec": {"selector": {"matchLabels": {"app": "agent"}},
                      "template": {"spec": {"nodeSelector": {"kubernetes.io/os": "linux"},
                                            "containers": [{"name": "agent", "image": "agent:2"}]}}},
             "status": {"desiredNumberScheduled": 2, "currentNumberScheduled": 2,
                        "numberReady": 1, "updatedNumberScheduled": 2, "numberAvailable": 1}}""",
            columns(
                "Name",
                "Desired",
                "Current",
                "Ready",
                "Up-to-date",
                "Available",
                "Node Selector",
                "Age",
                "Containers",
                "Images",
                "Selector"),
            cells(
                "agent",
                2L,
                2L,
                1L,
                2L,
                1L,
                "kubernetes.io/os=linux",
                "60m",
                "agent",
                "agent:2",
                "app=agent")),
        row(
            "a controller revision names its controller by kind.group/name",
            "apps",
            "controllerrevisions",
            """
            {"metadata": {"name": "db-7b9c", "creationTimestamp": "2025-01-01T11:00:00Z",
                          "ownerReferences": [{"apiVersion": "apps/v1", "kind": "StatefulSet",
                                               "name": "db", "uid": "u1", "controller": true}]},
             "revision": 2}""",
            columns("Name", "Controller", "Revision", "Age"),
            cells("db-7b9c", "statefulset.apps/db", 2L, "60m")),
        row(
            "a completed job prints Complete and how long it ran",
            "batch",
            "jobs",
            """
            {"metadata": {"name": "pi", "creationTimestamp": "2025-01-01T11:00:00Z"},
             "spec": {"completions": 1, "parallelism": 1,
                      "selector": {"matchLabels": {"batch.kubernetes.io/controller-uid": "abc"}},
                      "template": {"spec": {"containers": [{"name": "pi", "image": "perl:5.34"}]}}},
             "status": {"succeeded": 1, "startTime": "2025-01-01T11:00:00Z",
                        "completionTime": "2025-01-01T11:02:10Z",
                        "conditions": [{"type": "SuccessCriteriaMet", "status": "True"},
                                       {"type": "Complete", "status": "True"}]}}""",
            JOB,
            cells(
                "pi",
                "Complete",
                "1/1",
                "2m10s",
                "60m",
                "pi",
                "perl:5.34",
                "batch.kubernetes.io/controller-uid=abc")),
        row(
            "a running work queue job prints completions of its parallelism",
            "batch",
            "jobs",
            """
            {"metadata": {"name": "queue", "creationTimestamp": "2025-01-01T11:50:00Z"},
             "spec": {"parallelism": 3,
                      "template": {"spec": {"containers": [{"name": "w", "image": "worker"}]}}},
             "status": {"succeeded": 1, "active": 2, "startTime": "2025-01-01T11:50:00Z"}}""",
            JOB,
            cells("queue", "Running", "1/1 of 3", "10m", "10m", "w", "worker", "<none>")),
        row(
            "a suspended job that never started has no duration",
            "batch",
            "jobs",
            """
            {"metadata": {"name": "later", "creationTimestamp": "2025-01-01T11:00:00Z"},
             "spec": {"completions": 5, "suspend": true,
                      "template": {"spec": {"containers": [{"name": "w", "image": "worker"}]}}},
             "status": {"conditions": [{"type": "Suspended", "status": "True"}]}}""",
            JOB,
            cells("later", "Suspended", "0/5", "", "60m", "w", "worker", "<none>")),
        row(
            "a failed job prints Failed",
            "batch",
            "jobs",
            """
            {"metadata": {"name": "bad", "creationTimestamp": "2025-01-01T11:00:00Z"},
             "spec": {"completions": 1,
                      "template": {"spec": {"containers": [{"name": "w", "image": "worker"}]}}},
             "status": {"failed": 7, "startTime": "2025-01-01T11:00:00Z",
                        "conditions": [{"type": "FailureTarget", "status": "True"},
                                       {"type": "Failed", "status": "True"}]}}""",
            JOB,
            cells("bad", "Failed", "0/1", "60m", "60m", "w", "worker", "<none>")),
        row(
            "a cron job prints schedule, suspend, active jobs and last schedule",
            "batch",
            "cronjobs",
            """
            {"metadata": {"name": "backup", "creationTimestamp": "2024-12-31T12:00:00Z"},
             "spec": {"schedule": "*/5 * * * *", "suspend": false,
                      "jobTemplate": {"spec": {"template": {"spec": {"containers": [
                          {"name": "backup", "image": "backup:1"}]}}}}},
             "status": {"active": [{"kind": "Job", "name": "backup-1"}],
                        "lastScheduleTime": "2025-01-01T11:55:00Z"}}""",
            CRON_JOB,
            cells(
                "backup",
                "*/5 * * * *",
                "<none>",
                "False",
                1L,
                "5m",
                "24h",
                "backup",
                "backup:1",
                "<none>")),
        row(
            "a cron job with a time zone and no runs yet",
            "batch",
            "cronjobs",
            """
            {"metadata": {"name": "report", "creationTimestamp": "2025-01-01T11:00:00Z"},
             "spec": {"schedule": "0 6 * * *", "timeZone": "Europe/Paris",
                      "jobTemplate": {"spec": {"template": {"spec": {"containers": [
                          {"name": "r", "image": "report:1"}]}}}}}}""",
            CRON_JOB,
            cells(
                "report",
                "0 6 * * *",
                "Europe/Paris",
                "<unset>",
                0L,
                "<none>",
                "60m",
                "r",
                "report:1",
                "<none>")),
        row(
            "an ingress prints class, hosts, address and TLS ports",
            "networking.k8s.io",
            "ingresses",
            """
            {"metadata": {"name": "web", "creationTimestamp": "2025-01-01T11:00:00Z"},
             "spec": {"ingressClassName": "nginx", "tls": [{"hosts": ["a.example.com"]}],
                      "rules": [{"host": "a.example.com"}, {"host": "b.example.com"}, {}]},
             "status": {"loadBalancer": {"ingress": [{"ip": "192.0.2.10"}]}}}""",
            INGRESS,
            cells("web", "nginx", "a.example.com,b.example.com", "192.0.2.10", "80, 443", "60m")),
        row(
            "an ingress without class or hosts prints none and a wildcard",
            "networking.k8s.io",
            "ingresses",
            """
            {"metadata": {"name": "default", "creationTimestamp": "2025-01-01T11:00:00Z"},
             "spec": {"defaultBackend": {"service": {"name": "web", "port": {"number": 80}}}}}""",
            INGRESS,
            cells("default", "<none>", "*", "", "80", "60m")),
        row(
            "an ingress class prints its controller and parameters reference",
            "networking.k8s.io",
            "ingressclasses",
            """
            {"metadata": {"name": "nginx", "creationTimestamp": "2025-01-01T11:00:00Z"},
             "spec": {"controller": "k8s.io/ingress-nginx",
                      "parameters": {"apiGroup": "k8s.example.com", "kind": "IngressParameters",
                                     "name": "external-lb"}}}""",
            columns("Name", "Controller", "Parameters", "Age"),
            cells(
                "nginx",
                "k8s.io/ingress-nginx",
                "IngressParameters.k8s.example.com/external-lb",
                "60m")),
        row(
            "the default storage class is marked and defaults are filled in",
            "storage.k8s.io",
            "storageclasses",
            """
            {"metadata": {"name": "standard", "creationTimestamp": "2025-01-01T11:00:00Z",
                          "annotations": {"storageclass.kubernetes.io/is-default-class": "true"}},
             "provisioner": "rancher.io/local-path", "volumeBindingMode": "WaitForFirstConsumer"}""",
            columns(
                "Name",
                "Provisioner",
                "ReclaimPolicy",
                "VolumeBindingMode",
                "AllowVolumeExpansion",
                "Age"),
            cells(
                "standard (default)",
                "rancher.io/local-path",
                "Delete",
                "WaitForFirstConsumer",
                false,
                "60m")),
        row(
            "an endpoint slice prints port numbers or names and addresses",
            "discovery.k8s.io",
            "endpointslices",
            """
            {"metadata": {"name": "web-abcde", "creationTimestamp": "2025-01-01T11:00:00Z"},
             "addressType": "IPv4",
             "ports": [{"name": "http", "port": 80, "protocol": "TCP"}, {"name": "metrics"}, {}],
             "endpoints": [{"addresses": ["10.244.0.5"]}, {"addresses": ["10.244.0.6"]}]}""",
            ENDPOINT_SLICE,
            cells("web-abcde", "IPv4", "80,metrics,*", "10.244.0.5,10.244.0.6", "60m")),
        row(
            "an empty endpoint slice prints unset",
            "discovery.k8s.io",
            "endpointslices",
            """
            {"metadata": {"name": "web-empty", "creationTimestamp": "2025-01-01T11:00:00Z"},
             "addressType": "IPv6", "ports": null, "endpoints": []}""",
            ENDPOINT_SLICE,
            cells("web-empty", "IPv6", "<unset>", "<unset>", "60m")),
        row(
            "a lease prints its holder",
            "coordination.k8s.io",
            "leases",
            """
            {"metadata": {"name": "node-a", "creationTimestamp": "2025-01-01T11:00:00Z"},
             "spec": {"holderIdentity": "node-a", "leaseDurationSeconds": 40}}""",
            columns("Name", "Holder", "Age"),
            cells("node-a", "node-a", "60m")),
        row(
            "a resource without a printer gets name and an age date column",
            "example.com",
            "widgets",
            """
            {"metadata": {"name": "w1", "creationTimestamp": "2025-01-01T11:00:00Z"}}""",
            columns("Name", "Age"),
            cells("w1", "2025-01-01T11:00:00Z")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void eachKindPrintsTheKubernetesColumnsAndCells(
      String description,
      String group,
      String plural,
      String json,
      List<String> columnNames,
      List<Object> expectedCells) {
    TablePrinter printer = TablePrinters.forResource(group, plural);
    assertThat(printer.columns()).extracting(Column::name).containsExactlyElementsOf(columnNames);
    assertThat(printer.cells(Json.MAPPER.readTree(json), NOW))
        .containsExactlyElementsOf(expectedCells);
  }

  @Test
  void everyPrinterStartsWithTheNameColumnAndHasOneCellPerColumn() {
    String[][] resources = {
      {"", "namespaces"},
      {"", "pods"},
      {"", "services"},
      {"", "endpoints"},
      {"", "nodes"},
      {"", "configmaps"},
      {"", "secrets"},
      {"", "serviceaccounts"},
      {"", "events"},
      {"", "resourcequotas"},
      {"", "limitranges"},
      {"", "persistentvolumes"},
      {"", "persistentvolumeclaims"},
      {"", "replicationcontrollers"},
      {"apiregistration.k8s.io", "apiservices"},
      {"apps", "deployments"},
      {"apps", "replicasets"},
      {"apps", "statefulsets"},
      {"apps", "daemonsets"},
      {"apps", "controllerrevisions"},
      {"batch", "jobs"},
      {"batch", "cronjobs"},
      {"networking.k8s.io", "ingresses"},
      {"networking.k8s.io", "ingressclasses"},
      {"storage.k8s.io", "storageclasses"},
      {"discovery.k8s.io", "endpointslices"},
      {"coordination.k8s.io", "leases"},
      {"events.k8s.io", "events"},
      {"example.com", "widgets"}
    };
    var empty = Json.MAPPER.readTree("{\"metadata\": {\"name\": \"x\"}}");
    for (String[] resource : resources) {
      TablePrinter printer = TablePrinters.forResource(resource[0], resource[1]);
      List<Column> columns = printer.columns();
      Column name = columns.stream().filter(c -> c.name().equals("Name")).findFirst().orElseThrow();
      assertThat(name.format()).as(resource[1]).isEqualTo("name");
      assertThat(name.description()).as(resource[1]).startsWith("Name must be unique");
      if (!resource[1].equals("events")) {
        assertThat(columns.get(0)).as(resource[1]).isEqualTo(name);
      }
      assertThat(printer.cells(empty, NOW)).as(resource[1]).hasSameSizeAs(columns);
    }
  }

  @Test
  void ageIsUnknownWithoutACreationTimestamp() {
    var ns = Json.MAPPER.readTree("{\"metadata\": {\"name\": \"x\"}, \"status\": {}}");
    assertThat(TablePrinters.forResource("", "namespaces").cells(ns, NOW))
        .containsExactly("x", "", "<unknown>");
  }

  @Test
  void wideColumnsHavePriorityOne() {
    assertThat(TablePrinters.forResource("apps", "deployments").columns())
        .extracting(Column::priority)
        .containsExactly(0, 0, 0, 0, 0, 1, 1, 1);
    assertThat(TablePrinters.forResource("", "events").columns())
        .extracting(Column::priority)
        .containsExactly(0, 0, 0, 0, 1, 1, 0, 1, 1, 1);
    assertThat(TablePrinters.forResource("", "services").columns().get(6))
        .extracting(Column::name, Column::type, Column::priority)
        .containsExactly("Selector", "string", 1);
  }
}

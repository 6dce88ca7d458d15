package io.kubesim.apiserver.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.core.api.FieldError;
import io.kubesim.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ValidationTest {

  record Case(
      String name, String group, String kind, String object, String old, List<String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final String LABEL_VALUE_MSG =
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or"
          + " '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or"
          + " 'my_value',  or '12345', regex used for validation is"
          + " '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
  private static final String NAME_PART_MSG =
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end"
          + " with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex"
          + " used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
  private static final String DNS1123_LABEL_MSG =
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and"
          + " must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc',"
          + " regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
  private static final String DNS1123_SUBDOMAIN_MSG =
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or"
          + " '.', and must start and end with an alphanumeric character (e.g. 'example.com',"
          + " regex used for validation is"
          + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
  private static final String DNS1035_MSG =
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an"
          + " alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or"
          + " 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
  private static final String QUANTITY_MSG =
      "quantities must match the regular expression"
          + " '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
  private static final String POD_UPDATE_MSG =
      "pod updates may not change fields other than `spec.containers[*].image`,"
          + "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only"
          + " additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to"
          + " be set to 1 if it was previously negative)";

  private static final String SERVICE =
      ",\"service\":{\"namespace\":\"kube-system\",\"name\":\"metrics-server\",\"port\":443}";

  /** An APIService with priorities 100/100; {@code specTail} follows them in its spec. */
  private static String apiService(String name, String group, String version, String specTail) {
    return """
        {"metadata":{"name":"%s"},
         "spec":{"group":"%s","version":"%s","groupPriorityMinimum":100,"versionPriority":100%s}}"""
        .formatted(name, group, version, specTail);
  }

  /** A ReplicationController with this selector, template labels and pod spec tail. */
  private static String rc(String selector, String labels, String podSpecTail) {
    return """
        {"metadata":{"name":"web","namespace":"default","resourceVersion":"1"},
         "spec":{"replicas":2,"selector":%s,
                 "template":{"metadata":{"labels":%s},
                             "spec":{"containers":[{"name":"a","image":"b"}]%s}}}}"""
        .formatted(selector, labels, podSpecTail);
  }

  /** A pod; {@code %s} is replaced by the text inside spec after "containers". */
  private static String pod(String containers, String rest) {
    return """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"default"},
         "spec":{"containers":%s%s}}
        """
        .formatted(containers, rest);
  }

  private static final String NGINX =
      """
      [{"name":"nginx","image":"nginx:1.27","ports":[{"containerPort":80,"protocol":"TCP"}]}]""";

  private static String deployment(String spec) {
    return """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default"},
         "spec":%s}
        """
        .formatted(spec);
  }

  private static final String DEPLOYMENT_SPEC =
      """
      {"replicas":2,"selector":{"matchLabels":{"app":"web"}},
       "template":{"metadata":{"labels":{"app":"web"}},
                   "spec":{"restartPolicy":"Always","containers":[{"name":"nginx","image":"nginx"}]}},
       "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":"25%"}},
       "revisionHistoryLimit":10,"progressDeadlineSeconds":600}""";

  private static String job(String restart, String extra) {
    return """
        {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"pi","namespace":"default"},
         "spec":{"selector":{"matchLabels":{"batch.kubernetes.io/controller-uid":"u1"}},%s
                 "template":{"metadata":{"labels":{"batch.kubernetes.io/controller-uid":"u1"}},
                             "spec":{"restartPolicy":"%s","containers":[{"name":"pi","image":"perl"}]}}}}
        """
        .formatted(extra, restart);
  }

  private static String cronJob(String schedule, String extra) {
    return """
        {"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"tick","namespace":"default"},
         "spec":{"schedule":"%s",%s"jobTemplate":{"spec":{"template":{"spec":{
                 "restartPolicy":"OnFailure","containers":[{"name":"tick","image":"busybox"}]}}}}}}
        """
        .formatted(schedule, extra);
  }

  private static String service(String spec) {
    return """
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"default"},
         "spec":%s}
        """
        .formatted(spec);
  }

  private static String pvc(String spec, String status) {
    return """
        {"apiVersion":"v1","kind":"PersistentVolumeClaim",
         "metadata":{"name":"data","namespace":"default"},"spec":%s,"status":%s}
        """
        .formatted(spec, status);
  }

  static Stream<Case> cases() {
    return Stream.of(
        // ---- valid objects, one per kind ----
        new Case(
            "a valid pod has no errors",
            "",
            "Pod",
            pod(NGINX, ",\"restartPolicy\":\"Always\",\"dnsPolicy\":\"ClusterFirst\""),
            null,
            List.of()),
        new Case(
            "a valid deployment has no errors",
            "apps",
            "Deployment",
            deployment(DEPLOYMENT_SPEC),
            null,
            List.of()),
        new Case(
            "a valid replica set has no errors",
            "apps",
            "ReplicaSet",
            """
            {"metadata":{"name":"web-1","namespace":"default"},
             "spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},
                     "template":{"metadata":{"labels":{"app":"web"}},
                                 "spec":{"containers":[{"name":"a","image":"b"}]}}}}""",
            null,
            List.of()),
        new Case(
            "a valid replication controller has no errors",
            "",
            "ReplicationController",
            rc("{\"app\":\"web\"}", "{\"app\":\"web\",\"tier\":\"fe\"}", ""),
            null,
            List.of()),
        new Case(
            "a replication controller's template must carry every label of its selector",
            "",
            "ReplicationController",
            rc("{\"app\":\"web\",\"tier\":\"fe\"}", "{\"app\":\"web\"}", ""),
            null,
            List.of(
                "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}:"
                    + " `selector` does not match template `labels`")),
        new Case(
            "a replication controller needs a selector and a template",
            "",
            "ReplicationController",
            """
            {"metadata":{"name":"web","namespace":"default"},"spec":{"replicas":-1}}""",
            null,
            List.of(
                "spec.selector: Required value",
                "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
                "spec.template: Required value")),
        new Case(
            "a replication controller's pods restart Always and have no deadline",
            "",
            "ReplicationController",
            rc(
                "{\"app\":\"web\"}",
                "{\"app\":\"web\"}",
                ",\"restartPolicy\":\"OnFailure\",\"activeDeadlineSeconds\":30"),
            null,
            List.of(
                "spec.template.spec.restartPolicy: Unsupported value: \"OnFailure\": supported"
                    + " values: \"Always\"",
                "spec.template.spec.activeDeadlineSeconds: Invalid value: 30: must not be"
                    + " specified")),
        new Case(
            "a replication controller's selector may change on update",
            "",
            "ReplicationController",
            rc("{\"app\":\"web\",\"tier\":\"fe\"}", "{\"app\":\"web\",\"tier\":\"fe\"}", ""),
            rc("{\"app\":\"web\"}", "{\"app\":\"web\",\"tier\":\"fe\"}", ""),
            List.of()),
        new Case(
            "a valid aggregated API service has no errors",
            "apiregistration.k8s.io",
            "APIService",
            apiService("v1beta1.metrics.k8s.io", "metrics.k8s.io", "v1beta1", SERVICE),
            null,
            List.of()),
        new Case(
            "the core group's API service is v1. with an empty group",
            "apiregistration.k8s.io",
            "APIService",
            apiService("v1.", "", "v1", ""),
            null,
            List.of()),
        new Case(
            "an API service's name must be its version and group",
            "apiregistration.k8s.io",
            "APIService",
            apiService("metrics", "metrics.k8s.io", "v1beta1", SERVICE),
            null,
            List.of(
                "metadata.name: Invalid value: \"metrics\": must be"
                    + " `spec.version+\".\"+spec.group`: \"v1beta1.metrics.k8s.io\"")),
        new Case(
            "only v1 may have an empty group, and versions are DNS-1035 labels",
            "apiregistration.k8s.io",
            "APIService",
            apiService("V2.", "", "V2", ""),
            null,
            List.of(
                "spec.group: Required value: only v1 may have an empty group and it better be"
                    + " legacy kube",
                "spec.version: Invalid value: \"V2\": " + DNS1035_MSG)),
        new Case(
            "an API service's priorities and port have ranges",
            "apiregistration.k8s.io",
            "APIService",
            """
            {"metadata":{"name":"v1.x.io"},
             "spec":{"group":"x.io","version":"v1","groupPriorityMinimum":20001,"versionPriority":0,
                     "service":{"namespace":"x","port":0}}}""",
            null,
            List.of(
                "spec.groupPriorityMinimum: Invalid value: 20001: must be positive and less than"
                    + " 20000",
                "spec.versionPriority: Invalid value: 0: must be positive and less than 1000",
                "spec.service.name: Required value",
                "spec.service.port: Invalid value: 0: port is not valid: must be between 1 and"
                    + " 65535, inclusive")),
        new Case(
            "a local API service has no TLS settings",
            "apiregistration.k8s.io",
            "APIService",
            apiService(
                "v1.x.io", "x.io", "v1", ",\"caBundle\":\"AAAA\",\"insecureSkipTLSVerify\":true"),
            null,
            List.of(
                "spec.caBundle: Invalid value: \"3 bytes\": local APIServices may not have a"
                    + " caBundle",
                "spec.insecureSkipTLSVerify: Invalid value: true: local APIServices may not have"
                    + " insecureSkipTLSVerify")),
        new Case(
            "an API service's conditions are True, False or Unknown",
            "apiregistration.k8s.io",
            "APIService",
            """
            {"metadata":{"name":"v1.apps"},
             "spec":{"group":"apps","version":"v1","groupPriorityMinimum":17800,"versionPriority":15},
             "status":{"conditions":[{"type":"Available","status":"Maybe"}]}}""",
            null,
            List.of(
                "status.conditions[0].status: Unsupported value: \"Maybe\": supported values:"
                    + " \"True\", \"False\", \"Unknown\"")),
        new Case(
            "a valid stateful set has no errors",
            "apps",
            "StatefulSet",
            """
            {"metadata":{"name":"db","namespace":"default"},
             "spec":{"replicas":3,"podManagementPolicy":"OrderedReady",
                     "updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":0}},
                     "selector":{"matchExpressions":[{"key":"app","operator":"In","values":["db"]}]},
                     "template":{"metadata":{"labels":{"app":"db"}},
                                 "spec":{"containers":[{"name":"pg","image":"postgres"}]}}}}""",
            null,
            List.of()),
        new Case(
            "a valid daemon set has no errors",
            "apps",
            "DaemonSet",
            """
            {"metadata":{"name":"agent","namespace":"kube-system"},
             "spec":{"selector":{"matchLabels":{"app":"agent"}},
                     "updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1,"maxSurge":0}},
                     "template":{"metadata":{"labels":{"app":"agent"}},
                                 "spec":{"containers":[{"name":"a","image":"b"}]}}}}""",
            null,
            List.of()),
        new Case(
            "a valid job has no errors",
            "batch",
            "Job",
            job("Never", "\"backoffLimit\":6,\"parallelism\":1,\"completions\":1,"),
            null,
            List.of()),
        new Case(
            "a valid cron job with steps and names has no errors",
            "batch",
            "CronJob",
            cronJob("*/5 9-17 * JAN-dec mon-fri", "\"concurrencyPolicy\":\"Forbid\","),
            null,
            List.of()),
        new Case(
            "a cron job may use the @hourly descriptor",
            "batch",
            "CronJob",
            cronJob("@hourly", ""),
            null,
            List.of()),
        new Case(
            "a cron job may name an IANA time zone",
            "batch",
            "CronJob",
            cronJob("0 9 * * *", "\"timeZone\":\"Europe/Paris\","),
            null,
            List.of()),
        new Case(
            "a valid service has no errors",
            "",
            "Service",
            service(
                """
                {"type":"NodePort","clusterIP":"10.96.0.10","clusterIPs":["10.96.0.10"],
                 "selector":{"app":"web"},"sessionAffinity":"None",
                 "ports":[{"name":"http","port":80,"targetPort":"http","protocol":"TCP","nodePort":30080},
                          {"name":"https","port":443,"targetPort":8443,"protocol":"TCP"}]}"""),
            null,
            List.of()),
        new Case(
            "a headless service without ports is valid",
            "",
            "Service",
            service("{\"clusterIP\":\"None\",\"type\":\"ClusterIP\"}"),
            null,
            List.of()),
        new Case(
            "a valid config map has no errors",
            "",
            "ConfigMap",
            """
            {"metadata":{"name":"cfg","namespace":"default"},"data":{"app.properties":"a=b","KEY_1":"x"}}""",
            null,
            List.of()),
        new Case(
            "a valid tls secret has no errors",
            "",
            "Secret",
            """
            {"metadata":{"name":"tls","namespace":"default"},"type":"kubernetes.io/tls",
             "data":{"tls.crt":"Y2VydA==","tls.key":"a2V5"}}""",
            null,
            List.of()),
        new Case(
            "a valid claim has no errors",
            "",
            "PersistentVolumeClaim",
            pvc(
                "{\"accessModes\":[\"ReadWriteOnce\"],\"resources\":{\"requests\":{\"storage\":\"1Gi\"}},\"volumeMode\":\"Filesystem\"}",
                "{}"),
            null,
            List.of()),
        new Case(
            "a valid persistent volume has no errors",
            "",
            "PersistentVolume",
            """
            {"metadata":{"name":"pv1"},"spec":{"capacity":{"storage":"5Gi"},"accessModes":["ReadWriteOnce"],
             "persistentVolumeReclaimPolicy":"Retain","hostPath":{"path":"/data"}}}""",
            null,
            List.of()),
        new Case(
            "a valid namespace has no errors",
            "",
            "Namespace",
            "{\"metadata\":{\"name\":\"team-a\"},\"spec\":{\"finalizers\":[\"kubernetes\"]}}",
            null,
            List.of()),
        new Case(
            "a valid node has no errors",
            "",
            "Node",
            """
            {"metadata":{"name":"node-1.example"},"spec":{"taints":[{"key":"dedicated","value":"gpu","effect":"NoSchedule"}]}}""",
            null,
            List.of()),
        new Case(
            "a valid lease has no errors",
            "coordination.k8s.io",
            "Lease",
            """
            {"metadata":{"name":"kube-scheduler","namespace":"kube-system"},
             "spec":{"holderIdentity":"a","leaseDurationSeconds":15,"leaseTransitions":0}}""",
            null,
            List.of()),
        new Case(
            "a valid ingress has no errors",
            "networking.k8s.io",
            "Ingress",
            """
            {"metadata":{"name":"web","namespace":"default"},
             "spec":{"rules":[{"host":"*.example.com","http":{"paths":[
               {"path":"/","pathType":"Prefix","backend":{"service":{"name":"web","port":{"number":80}}}}]}}]}}""",
            null,
            List.of()),
        new Case(
            "a valid ingress class has no errors",
            "networking.k8s.io",
            "IngressClass",
            "{\"metadata\":{\"name\":\"nginx\"},\"spec\":{\"controller\":\"k8s.io/ingress-nginx\"}}",
            null,
            List.of()),
        new Case(
            "a valid storage class has no errors",
            "storage.k8s.io",
            "StorageClass",
            """
            {"metadata":{"name":"standard"},"provisioner":"rancher.io/local-path",
             "reclaimPolicy":"Delete","volumeBindingMode":"WaitForFirstConsumer"}""",
            null,
            List.of()),
        new Case(
            "a valid endpoint slice has no errors",
            "discovery.k8s.io",
            "EndpointSlice",
            """
            {"metadata":{"name":"web-abc","namespace":"default"},"addressType":"IPv4",
             "endpoints":[{"addresses":["10.0.0.1"]}],"ports":[{"name":"http","port":80,"protocol":"TCP"}]}""",
            null,
            List.of()),
        new Case(
            "a valid event has no errors",
            "",
            "Event",
            """
            {"metadata":{"name":"web.17a","namespace":"default"},
             "involvedObject":{"kind":"Pod","name":"web","namespace":"default"},"reason":"Started"}""",
            null,
            List.of()),

        // ---- object meta ----
        new Case(
            "a label value with a space is invalid",
            "",
            "ConfigMap",
            "{\"metadata\":{\"name\":\"c\",\"namespace\":\"default\",\"labels\":{\"app\":\"bad value\"}}}",
            null,
            List.of("metadata.labels: Invalid value: \"bad value\": " + LABEL_VALUE_MSG)),
        new Case(
            "a label key with an empty prefix is invalid",
            "",
            "ConfigMap",
            "{\"metadata\":{\"name\":\"c\",\"namespace\":\"default\",\"labels\":{\"/app\":\"x\"}}}",
            null,
            List.of("metadata.labels: Invalid value: \"/app\": prefix part must be non-empty")),
        new Case(
            "a label name longer than 63 characters is invalid",
            "",
            "ConfigMap",
            "{\"metadata\":{\"name\":\"c\",\"namespace\":\"default\",\"labels\":{\""
                + "a".repeat(64)
                + "\":\"x\"}}}",
            null,
            List.of(
                "metadata.labels: Invalid value: \""
                    + "a".repeat(64)
                    + "\": name part must be no more than 63 characters")),
        new Case(
            "an annotation key starting with a dash is invalid",
            "",
            "ConfigMap",
            "{\"metadata\":{\"name\":\"c\",\"namespace\":\"default\",\"annotations\":{\"-note\":\"x\"}}}",
            null,
            List.of("metadata.annotations: Invalid value: \"-note\": " + NAME_PART_MSG)),
        new Case(
            "annotations over 256 KiB in total are too long",
            "",
            "ConfigMap",
            "{\"metadata\":{\"name\":\"c\",\"namespace\":\"default\",\"annotations\":{\"big\":\""
                + "x".repeat(262142)
                + "\"}}}",
            null,
            List.of("metadata.annotations: Too long: must have at most 262144 bytes")),
        new Case(
            "a service name must be a DNS-1035 label",
            "",
            "Service",
            service("{\"ports\":[{\"port\":80}]}").replace("\"name\":\"web\"", "\"name\":\"1web\""),
            null,
            List.of("metadata.name: Invalid value: \"1web\": " + DNS1035_MSG)),
        new Case(
            "a namespace name must be a DNS-1123 label",
            "",
            "Namespace",
            "{\"metadata\":{\"name\":\"team.a\"}}",
            null,
            List.of("metadata.name: Invalid value: \"team.a\": " + DNS1123_LABEL_MSG)),
        new Case(
            "a config map name must be a DNS-1123 subdomain",
            "",
            "ConfigMap",
            "{\"metadata\":{\"name\":\"Cfg\",\"namespace\":\"default\"}}",
            null,
            List.of("metadata.name: Invalid value: \"Cfg\": " + DNS1123_SUBDOMAIN_MSG)),
        new Case(
            "a missing name without generateName is required",
            "",
            "ConfigMap",
            "{\"metadata\":{\"namespace\":\"default\"}}",
            null,
            List.of("metadata.name: Required value: name or generateName is required")),
        new Case(
            "a generateName ending in a dash is fine but an upper-case one is not",
            "",
            "ConfigMap",
            "{\"metadata\":{\"name\":\"ok\",\"generateName\":\"Web-\",\"namespace\":\"default\"}}",
            null,
            List.of("metadata.generateName: Invalid value: \"Web-\": " + DNS1123_SUBDOMAIN_MSG)),
        new Case(
            "renaming an object is forbidden",
            "",
            "ConfigMap",
            "{\"metadata\":{\"name\":\"b\",\"namespace\":\"default\",\"uid\":\"u1\"}}",
            "{\"metadata\":{\"name\":\"a\",\"namespace\":\"default\",\"uid\":\"u1\"}}",
            List.of("metadata.name: Invalid value: \"b\": field is immutable")),
        new Case(
            "changing the uid or creation timestamp is forbidden",
            "",
            "ConfigMap",
            "{\"metadata\":{\"name\":\"a\",\"namespace\":\"default\",\"uid\":\"u2\",\"creationTimestamp\":\"2024-05-01T10:00:00Z\"}}",
            "{\"metadata\":{\"name\":\"a\",\"namespace\":\"default\",\"uid\":\"u1\",\"creationTimestamp\":\"2024-01-01T00:00:00Z\"}}",
            List.of(
                "metadata.uid: Invalid value: \"u2\": field is immutable",
                "metadata.creationTimestamp: Invalid value: 2024-05-01 10:00:00 +0000 UTC: field is immutable")),

        // ---- pod spec ----
        new Case(
            "a pod without containers is invalid",
            "",
            "Pod",
            pod("[]", ""),
            null,
            List.of("spec.containers: Required value")),
        new Case(
            "a container needs an image and a DNS-1123 label name",
            "",
            "Pod",
            pod("[{\"name\":\"Web_1\"}]", ""),
            null,
            List.of(
                "spec.containers[0].name: Invalid value: \"Web_1\": " + DNS1123_LABEL_MSG,
                "spec.containers[0].image: Required value")),
        new Case(
            "container names must be unique",
            "",
            "Pod",
            pod("[{\"name\":\"a\",\"image\":\"x\"},{\"name\":\"a\",\"image\":\"y\"}]", ""),
            null,
            List.of("spec.containers[1].name: Duplicate value: \"a\"")),
        new Case(
            "a container port must be between 1 and 65535",
            "",
            "Pod",
            pod(
                "[{\"name\":\"a\",\"image\":\"x\",\"ports\":[{\"containerPort\":70000,\"protocol\":\"TCP\"}]}]",
                ""),
            null,
            List.of(
                "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive")),
        new Case(
            "an unknown port protocol is not supported",
            "",
            "Pod",
            pod(
                "[{\"name\":\"a\",\"image\":\"x\",\"ports\":[{\"containerPort\":53,\"protocol\":\"ICMP\"}]}]",
                ""),
            null,
            List.of(
                "spec.containers[0].ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\"")),
        new Case(
            "a port name must follow the IANA service name rules",
            "",
            "Pod",
            pod(
                "[{\"name\":\"a\",\"image\":\"x\",\"ports\":[{\"name\":\"Web--port-name-long\",\"containerPort\":80}]}]",
                ""),
            null,
            List.of(
                "spec.containers[0].ports[0].name: Invalid value: \"Web--port-name-long\": must be no more than 15 characters",
                "spec.containers[0].ports[0].name: Invalid value: \"Web--port-name-long\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
                "spec.containers[0].ports[0].name: Invalid value: \"Web--port-name-long\": must not contain consecutive hyphens")),
        new Case(
            "an env name with '=' is invalid",
            "",
            "Pod",
            pod(
                "[{\"name\":\"a\",\"image\":\"x\",\"env\":[{\"name\":\"A=B\",\"value\":\"1\"},{\"name\":\"my.var-1\"}]}]",
                ""),
            null,
            List.of(
                "spec.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='")),
        new Case(
            "a cpu request above its limit is invalid",
            "",
            "Pod",
            pod(
                "[{\"name\":\"a\",\"image\":\"x\",\"resources\":{\"limits\":{\"cpu\":\"500m\",\"memory\":\"128Mi\"},\"requests\":{\"cpu\":\"1\",\"memory\":\"64Mi\"}}}]",
                ""),
            null,
            List.of(
                "spec.containers[0].resources.requests: Invalid value: \"1\": must be less than or equal to cpu limit of 500m")),
        new Case(
            "a malformed memory quantity reports the quantity syntax",
            "",
            "Pod",
            pod(
                "[{\"name\":\"a\",\"image\":\"x\",\"resources\":{\"limits\":{\"memory\":\"12 GB\"}}}]",
                ""),
            null,
            List.of(
                "spec.containers[0].resources.limits[memory]: Invalid value: \"12 GB\": "
                    + QUANTITY_MSG)),
        new Case(
            "an unknown restart policy and dns policy are not supported",
            "",
            "Pod",
            pod(NGINX, ",\"restartPolicy\":\"Sometimes\",\"dnsPolicy\":\"Google\""),
            null,
            List.of(
                "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"",
                "spec.dnsPolicy: Unsupported value: \"Google\": supported values: \"ClusterFirstWithHostNet\", \"ClusterFirst\", \"Default\", \"None\"")),
        new Case(
            "a volume mount must name an existing volume",
            "",
            "Pod",
            pod(
                "[{\"name\":\"a\",\"image\":\"x\",\"volumeMounts\":[{\"name\":\"data\",\"mountPath\":\"/data\"}]}]",
                ",\"volumes\":[{\"name\":\"cache\",\"emptyDir\":{}}]"),
            null,
            List.of("spec.containers[0].volumeMounts[0].name: Not found: \"data\"")),
        new Case(
            "volume names must be unique and each volume has exactly one source",
            "",
            "Pod",
            pod(
                NGINX,
                ",\"volumes\":[{\"name\":\"v\",\"emptyDir\":{},\"hostPath\":{\"path\":\"/x\"}},{\"name\":\"v\"}]"),
            null,
            List.of(
                "spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type",
                "spec.volumes[1].name: Duplicate value: \"v\"",
                "spec.volumes[1]: Required value: must specify a volume type")),
        new Case(
            "a negative probe period and a liveness success threshold other than 1 are invalid",
            "",
            "Pod",
            pod(
                "[{\"name\":\"a\",\"image\":\"x\",\"livenessProbe\":{\"httpGet\":{\"path\":\"/\",\"port\":8080,\"scheme\":\"HTTP\"},\"periodSeconds\":-1,\"successThreshold\":2}}]",
                ""),
            null,
            List.of(
                "spec.containers[0].livenessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0",
                "spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1")),
        new Case(
            "a probe needs a handler",
            "",
            "Pod",
            pod("[{\"name\":\"a\",\"image\":\"x\",\"readinessProbe\":{\"periodSeconds\":10}}]", ""),
            null,
            List.of(
                "spec.containers[0].readinessProbe: Required value: must specify a handler type")),
        new Case(
            "a negative termination grace period is invalid",
            "",
            "Pod",
            pod(NGINX, ",\"terminationGracePeriodSeconds\":-5"),
            null,
            List.of(
                "spec.terminationGracePeriodSeconds: Invalid value: -5: must be greater than or equal to 0")),

        // ---- pod updates ----
        new Case(
            "a pod update may change the image",
            "",
            "Pod",
            pod(
                "[{\"name\":\"nginx\",\"image\":\"nginx:1.28\",\"ports\":[{\"containerPort\":80,\"protocol\":\"TCP\"}]}]",
                ""),
            pod(NGINX, ""),
            List.of()),
        new Case(
            "a pod update may add tolerations but not change ports",
            "",
            "Pod",
            pod(
                "[{\"name\":\"nginx\",\"image\":\"nginx:1.27\",\"ports\":[{\"containerPort\":81,\"protocol\":\"TCP\"}]}]",
                ""),
            pod(NGINX, ""),
            List.of("spec: Forbidden: " + POD_UPDATE_MSG)),
        new Case(
            "a pod update adding a toleration is allowed",
            "",
            "Pod",
            pod(
                NGINX,
                ",\"tolerations\":[{\"key\":\"a\",\"operator\":\"Exists\"},{\"key\":\"b\",\"operator\":\"Exists\"}]"),
            pod(NGINX, ",\"tolerations\":[{\"key\":\"a\",\"operator\":\"Exists\"}]"),
            List.of()),

        // ---- workloads ----
        new Case(
            "negative replicas are invalid",
            "apps",
            "Deployment",
            deployment(DEPLOYMENT_SPEC.replace("\"replicas\":2", "\"replicas\":-1")),
            null,
            List.of("spec.replicas: Invalid value: -1: must be greater than or equal to 0")),
        new Case(
            "a deployment without a selector is invalid",
            "apps",
            "Deployment",
            deployment(
                DEPLOYMENT_SPEC.replace("\"selector\":{\"matchLabels\":{\"app\":\"web\"}},", "")),
            null,
            List.of("spec.selector: Required value")),
        new Case(
            "an empty deployment selector is invalid",
            "apps",
            "Deployment",
            deployment(
                DEPLOYMENT_SPEC.replace(
                    "\"selector\":{\"matchLabels\":{\"app\":\"web\"}}", "\"selector\":{}")),
            null,
            List.of(
                "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment")),
        new Case(
            "template labels must match the selector",
            "apps",
            "Deployment",
            deployment(
                DEPLOYMENT_SPEC.replace(
                    "\"labels\":{\"app\":\"web\"}", "\"labels\":{\"app\":\"x\"}")),
            null,
            List.of(
                "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"x\"}: `selector` does not match template `labels`")),
        new Case(
            "a deployment template must restart Always",
            "apps",
            "Deployment",
            deployment(
                DEPLOYMENT_SPEC.replace(
                    "\"restartPolicy\":\"Always\"", "\"restartPolicy\":\"OnFailure\"")),
            null,
            List.of(
                "spec.template.spec.restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\"")),
        new Case(
            "maxUnavailable may not be 0 when maxSurge is 0",
            "apps",
            "Deployment",
            deployment(
                DEPLOYMENT_SPEC.replace(
                    "\"maxUnavailable\":\"25%\",\"maxSurge\":\"25%\"",
                    "\"maxUnavailable\":0,\"maxSurge\":\"0%\"")),
            null,
            List.of(
                "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0")),
        new Case(
            "maxUnavailable above 100% and a negative maxSurge are invalid",
            "apps",
            "Deployment",
            deployment(
                DEPLOYMENT_SPEC.replace(
                    "\"maxUnavailable\":\"25%\",\"maxSurge\":\"25%\"",
                    "\"maxUnavailable\":\"120%\",\"maxSurge\":-1")),
            null,
            List.of(
                "spec.strategy.rollingUpdate.maxSurge: Invalid value: -1: must be greater than or equal to 0",
                "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 120%: must not be greater than 100%")),
        new Case(
            "an unknown strategy type is not supported",
            "apps",
            "Deployment",
            deployment(
                DEPLOYMENT_SPEC.replace(
                    "\"strategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxUnavailable\":\"25%\",\"maxSurge\":\"25%\"}}",
                    "\"strategy\":{\"type\":\"BlueGreen\"}")),
            null,
            List.of(
                "spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:\"BlueGreen\", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: \"Recreate\", \"RollingUpdate\"")),
        new Case(
            "a negative revision history limit and a progress deadline not above minReadySeconds are invalid",
            "apps",
            "Deployment",
            deployment(
                DEPLOYMENT_SPEC.replace(
                    "\"revisionHistoryLimit\":10,\"progressDeadlineSeconds\":600",
                    "\"revisionHistoryLimit\":-2,\"progressDeadlineSeconds\":30,\"minReadySeconds\":30")),
            null,
            List.of(
                "spec.revisionHistoryLimit: Invalid value: -2: must be greater than or equal to 0",
                "spec.progressDeadlineSeconds: Invalid value: 30: must be greater than minReadySeconds")),
        new Case(
            "a deployment selector may not change",
            "apps",
            "Deployment",
            deployment(DEPLOYMENT_SPEC.replace("\"app\":\"web\"", "\"app\":\"web2\"")),
            deployment(DEPLOYMENT_SPEC),
            List.of(
                "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web2\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable")),
        new Case(
            "an empty stateful set selector and a bad pod management policy are invalid",
            "apps",
            "StatefulSet",
            """
            {"metadata":{"name":"db","namespace":"default"},
             "spec":{"replicas":1,"podManagementPolicy":"Random","selector":{"matchLabels":{}},
                     "template":{"metadata":{"labels":{"app":"db"}},"spec":{"containers":[{"name":"a","image":"b"}]}}}}""",
            null,
            List.of(
                "spec.podManagementPolicy: Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'",
                "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for statefulset")),
        new Case(
            "a stateful set's negative start ordinal, unknown claim retention and active deadline"
                + " are invalid",
            "apps",
            "StatefulSet",
            """
            {"metadata":{"name":"db","namespace":"default"},
             "spec":{"replicas":1,"ordinals":{"start":-1},"selector":{"matchLabels":{"app":"db"}},
                     "persistentVolumeClaimRetentionPolicy":{"whenDeleted":"Retain","whenScaled":"Keep"},
                     "template":{"metadata":{"labels":{"app":"db"}},
                                 "spec":{"activeDeadlineSeconds":30,"containers":[{"name":"a","image":"b"}]}}}}""",
            null,
            List.of(
                "spec.persistentVolumeClaimRetentionPolicy.whenScaled: Unsupported value: \"Keep\": supported values: \"Retain\", \"Delete\"",
                "spec.ordinals.start: Invalid value: -1: must be greater than or equal to 0",
                "spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet is not Supported")),
        new Case(
            "a stateful set's template may mount a claim template's volume: its pod spec is not"
                + " validated",
            "apps",
            "StatefulSet",
            """
            {"metadata":{"name":"web","namespace":"default"},
             "spec":{"replicas":1,"serviceName":"nginx","selector":{"matchLabels":{"app":"nginx"}},
                     "template":{"metadata":{"labels":{"app":"nginx"}},
                                 "spec":{"containers":[{"name":"nginx","image":"nginx",
                                   "volumeMounts":[{"name":"www","mountPath":"/usr/share/nginx/html"}]}]}},
                     "volumeClaimTemplates":[{"metadata":{"name":"www"},
                       "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}]}}""",
            null,
            List.of()),
        new Case(
            "a stateful set may not change its service name",
            "apps",
            "StatefulSet",
            """
            {"metadata":{"name":"db","namespace":"default"},
             "spec":{"replicas":5,"serviceName":"db2","selector":{"matchLabels":{"app":"db"}},
                     "template":{"metadata":{"labels":{"app":"db"}},"spec":{"containers":[{"name":"a","image":"b"}]}}}}""",
            """
            {"metadata":{"name":"db","namespace":"default"},
             "spec":{"replicas":1,"serviceName":"db","selector":{"matchLabels":{"app":"db"}},
                     "template":{"metadata":{"labels":{"app":"db"}},"spec":{"containers":[{"name":"a","image":"b"}]}}}}""",
            List.of(
                "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden")),
        new Case(
            "a daemon set with both maxSurge and maxUnavailable set is invalid",
            "apps",
            "DaemonSet",
            """
            {"metadata":{"name":"agent","namespace":"default"},
             "spec":{"selector":{"matchLabels":{"app":"agent"}},
                     "updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1,"maxSurge":1}},
                     "template":{"metadata":{"labels":{"app":"agent"}},"spec":{"containers":[{"name":"a","image":"b"}]}}}}""",
            null,
            List.of(
                "spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero")),
        new Case(
            "a controller revision needs its data and a revision that is not negative",
            "apps",
            "ControllerRevision",
            """
            {"metadata":{"name":"agent-5d887d4f4f","namespace":"default"},"revision":-1}""",
            null,
            List.of(
                "data: Required value: data is mandatory",
                "revision: Invalid value: -1: must be greater than or equal to 0")),
        new Case(
            "a controller revision may be renumbered",
            "apps",
            "ControllerRevision",
            """
            {"metadata":{"name":"agent-5d887d4f4f","namespace":"default"},
             "data":{"spec":{"template":{"$patch":"replace"}}},"revision":3}""",
            """
            {"metadata":{"name":"agent-5d887d4f4f","namespace":"default"},
             "data":{"spec":{"template":{"$patch":"replace"}}},"revision":1}""",
            List.of()),
        new Case(
            "a controller revision's data is immutable",
            "apps",
            "ControllerRevision",
            """
            {"metadata":{"name":"agent-5d887d4f4f","namespace":"default"},
             "data":{"spec":{"template":{"$patch":"replace","spec":{}}}},"revision":1}""",
            """
            {"metadata":{"name":"agent-5d887d4f4f","namespace":"default"},
             "data":{"spec":{"template":{"$patch":"replace"}}},"revision":1}""",
            List.of("data: Invalid value: runtime.Object{...}: field is immutable")),

        // ---- batch ----
        new Case(
            "a job template may not restart Always",
            "batch",
            "Job",
            job("Always", ""),
            null,
            List.of(
                "spec.template.spec.restartPolicy: Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\"")),
        new Case(
            "negative job counts are invalid",
            "batch",
            "Job",
            job("Never", "\"parallelism\":-1,\"completions\":-2,\"backoffLimit\":-3,"),
            null,
            List.of(
                "spec.parallelism: Invalid value: -1: must be greater than or equal to 0",
                "spec.completions: Invalid value: -2: must be greater than or equal to 0",
                "spec.backoffLimit: Invalid value: -3: must be greater than or equal to 0")),
        new Case(
            "a job template may not change",
            "batch",
            "Job",
            job("OnFailure", ""),
            job("Never", ""),
            List.of("spec.template: Invalid value: core.PodTemplateSpec{...}: field is immutable")),
        new Case(
            "a cron job needs a schedule",
            "batch",
            "CronJob",
            cronJob("", ""),
            null,
            List.of("spec.schedule: Required value")),
        new Case(
            "a cron schedule needs five fields",
            "batch",
            "CronJob",
            cronJob("every minute", ""),
            null,
            List.of(
                "spec.schedule: Invalid value: \"every minute\": expected exactly 5 fields, found 2: [every minute]")),
        new Case(
            "a cron hour above 23 is out of range",
            "batch",
            "CronJob",
            cronJob("0 24 * * *", ""),
            null,
            List.of(
                "spec.schedule: Invalid value: \"0 24 * * *\": end of range (24) above maximum (23): 24")),
        new Case(
            "a cron field that is not a number fails to parse",
            "batch",
            "CronJob",
            cronJob("x * * * *", ""),
            null,
            List.of(
                "spec.schedule: Invalid value: \"x * * * *\": failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax")),
        new Case(
            "an unknown cron descriptor is rejected",
            "batch",
            "CronJob",
            cronJob("@fortnightly", ""),
            null,
            List.of(
                "spec.schedule: Invalid value: \"@fortnightly\": unrecognized descriptor: @fortnightly")),
        new Case(
            "a cron job time zone the zone database does not know is invalid",
            "batch",
            "CronJob",
            cronJob("0 * * * *", "\"timeZone\":\"Mars/Olympus_Mons\","),
            null,
            List.of(
                "spec.timeZone: Invalid value: \"Mars/Olympus_Mons\": unknown time zone Mars/Olympus_Mons")),
        new Case(
            "an unknown concurrency policy is not supported",
            "batch",
            "CronJob",
            cronJob("0 * * * *", "\"concurrencyPolicy\":\"Sometimes\","),
            null,
            List.of(
                "spec.concurrencyPolicy: Unsupported value: \"Sometimes\": supported values: \"Allow\", \"Forbid\", \"Replace\"")),
        new Case(
            "a cron job template is validated like a job",
            "batch",
            "CronJob",
            cronJob("0 * * * *", "").replace("OnFailure", "Always"),
            null,
            List.of(
                "spec.jobTemplate.spec.template.spec.restartPolicy: Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\"")),

        // ---- services ----
        new Case(
            "a cluster IP service needs ports",
            "",
            "Service",
            service("{\"type\":\"ClusterIP\",\"selector\":{\"app\":\"web\"}}"),
            null,
            List.of("spec.ports: Required value")),
        new Case(
            "service ports need names when there are several, and valid numbers",
            "",
            "Service",
            service(
                "{\"type\":\"ClusterIP\",\"ports\":[{\"port\":80,\"targetPort\":0},{\"name\":\"b\",\"port\":0,\"targetPort\":\"Http_\",\"protocol\":\"HTTP\"}]}"),
            null,
            List.of(
                "spec.ports[0].name: Required value",
                "spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive",
                "spec.ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive",
                "spec.ports[1].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
                "spec.ports[1].targetPort: Invalid value: \"Http_\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")),
        new Case(
            "duplicate service port names are invalid",
            "",
            "Service",
            service(
                "{\"ports\":[{\"name\":\"http\",\"port\":80},{\"name\":\"http\",\"port\":81}]}"),
            null,
            List.of("spec.ports[1].name: Duplicate value: \"http\"")),
        new Case(
            "a node port outside 30000-32767 is rejected",
            "",
            "Service",
            service("{\"type\":\"NodePort\",\"ports\":[{\"port\":80,\"nodePort\":80}]}"),
            null,
            List.of(
                "spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767")),
        new Case(
            "an unknown service type is not supported",
            "",
            "Service",
            service("{\"type\":\"Internal\",\"ports\":[{\"port\":80}]}"),
            null,
            List.of(
                "spec.type: Unsupported value: \"Internal\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"")),
        new Case(
            "a service selector value must be a valid label value",
            "",
            "Service",
            service("{\"ports\":[{\"port\":80}],\"selector\":{\"app\":\"-web\"}}"),
            null,
            List.of("spec.selector: Invalid value: \"-web\": " + LABEL_VALUE_MSG)),
        new Case(
            "the cluster IP may not change once set",
            "",
            "Service",
            service(
                "{\"clusterIP\":\"10.96.0.11\",\"clusterIPs\":[\"10.96.0.11\"],\"ports\":[{\"port\":80}]}"),
            service(
                "{\"clusterIP\":\"10.96.0.10\",\"clusterIPs\":[\"10.96.0.10\"],\"ports\":[{\"port\":80}]}"),
            List.of(
                "spec.clusterIPs[0]: Invalid value: []string{\"10.96.0.11\"}: may not change once set")),

        // ---- config ----
        new Case(
            "a config key with a slash is invalid",
            "",
            "ConfigMap",
            "{\"metadata\":{\"name\":\"c\",\"namespace\":\"default\"},\"data\":{\"a/b\":\"x\"}}",
            null,
            List.of(
                "data[a/b]: Invalid value: \"a/b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')")),
        new Case(
            "a config map over 1 MiB is too long",
            "",
            "ConfigMap",
            "{\"metadata\":{\"name\":\"c\",\"namespace\":\"default\"},\"data\":{\"big\":\""
                + "x".repeat(1024 * 1024 + 1)
                + "\"}}",
            null,
            List.of(": Too long: must have at most 1048576 bytes")),
        new Case(
            "a tls secret needs its key",
            "",
            "Secret",
            "{\"metadata\":{\"name\":\"s\",\"namespace\":\"default\"},\"type\":\"kubernetes.io/tls\",\"data\":{\"tls.crt\":\"eA==\"}}",
            null,
            List.of("data[tls.key]: Required value")),
        new Case(
            "a secret type may not change",
            "",
            "Secret",
            "{\"metadata\":{\"name\":\"s\",\"namespace\":\"default\"},\"type\":\"kubernetes.io/basic-auth\",\"data\":{\"username\":\"eA==\"}}",
            "{\"metadata\":{\"name\":\"s\",\"namespace\":\"default\"},\"type\":\"Opaque\"}",
            List.of("type: Invalid value: \"kubernetes.io/basic-auth\": field is immutable")),

        // ---- storage ----
        new Case(
            "a claim needs access modes and a storage request",
            "",
            "PersistentVolumeClaim",
            pvc("{\"resources\":{}}", "{}"),
            null,
            List.of(
                "spec.accessModes: Required value: at least 1 access mode is required",
                "spec.resources[storage]: Required value")),
        new Case(
            "a malformed storage request reports the quantity syntax",
            "",
            "PersistentVolumeClaim",
            pvc(
                "{\"accessModes\":[\"ReadWriteOnce\"],\"resources\":{\"requests\":{\"storage\":\"lots\"}}}",
                "{}"),
            null,
            List.of("spec.resources[storage]: Invalid value: \"lots\": " + QUANTITY_MSG)),
        new Case(
            "a bound claim may grow",
            "",
            "PersistentVolumeClaim",
            pvc(
                "{\"accessModes\":[\"ReadWriteOnce\"],\"resources\":{\"requests\":{\"storage\":\"2Gi\"}},\"volumeName\":\"pv1\"}",
                "{\"phase\":\"Bound\"}"),
            pvc(
                "{\"accessModes\":[\"ReadWriteOnce\"],\"resources\":{\"requests\":{\"storage\":\"1Gi\"}},\"volumeName\":\"pv1\"}",
                "{\"phase\":\"Bound\"}"),
            List.of()),
        new Case(
            "a bound claim may not shrink",
            "",
            "PersistentVolumeClaim",
            pvc(
                "{\"accessModes\":[\"ReadWriteOnce\"],\"resources\":{\"requests\":{\"storage\":\"1Gi\"}},\"volumeName\":\"pv1\"}",
                "{\"phase\":\"Bound\"}"),
            pvc(
                "{\"accessModes\":[\"ReadWriteOnce\"],\"resources\":{\"requests\":{\"storage\":\"2Gi\"}},\"volumeName\":\"pv1\"}",
                "{\"phase\":\"Bound\"}"),
            List.of(
                "spec.resources.requests.storage: Forbidden: field can not be less than previous value")),
        new Case(
            "a claim's access modes may not change",
            "",
            "PersistentVolumeClaim",
            pvc(
                "{\"accessModes\":[\"ReadWriteMany\"],\"resources\":{\"requests\":{\"storage\":\"1Gi\"}}}",
                "{}"),
            pvc(
                "{\"accessModes\":[\"ReadWriteOnce\"],\"resources\":{\"requests\":{\"storage\":\"1Gi\"}}}",
                "{}"),
            List.of(
                "spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims")),
        new Case(
            "a persistent volume needs capacity, access modes and a source",
            "",
            "PersistentVolume",
            "{\"metadata\":{\"name\":\"pv1\"},\"spec\":{}}",
            null,
            List.of(
                "spec.accessModes: Required value",
                "spec.capacity: Required value",
                "spec.capacity: Unsupported value: core.ResourceList(nil): supported values: \"storage\"",
                "spec: Required value: must specify a volume type")),
        new Case(
            "a storage class needs a provisioner",
            "storage.k8s.io",
            "StorageClass",
            "{\"metadata\":{\"name\":\"fast\"},\"reclaimPolicy\":\"Recycle\"}",
            null,
            List.of(
                "provisioner: Required value",
                "reclaimPolicy: Unsupported value: \"Recycle\": supported values: \"Delete\", \"Retain\"")),

        // ---- networking, cluster, events ----
        new Case(
            "an ingress path needs a path type and a backend port",
            "networking.k8s.io",
            "Ingress",
            """
            {"metadata":{"name":"web","namespace":"default"},
             "spec":{"rules":[{"http":{"paths":[
               {"path":"/a","backend":{"service":{"name":"web","port":{"number":80}}}},
               {"path":"b","pathType":"Prefix","backend":{"service":{"name":"web","port":{}}}},
               {"path":"/c","pathType":"Regex","backend":{"service":{"name":"web","port":{"number":99999}}}}]}}]}}""",
            null,
            List.of(
                "spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified",
                "spec.rules[0].http.paths[1].path: Invalid value: \"b\": must be an absolute path",
                "spec.rules[0].http.paths[1].backend: Required value: port name or number is required",
                "spec.rules[0].http.paths[2].pathType: Unsupported value: \"Regex\": supported values: \"Exact\", \"ImplementationSpecific\", \"Prefix\"",
                "spec.rules[0].http.paths[2].backend.service.port.number: Invalid value: 99999: must be between 1 and 65535, inclusive")),
        new Case(
            "an ingress class controller must be a domain-prefixed path",
            "networking.k8s.io",
            "IngressClass",
            "{\"metadata\":{\"name\":\"nginx\"},\"spec\":{\"controller\":\"nginx\"}}",
            null,
            List.of(
                "spec.controller: Invalid value: \"nginx\": must be a domain-prefixed path (such as \"acme.io/foo\")")),
        new Case(
            "a role rule needs verbs, groups and resources; non-resource URLs only cluster-wide",
            "rbac.authorization.k8s.io",
            "Role",
            """
            {"metadata":{"name":"r","namespace":"default"},"rules":[{"resources":["pods"]},
             {"verbs":["get"],"nonResourceURLs":["/healthz"]}]}""",
            null,
            List.of(
                "rules[0].verbs: Required value: verbs must contain at least one value",
                "rules[0].apiGroups: Required value: resource rules must supply at least one api"
                    + " group",
                "rules[1].nonResourceURLs: Invalid value: []string{\"/healthz\"}: namespaced rules"
                    + " cannot apply to non-resource URLs")),
        new Case(
            "a cluster role binding names a cluster role and namespaced service accounts",
            "rbac.authorization.k8s.io",
            "ClusterRoleBinding",
            """
            {"metadata":{"name":"system:b"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io",
             "kind":"Role","name":"x"},"subjects":[{"kind":"ServiceAccount","name":"bot"},
             {"kind":"Robot","name":"r2"}]}""",
            null,
            List.of(
                "roleRef.kind: Unsupported value: \"Role\": supported values: \"ClusterRole\"",
                "subjects[0].namespace: Required value",
                "subjects[1].kind: Unsupported value: \"Robot\": supported values:"
                    + " \"ServiceAccount\", \"User\", \"Group\"")),
        new Case(
            "rbac names are path segments",
            "rbac.authorization.k8s.io",
            "ClusterRole",
            "{\"metadata\":{\"name\":\"a/b%\"}}",
            null,
            List.of(
                "metadata.name: Invalid value: \"a/b%\": may not contain '/'",
                "metadata.name: Invalid value: \"a/b%\": may not contain '%'")),
        new Case(
            "a disruption budget sets minAvailable or maxUnavailable, not both",
            "policy",
            "PodDisruptionBudget",
            """
            {"metadata":{"name":"p","namespace":"default"},"spec":{"minAvailable":1,
             "maxUnavailable":"10%","unhealthyPodEvictionPolicy":"Sometimes"}}""",
            null,
            List.of(
                "spec: Invalid value: policy.PodDisruptionBudgetSpec{MinAvailable:1,"
                    + " MaxUnavailable:10%}: minAvailable and maxUnavailable cannot be both set",
                "spec.unhealthyPodEvictionPolicy: Unsupported value: \"Sometimes\": supported"
                    + " values: \"AlwaysAllow\", \"IfHealthyBudget\"")),
        new Case(
            "a priority class keeps its value and preemption policy",
            "scheduling.k8s.io",
            "PriorityClass",
            "{\"metadata\":{\"name\":\"high\",\"resourceVersion\":\"1\"},\"value\":10,"
                + "\"preemptionPolicy\":\"Never\"}",
            "{\"metadata\":{\"name\":\"high\",\"resourceVersion\":\"1\"},\"value\":5,"
                + "\"preemptionPolicy\":\"PreemptLowerPriority\"}",
            List.of(
                "value: Forbidden: may not be changed in an update.",
                "preemptionPolicy: Invalid value: \"Never\": field is immutable")),
        new Case(
            "an unknown endpoint slice address type is not supported",
            "discovery.k8s.io",
            "EndpointSlice",
            "{\"metadata\":{\"name\":\"e\",\"namespace\":\"default\"},\"addressType\":\"IPv5\"}",
            null,
            List.of(
                "addressType: Unsupported value: \"IPv5\": supported values: \"FQDN\", \"IPv4\", \"IPv6\"")),
        new Case(
            "a lease duration must be positive",
            "coordination.k8s.io",
            "Lease",
            "{\"metadata\":{\"name\":\"l\",\"namespace\":\"default\"},\"spec\":{\"leaseDurationSeconds\":0}}",
            null,
            List.of("spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0")),
        new Case(
            "a node taint needs a known effect",
            "",
            "Node",
            "{\"metadata\":{\"name\":\"n1\"},\"spec\":{\"taints\":[{\"key\":\"k\",\"effect\":\"Evict\"}]}}",
            null,
            List.of(
                "spec.taints[0].effect: Unsupported value: \"Evict\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"")),
        new Case(
            "a namespaced object needs a namespace and a cluster object may not have one",
            "",
            "Namespace",
            "{\"metadata\":{\"name\":\"a\",\"namespace\":\"default\"}}",
            null,
            List.of("metadata.namespace: Forbidden: not allowed on this type")),
        new Case(
            "an events.k8s.io event with the fields that API requires has no errors",
            "events.k8s.io",
            "Event",
            """
            {"metadata":{"name":"web.18b","namespace":"default"},"eventTime":"2026-11-26T10:00:00.000000Z",
             "regarding":{"kind":"Pod","name":"web","namespace":"default"},"reason":"Scheduled",
             "action":"Binding","note":"assigned","type":"Normal",
             "reportingController":"default-scheduler","reportingInstance":"sched-1"}""",
            null,
            List.of()),
        new Case(
            "an events.k8s.io create needs eventTime and a known type, and no deprecated fields",
            "events.k8s.io",
            "Event",
            """
            {"metadata":{"name":"web.18c","namespace":"default"},
             "regarding":{"kind":"Pod","name":"web","namespace":"default"},"reason":"Scheduled",
             "type":"Info","deprecatedCount":3,"deprecatedSource":{"component":"kubelet"}}""",
            null,
            List.of(
                "eventTime: Required value",
                "type: Invalid value: \"\": has invalid value: Info",
                "count: Invalid value: \"\": needs to be unset",
                "source: Invalid value: \"\": needs to be unset")),
        new Case(
            "an events.k8s.io event needs its reporting controller, instance and action",
            "events.k8s.io",
            "Event",
            """
            {"metadata":{"name":"web.18b","namespace":"default"},"eventTime":"2026-11-26T10:00:00.000000Z",
             "regarding":{"kind":"Pod","name":"web","namespace":"default"},"reason":"Scheduled",
             "type":"Normal","series":{"count":1}}""",
            null,
            List.of(
                "reportingController: Required value",
                // an empty name fails the qualified-name check too, as in the real apiserver
                "reportingController: Invalid value: \"\": name part must be non-empty",
                "reportingController: Invalid value: \"\": name part must consist of alphanumeric"
                    + " characters, '-', '_' or '.', and must start and end with an alphanumeric"
                    + " character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for"
                    + " validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
                "reportingInstance: Required value",
                "action: Required value",
                "series.count: Invalid value: \"\": should be at least 2",
                "series.lastObservedTime: Required value")),
        new Case(
            "an update through events.k8s.io may not change what was reported, whoever wrote it",
            "events.k8s.io",
            "Event",
            """
            {"metadata":{"name":"web.18d","namespace":"default","resourceVersion":"5"},
             "regarding":{"kind":"Pod","name":"web","namespace":"default"},"reason":"Started",
             "note":"Started container web","deprecatedCount":2,
             "deprecatedSource":{"component":"kubelet"}}""",
            """
            {"metadata":{"name":"web.18d","namespace":"default","resourceVersion":"5"},
             "regarding":{"kind":"Pod","name":"web","namespace":"default"},"reason":"Started",
             "note":"Started container","deprecatedCount":2,
             "deprecatedSource":{"component":"kubelet"}}""",
            List.of("message: Invalid value: \"Started container web\": field is immutable")),
        new Case(
            "an event's namespace must match its involved object",
            "",
            "Event",
            """
            {"metadata":{"name":"e","namespace":"default"},"involvedObject":{"kind":"Pod","name":"p","namespace":"other"}}""",
            null,
            List.of(
                "involvedObject.namespace: Invalid value: \"other\": does not match event.namespace")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void validates(Case c) {
    JsonNode object = parse(c.object());
    List<FieldError> errors =
        c.old() == null
            ? Validation.validateCreate(c.group(), c.kind(), object)
            : Validation.validateUpdate(c.group(), c.kind(), object, parse(c.old()));
    assertThat(errors.stream().map(FieldError::text).toList())
        .containsExactlyElementsOf(c.expected());
  }

  @Test
  void anUnchangedPodWhoseStoredNumbersAreLongsMayBeReplaced() {
    String pod =
        """
        {"metadata":{"name":"p","namespace":"default","resourceVersion":"1"},
         "spec":{"containers":[{"name":"a","image":"nginx"}],"terminationGracePeriodSeconds":30,
          "tolerations":[{"key":"node.kubernetes.io/unreachable","operator":"Exists",
           "effect":"NoExecute","tolerationSeconds":300}]}}""";
    ObjectNode stored = (ObjectNode) parse(pod);
    // What admission and defaulting put in: Java longs, where the decoded request has ints.
    ((ObjectNode) stored.path("spec").path("tolerations").get(0)).put("tolerationSeconds", 300L);
    ((ObjectNode) stored.path("spec")).put("terminationGracePeriodSeconds", 30L);
    assertThat(Validation.validateUpdate("", "Pod", parse(pod), stored)).isEmpty();
  }

  private static JsonNode parse(String text) {
    return Json.parse(text.getBytes(StandardCharsets.UTF_8));
  }
}

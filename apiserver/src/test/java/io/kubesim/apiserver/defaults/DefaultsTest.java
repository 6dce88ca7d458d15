package io.kubesim.apiserver.defaults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.kubesim.core.json.Json;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Defaulting cases: each input (what a client sends) and the object the real apiserver stores.
 * Expected trees follow k8s pkg/apis/&lt;group&gt;/v1 defaults.go and what {@code kubectl get -o
 * yaml} shows, minus serialisation artefacts such as {@code creationTimestamp: null}.
 */
class DefaultsTest {
  record Case(String name, String group, String kind, String input, String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final String DIGEST =
      "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  /** Input and expected tree per case, as YAML. */
  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "kubectl create deployment web --image=nginx becomes the Deployment a cluster stores",
            "apps",
            "Deployment",
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, labels: {app: web}}
            spec:
              replicas: 1
              selector: {matchLabels: {app: web}}
              strategy: {}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                  - {name: nginx, image: nginx, resources: {}}
            status: {}
            """,
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, labels: {app: web}}
            spec:
              replicas: 1
              selector: {matchLabels: {app: web}}
              strategy:
                type: RollingUpdate
                rollingUpdate: {maxUnavailable: 25%, maxSurge: 25%}
              revisionHistoryLimit: 10
              progressDeadlineSeconds: 600
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                  - name: nginx
                    image: nginx
                    imagePullPolicy: Always
                    resources: {}
                    terminationMessagePath: /dev/termination-log
                    terminationMessagePolicy: File
                  dnsPolicy: ClusterFirst
                  restartPolicy: Always
                  schedulerName: default-scheduler
                  securityContext: {}
                  terminationGracePeriodSeconds: 30
            status: {}
            """),
        new Case(
            "A Deployment keeps every value its author set, and Recreate gets no rollingUpdate",
            "apps",
            "Deployment",
            """
            spec:
              replicas: 0
              strategy: {type: Recreate}
              revisionHistoryLimit: 0
              progressDeadlineSeconds: 120
              template:
                spec:
                  restartPolicy: OnFailure
                  dnsPolicy: Default
                  schedulerName: my-scheduler
                  terminationGracePeriodSeconds: 0
                  securityContext: {runAsUser: 1000}
                  containers:
                  - name: app
                    image: nginx
                    imagePullPolicy: Never
                    terminationMessagePath: /tmp/msg
                    terminationMessagePolicy: FallbackToLogsOnError
            """,
            """
            spec:
              replicas: 0
              strategy: {type: Recreate}
              revisionHistoryLimit: 0
              progressDeadlineSeconds: 120
              template:
                spec:
                  restartPolicy: OnFailure
                  dnsPolicy: Default
                  schedulerName: my-scheduler
                  terminationGracePeriodSeconds: 0
                  securityContext: {runAsUser: 1000}
                  containers:
                  - name: app
                    image: nginx
                    imagePullPolicy: Never
                    resources: {}
                    terminationMessagePath: /tmp/msg
                    terminationMessagePolicy: FallbackToLogsOnError
            """),
        new Case(
            "A partial rollingUpdate keeps maxSurge and gains maxUnavailable; template limits do"
                + " not become requests",
            "apps",
            "Deployment",
            """
            spec:
              strategy: {rollingUpdate: {maxSurge: 1}}
              template:
                spec:
                  containers:
                  - {name: app, image: app:v1, resources: {limits: {cpu: 500m}}}
            """,
            """
            spec:
              replicas: 1
              strategy:
                type: RollingUpdate
                rollingUpdate: {maxSurge: 1, maxUnavailable: 25%}
              revisionHistoryLimit: 10
              progressDeadlineSeconds: 600
              template:
                spec:
                  containers:
                  - name: app
                    image: app:v1
                    imagePullPolicy: IfNotPresent
                    resources: {limits: {cpu: 500m}}
                    terminationMessagePath: /dev/termination-log
                    terminationMessagePolicy: File
                  dnsPolicy: ClusterFirst
                  restartPolicy: Always
                  schedulerName: default-scheduler
                  securityContext: {}
                  terminationGracePeriodSeconds: 30
            """),
        new Case(
            "A Pod's imagePullPolicy follows the image tag: none or latest pulls Always,"
                + " a version or a digest only IfNotPresent",
            "",
            "Pod",
            """
            spec:
              containers:
              - {name: a, image: nginx}
              - {name: b, image: "nginx:1.27"}
              - {name: c, image: "nginx:latest"}
              - {name: d, image: "nginx@%1$s"}
              - {name: e, image: "localhost:5000/team/app"}
              - {name: f, image: "localhost:5000/team/app:v2"}
              - {name: g, image: "nginx:latest@%1$s"}
              - {name: h, image: "Not/A/Valid/Reference"}
            """
                .formatted(DIGEST),
            """
            spec:
              containers:
              - {name: a, image: nginx, imagePullPolicy: Always, %2$s}
              - {name: b, image: "nginx:1.27", imagePullPolicy: IfNotPresent, %2$s}
              - {name: c, image: "nginx:latest", imagePullPolicy: Always, %2$s}
              - {name: d, image: "nginx@%1$s", imagePullPolicy: IfNotPresent, %2$s}
              - {name: e, image: "localhost:5000/team/app", imagePullPolicy: Always, %2$s}
              - {name: f, image: "localhost:5000/team/app:v2", imagePullPolicy: IfNotPresent, %2$s}
              - {name: g, image: "nginx:latest@%1$s", imagePullPolicy: Always, %2$s}
              - {name: h, image: "Not/A/Valid/Reference", imagePullPolicy: IfNotPresent, %2$s}
              dnsPolicy: ClusterFirst
              enableServiceLinks: true
              restartPolicy: Always
              schedulerName: default-scheduler
              securityContext: {}
              terminationGracePeriodSeconds: 30
            """
                .formatted(
                    DIGEST,
                    "resources: {}, terminationMessagePath: /dev/termination-log,"
                        + " terminationMessagePolicy: File")),
        new Case(
            "A Pod's limits become its missing requests, ports get TCP, fieldRefs get v1, and"
                + " host networking copies containerPort to hostPort",
            "",
            "Pod",
            """
            spec:
              hostNetwork: true
              enableServiceLinks: false
              initContainers:
              - name: init
                image: busybox:1.36
                resources: {limits: {memory: 64Mi}}
              containers:
              - name: app
                image: app:v1
                imagePullPolicy: IfNotPresent
                ports:
                - {containerPort: 8080}
                - {containerPort: 53, protocol: UDP, hostPort: 5353}
                env:
                - name: NODE
                  valueFrom: {fieldRef: {fieldPath: spec.nodeName}}
                - {name: PLAIN, value: x}
                resources:
                  limits: {cpu: "1", memory: 128Mi}
                  requests: {cpu: 250m}
            """,
            """
            spec:
              hostNetwork: true
              enableServiceLinks: false
              initContainers:
              - name: init
                image: busybox:1.36
                imagePullPolicy: IfNotPresent
                resources: {limits: {memory: 64Mi}, requests: {memory: 64Mi}}
                terminationMessagePath: /dev/termination-log
                terminationMessagePolicy: File
              containers:
              - name: app
                image: app:v1
                imagePullPolicy: IfNotPresent
                ports:
                - {containerPort: 8080, hostPort: 8080, protocol: TCP}
                - {containerPort: 53, protocol: UDP, hostPort: 5353}
                env:
                - name: NODE
                  valueFrom: {fieldRef: {fieldPath: spec.nodeName, apiVersion: v1}}
                - {name: PLAIN, value: x}
                resources:
                  limits: {cpu: "1", memory: 128Mi}
                  requests: {cpu: 250m, memory: 128Mi}
                terminationMessagePath: /dev/termination-log
                terminationMessagePolicy: File
              dnsPolicy: ClusterFirst
              restartPolicy: Always
              schedulerName: default-scheduler
              securityContext: {}
              terminationGracePeriodSeconds: 30
            """),
        new Case(
            "Probes and lifecycle handlers get timings, HTTP scheme, path / and grpc service",
            "",
            "Pod",
            """
            spec:
              containers:
              - name: app
                image: app:v1
                livenessProbe: {httpGet: {port: 8080}}
                readinessProbe: {tcpSocket: {port: 8080}, timeoutSeconds: 5, periodSeconds: 0}
                startupProbe: {grpc: {port: 9090}, failureThreshold: 30}
                lifecycle: {preStop: {httpGet: {port: 8080, path: /drain, scheme: HTTPS}}}
            """,
            """
            spec:
              containers:
              - name: app
                image: app:v1
                imagePullPolicy: IfNotPresent
                resources: {}
                terminationMessagePath: /dev/termination-log
                terminationMessagePolicy: File
                livenessProbe:
                  httpGet: {port: 8080, path: /, scheme: HTTP}
                  timeoutSeconds: 1
                  periodSeconds: 10
                  successThreshold: 1
                  failureThreshold: 3
                readinessProbe:
                  tcpSocket: {port: 8080}
                  timeoutSeconds: 5
                  periodSeconds: 10
                  successThreshold: 1
                  failureThreshold: 3
                startupProbe:
                  grpc: {port: 9090, service: ""}
                  timeoutSeconds: 1
                  periodSeconds: 10
                  successThreshold: 1
                  failureThreshold: 30
                lifecycle: {preStop: {httpGet: {port: 8080, path: /drain, scheme: HTTPS}}}
              dnsPolicy: ClusterFirst
              enableServiceLinks: true
              restartPolicy: Always
              schedulerName: default-scheduler
              securityContext: {}
              terminationGracePeriodSeconds: 30
            """),
        new Case(
            "Volumes get file modes, hostPath type, token expiry, and a bare name becomes an"
                + " emptyDir",
            "apps",
            "ReplicaSet",
            """
            spec:
              replicas: 2
              template:
                spec:
                  containers: []
                  volumes:
                  - name: scratch
                  - {name: cfg, configMap: {name: cfg}}
                  - {name: sec, secret: {secretName: s, defaultMode: 256}}
                  - {name: host, hostPath: {path: /var/log}}
                  - name: info
                    downwardAPI:
                      items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]
                  - name: token
                    projected:
                      sources:
                      - serviceAccountToken: {path: token}
                      - downwardAPI:
                          items: [{path: ns, fieldRef: {fieldPath: metadata.namespace}}]
                  - name: eph
                    ephemeral:
                      volumeClaimTemplate:
                        spec: {accessModes: [ReadWriteOnce]}
            """,
            """
            spec:
              replicas: 2
              template:
                spec:
                  containers: []
                  volumes:
                  - {name: scratch, emptyDir: {}}
                  - {name: cfg, configMap: {name: cfg, defaultMode: 420}}
                  - {name: sec, secret: {secretName: s, defaultMode: 256}}
                  - {name: host, hostPath: {path: /var/log, type: ""}}
                  - name: info
                    downwardAPI:
                      defaultMode: 420
                      items:
                      - {path: labels, fieldRef: {fieldPath: metadata.labels, apiVersion: v1}}
                  - name: token
                    projected:
                      defaultMode: 420
                      sources:
                      - serviceAccountToken: {path: token, expirationSeconds: 3600}
                      - downwardAPI:
                          items:
                          - {path: ns, fieldRef: {fieldPath: metadata.namespace, apiVersion: v1}}
                  - name: eph
                    ephemeral:
                      volumeClaimTemplate:
                        spec: {accessModes: [ReadWriteOnce], volumeMode: Filesystem}
                  dnsPolicy: ClusterFirst
                  restartPolicy: Always
                  schedulerName: default-scheduler
                  securityContext: {}
                  terminationGracePeriodSeconds: 30
            """),
        new Case(
            "A ClusterIP Service gets TCP, targetPort from port, None affinity and a Cluster"
                + " internal policy, but no external policy",
            "",
            "Service",
            """
            spec:
              selector: {app: web}
              sessionAffinityConfig: {clientIP: {timeoutSeconds: 60}}
              ports:
              - {name: http, port: 80}
              - {name: dns, port: 53, protocol: UDP, targetPort: 5353}
              - {name: named, port: 8443, targetPort: https}
              - {name: zero, port: 9000, targetPort: 0}
            """,
            """
            spec:
              selector: {app: web}
              type: ClusterIP
              sessionAffinity: None
              internalTrafficPolicy: Cluster
              ports:
              - {name: http, port: 80, protocol: TCP, targetPort: 80}
              - {name: dns, port: 53, protocol: UDP, targetPort: 5353}
              - {name: named, port: 8443, protocol: TCP, targetPort: https}
              - {name: zero, port: 9000, protocol: TCP, targetPort: 9000}
            """),
        new Case(
            "A LoadBalancer Service gets Cluster traffic policies, node ports, ClientIP timeout"
                + " and VIP ipMode; its chosen values stay",
            "",
            "Service",
            """
            spec:
              type: LoadBalancer
              sessionAffinity: ClientIP
              externalTrafficPolicy: Local
              ports: [{port: 443, targetPort: 8443}]
            status:
              loadBalancer:
                ingress: [{ip: 203.0.113.7}, {hostname: lb.example.com}]
            """,
            """
            spec:
              type: LoadBalancer
              sessionAffinity: ClientIP
              sessionAffinityConfig: {clientIP: {timeoutSeconds: 10800}}
              externalTrafficPolicy: Local
              internalTrafficPolicy: Cluster
              allocateLoadBalancerNodePorts: true
              ports: [{port: 443, targetPort: 8443, protocol: TCP}]
            status:
              loadBalancer:
                ingress: [{ip: 203.0.113.7, ipMode: VIP}, {hostname: lb.example.com}]
            """),
        new Case(
            "An ExternalName Service gets neither traffic policy",
            "",
            "Service",
            """
            spec: {type: ExternalName, externalName: db.example.com}
            """,
            """
            spec: {type: ExternalName, externalName: db.example.com, sessionAffinity: None}
            """),
        new Case(
            "A NodePort Service gets Cluster for both traffic policies",
            "",
            "Service",
            """
            spec: {type: NodePort, ports: [{port: 80, nodePort: 30080}]}
            """,
            """
            spec:
              type: NodePort
              sessionAffinity: None
              externalTrafficPolicy: Cluster
              internalTrafficPolicy: Cluster
              ports: [{port: 80, nodePort: 30080, protocol: TCP, targetPort: 80}]
            """),
        new Case(
            "kubectl create job gets one completion, backoff 6, NonIndexed, not suspended,"
                + " TerminatingOrFailed replacement",
            "batch",
            "Job",
            """
            metadata: {name: once}
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers: [{name: once, image: "busybox:1.36", resources: {}}]
            """,
            """
            metadata: {name: once}
            spec:
              completions: 1
              parallelism: 1
              backoffLimit: 6
              completionMode: NonIndexed
              suspend: false
              podReplacementPolicy: TerminatingOrFailed
              template:
                spec:
                  restartPolicy: Never
                  containers:
                  - name: once
                    image: "busybox:1.36"
                    imagePullPolicy: IfNotPresent
                    resources: {}
                    terminationMessagePath: /dev/termination-log
                    terminationMessagePolicy: File
                  dnsPolicy: ClusterFirst
                  schedulerName: default-scheduler
                  securityContext: {}
                  terminationGracePeriodSeconds: 30
            """),
        new Case(
            "A work-queue Job with only parallelism leaves completions unset; a pod failure policy"
                + " means Failed replacement; template labels label the Job",
            "batch",
            "Job",
            """
            spec:
              parallelism: 3
              backoffLimitPerIndex: 1
              completionMode: Indexed
              podFailurePolicy:
                rules:
                - action: Ignore
                  onPodConditions: [{type: DisruptionTarget}]
              template:
                metadata: {labels: {team: a}}
                spec: {restartPolicy: Never, containers: []}
            """,
            """
            metadata: {labels: {team: a}}
            spec:
              parallelism: 3
              backoffLimitPerIndex: 1
              backoffLimit: 2147483647
              completionMode: Indexed
              suspend: false
              podReplacementPolicy: Failed
              podFailurePolicy:
                rules:
                - action: Ignore
                  onPodConditions: [{type: DisruptionTarget, status: "True"}]
              template:
                metadata: {labels: {team: a}}
                spec:
                  restartPolicy: Never
                  containers: []
                  dnsPolicy: ClusterFirst
                  schedulerName: default-scheduler
                  securityContext: {}
                  terminationGracePeriodSeconds: 30
            """),
        new Case(
            "A CronJob gets Allow, history limits 3 and 1, not suspended; its job template gets"
                + " pod defaults only",
            "batch",
            "CronJob",
            """
            spec:
              schedule: "*/5 * * * *"
              jobTemplate:
                spec:
                  template:
                    spec:
                      restartPolicy: OnFailure
                      containers: [{name: tick, image: busybox}]
            """,
            """
            spec:
              schedule: "*/5 * * * *"
              concurrencyPolicy: Allow
              suspend: false
              successfulJobsHistoryLimit: 3
              failedJobsHistoryLimit: 1
              jobTemplate:
                spec:
                  template:
                    spec:
                      restartPolicy: OnFailure
                      containers:
                      - name: tick
                        image: busybox
                        imagePullPolicy: Always
                        resources: {}
                        terminationMessagePath: /dev/termination-log
                        terminationMessagePolicy: File
                      dnsPolicy: ClusterFirst
                      schedulerName: default-scheduler
                      securityContext: {}
                      terminationGracePeriodSeconds: 30
            """),
        new Case(
            "A StatefulSet gets OrderedReady, RollingUpdate partition 0, Retain/Retain, and its"
                + " claim templates Filesystem and Pending",
            "apps",
            "StatefulSet",
            """
            spec:
              serviceName: web
              template:
                spec:
                  containers: []
              volumeClaimTemplates:
              - metadata: {name: www}
                spec:
                  accessModes: [ReadWriteOnce]
                  resources: {requests: {storage: 1Gi}}
            """,
            """
            spec:
              serviceName: web
              replicas: 1
              podManagementPolicy: OrderedReady
              revisionHistoryLimit: 10
              updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 0}}
              persistentVolumeClaimRetentionPolicy: {whenDeleted: Retain, whenScaled: Retain}
              template:
                spec:
                  containers: []
                  dnsPolicy: ClusterFirst
                  restartPolicy: Always
                  schedulerName: default-scheduler
                  securityContext: {}
                  terminationGracePeriodSeconds: 30
              volumeClaimTemplates:
              - metadata: {name: www}
                spec:
                  accessModes: [ReadWriteOnce]
                  resources: {requests: {storage: 1Gi}}
                  volumeMode: Filesystem
                status: {phase: Pending}
            """),
        new Case(
            "A StatefulSet with OnDelete, Parallel and a Delete policy keeps them and gets no"
                + " rollingUpdate",
            "apps",
            "StatefulSet",
            """
            spec:
              replicas: 3
              podManagementPolicy: Parallel
              updateStrategy: {type: OnDelete}
              persistentVolumeClaimRetentionPolicy: {whenDeleted: Delete}
              template: {spec: {containers: []}}
            """,
            """
            spec:
              replicas: 3
              podManagementPolicy: Parallel
              revisionHistoryLimit: 10
              updateStrategy: {type: OnDelete}
              persistentVolumeClaimRetentionPolicy: {whenDeleted: Delete, whenScaled: Retain}
              template:
                spec:
                  containers: []
                  dnsPolicy: ClusterFirst
                  restartPolicy: Always
                  schedulerName: default-scheduler
                  securityContext: {}
                  terminationGracePeriodSeconds: 30
            """),
        new Case(
            "A DaemonSet gets RollingUpdate with maxUnavailable 1 and maxSurge 0, and history 10",
            "apps",
            "DaemonSet",
            """
            spec:
              template: {spec: {containers: []}}
            """,
            """
            spec:
              updateStrategy:
                type: RollingUpdate
                rollingUpdate: {maxUnavailable: 1, maxSurge: 0}
              revisionHistoryLimit: 10
              template:
                spec:
                  containers: []
                  dnsPolicy: ClusterFirst
                  restartPolicy: Always
                  schedulerName: default-scheduler
                  securityContext: {}
                  terminationGracePeriodSeconds: 30
            """),
        new Case(
            "A PersistentVolumeClaim gets Filesystem and a Pending phase; Block stays",
            "",
            "PersistentVolumeClaim",
            """
            spec: {accessModes: [ReadWriteOnce], volumeMode: Block}
            """,
            """
            spec: {accessModes: [ReadWriteOnce], volumeMode: Block}
            status: {phase: Pending}
            """),
        new Case(
            "A PersistentVolume gets Retain, Filesystem, a hostPath type and a Pending phase",
            "",
            "PersistentVolume",
            """
            spec: {capacity: {storage: 1Gi}, hostPath: {path: /data}}
            """,
            """
            spec:
              capacity: {storage: 1Gi}
              hostPath: {path: /data, type: ""}
              persistentVolumeReclaimPolicy: Retain
              volumeMode: Filesystem
            status: {phase: Pending}
            """),
        new Case(
            "A Secret without a type gets Opaque",
            "",
            "Secret",
            """
            data: {a: YQ==}
            """,
            """
            data: {a: YQ==}
            type: Opaque
            """),
        new Case(
            "An APIService backed by a service calls it on port 443",
            "apiregistration.k8s.io",
            "APIService",
            """
            spec: {service: {name: metrics-server, namespace: kube-system}}
            """,
            """
            spec: {service: {name: metrics-server, namespace: kube-system, port: 443}}
            """),
        new Case(
            "A typed Secret keeps its type",
            "",
            "Secret",
            """
            type: kubernetes.io/tls
            """,
            """
            type: kubernetes.io/tls
            """),
        new Case(
            "A ReplicationController takes selector and labels from its template and gets one"
                + " replica",
            "",
            "ReplicationController",
            """
            metadata: {name: rc}
            spec:
              template:
                metadata: {labels: {app: rc}}
                spec: {containers: []}
            """,
            """
            metadata: {name: rc, labels: {app: rc}}
            spec:
              replicas: 1
              selector: {app: rc}
              template:
                metadata: {labels: {app: rc}}
                spec:
                  containers: []
                  dnsPolicy: ClusterFirst
                  restartPolicy: Always
                  schedulerName: default-scheduler
                  securityContext: {}
                  terminationGracePeriodSeconds: 30
            """),
        new Case(
            "A Namespace gets its name label and an Active phase",
            "",
            "Namespace",
            """
            metadata: {name: team-a, labels: {owner: a}}
            """,
            """
            metadata: {name: team-a, labels: {owner: a, kubernetes.io/metadata.name: team-a}}
            status: {phase: Active}
            """),
        new Case(
            "A ConfigMap has no defaults",
            "",
            "ConfigMap",
            """
            data: {a: b}
            """,
            """
            data: {a: b}
            """),
        new Case(
            "EndpointSlice ports get TCP and an empty name",
            "discovery.k8s.io",
            "EndpointSlice",
            """
            addressType: IPv4
            ports: [{port: 80}, {name: dns, port: 53, protocol: UDP}]
            """,
            """
            addressType: IPv4
            ports: [{port: 80, name: "", protocol: TCP}, {name: dns, port: 53, protocol: UDP}]
            """),
        new Case(
            "Endpoints subset ports get TCP",
            "",
            "Endpoints",
            """
            subsets: [{addresses: [{ip: 10.0.0.1}], ports: [{port: 80}]}]
            """,
            """
            subsets: [{addresses: [{ip: 10.0.0.1}], ports: [{port: 80, protocol: TCP}]}]
            """),
        new Case(
            "A StorageClass gets Delete and Immediate",
            "storage.k8s.io",
            "StorageClass",
            """
            provisioner: example.com/disk
            """,
            """
            provisioner: example.com/disk
            reclaimPolicy: Delete
            volumeBindingMode: Immediate
            """),
        new Case(
            "A container LimitRange item defaults default from max and defaultRequest from"
                + " default, then min",
            "",
            "LimitRange",
            """
            spec:
              limits:
              - type: Container
                max: {cpu: "2"}
                min: {memory: 16Mi}
              - type: Pod
                max: {cpu: "4"}
            """,
            """
            spec:
              limits:
              - type: Container
                max: {cpu: "2"}
                min: {memory: 16Mi}
                default: {cpu: "2"}
                defaultRequest: {cpu: "2", memory: 16Mi}
              - type: Pod
                max: {cpu: "4"}
            """),
        new Case(
            "A NetworkPolicy gets Ingress and Egress types and TCP ports",
            "networking.k8s.io",
            "NetworkPolicy",
            """
            spec:
              podSelector: {}
              egress: [{ports: [{port: 53, protocol: UDP}, {port: 443}]}]
            """,
            """
            spec:
              podSelector: {}
              egress: [{ports: [{port: 53, protocol: UDP}, {port: 443, protocol: TCP}]}]
              policyTypes: [Ingress, Egress]
            """),
        new Case(
            "A RoleBinding gets the RBAC group on roleRef and on User subjects, not on"
                + " ServiceAccounts",
            "rbac.authorization.k8s.io",
            "RoleBinding",
            """
            roleRef: {kind: Role, name: view}
            subjects: [{kind: User, name: bob}, {kind: ServiceAccount, name: sa, namespace: a}]
            """,
            """
            roleRef: {kind: Role, name: view, apiGroup: rbac.authorization.k8s.io}
            subjects:
            - {kind: User, name: bob, apiGroup: rbac.authorization.k8s.io}
            - {kind: ServiceAccount, name: sa, namespace: a}
            """),
        new Case(
            "A kind of another group with the same name is left alone",
            "example.com",
            "Deployment",
            """
            spec: {}
            """,
            """
            spec: {}
            """),
        new Case(
            "Malformed trees are left for validation instead of throwing",
            "apps",
            "Deployment",
            """
            spec: {strategy: RollingUpdate, template: {spec: {containers: [1, {image: 2}]}}}
            """,
            """
            spec:
              strategy: RollingUpdate
              replicas: 1
              revisionHistoryLimit: 10
              progressDeadlineSeconds: 600
              template:
                spec:
                  containers:
                  - 1
                  - image: 2
                    imagePullPolicy: IfNotPresent
                    resources: {}
                    terminationMessagePath: /dev/termination-log
                    terminationMessagePolicy: File
                  dnsPolicy: ClusterFirst
                  restartPolicy: Always
                  schedulerName: default-scheduler
                  securityContext: {}
                  terminationGracePeriodSeconds: 30
            """));
  }

  private static ObjectNode yaml(String text) {
    return (ObjectNode) Json.YAML.readTree(text);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void fillsInWhatTheApiserverWould(Case c) {
    ObjectNode object = yaml(c.input());
    Defaults.apply(c.group(), c.kind(), object);
    JsonNode expected = yaml(c.expected());
    assertThat(object)
        .as("%s%n got: %s%n want: %s", c.name(), object, expected)
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void defaultingTwiceChangesNothing(Case c) {
    ObjectNode once = yaml(c.input());
    Defaults.apply(c.group(), c.kind(), once);
    ObjectNode twice = once.deepCopy();
    Defaults.apply(c.group(), c.kind(), twice);
    assertThat(twice).isEqualTo(once);
  }

  @Test
  void nullObjectsAndUnknownKindsAreIgnored() {
    assertThatCode(() -> Defaults.apply("", "Pod", null)).doesNotThrowAnyException();
    ObjectNode object = yaml("spec: {x: 1}");
    for (String kind : List.of("Ingress", "Lease", "ResourceQuota", "Event", "Widget")) {
      Defaults.apply("", kind, object);
    }
    assertThat(object).isEqualTo(yaml("spec: {x: 1}"));
  }
}

package io.kubesim.benchmark;

/** The request bodies, identical for both servers. */
final class Bodies {
  private Bodies() {}

  static String namespace(String name) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\""
        + name
        + "\"}}";
  }

  /** A small ConfigMap (about 300 bytes), as controllers and tests create them. */
  static String configMap(String ns, String name, String rv, String value) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\""
        + name
        + "\",\"namespace\":\""
        + ns
        + "\""
        + (rv == null ? "" : ",\"resourceVersion\":\"" + rv + "\"")
        + ",\"labels\":{\"app\":\"bench\",\"tier\":\"backend\"}},"
        + "\"data\":{\"greeting\":\"hello\",\"value\":\""
        + value
        + "\",\"config.properties\":\"log.level=info\\nmax.connections=100\\n"
        + "timeout.seconds=30\\nfeature.x=true\\n\"}}";
  }

  static String mergePatch(long n) {
    return "{\"data\":{\"value\":\"patched-"
        + n
        + "\"},\"metadata\":{\"labels\":{\"rev\":\"r"
        + n
        + "\"}}}";
  }

  /**
   * A Pod as a Deployment's ReplicaSet creates it (labels, owner reference, one container with
   * ports, env, resources, probes and a volume): about 1.9 KB of JSON as sent (about 2.1 KB once
   * kubesim has defaulted it).
   */
  static String pod(String ns, String name) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\""
        + name
        + "\",\"namespace\":\""
        + ns
        + "\",\"labels\":{\"app\":\"web\",\"pod-template-hash\":\"7c9f8d6b5f\","
        + "\"app.kubernetes.io/name\":\"web\",\"app.kubernetes.io/part-of\":\"shop\"},"
        + "\"annotations\":{\"kubectl.kubernetes.io/restartedAt\":\"2025-01-01T00:00:00Z\","
        + "\"prometheus.io/scrape\":\"true\",\"prometheus.io/port\":\"9090\"},"
        + "\"ownerReferences\":[{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\","
        + "\"name\":\"web-7c9f8d6b5f\",\"uid\":\"5d1c3e0a-7f0e-4a51-9a3c-2b1f4b7e9d10\","
        + "\"controller\":true,\"blockOwnerDeletion\":true}]},"
        + "\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"nginx:1.27.3\","
        + "\"imagePullPolicy\":\"IfNotPresent\","
        + "\"ports\":[{\"name\":\"http\",\"containerPort\":8080,\"protocol\":\"TCP\"},"
        + "{\"name\":\"metrics\",\"containerPort\":9090,\"protocol\":\"TCP\"}],"
        + "\"env\":[{\"name\":\"LOG_LEVEL\",\"value\":\"info\"},{\"name\":\"POD_NAME\","
        + "\"valueFrom\":{\"fieldRef\":{\"apiVersion\":\"v1\",\"fieldPath\":\"metadata.name\"}}},"
        + "{\"name\":\"CACHE_SIZE\",\"value\":\"256Mi\"}],"
        + "\"resources\":{\"requests\":{\"cpu\":\"100m\",\"memory\":\"128Mi\"},"
        + "\"limits\":{\"cpu\":\"500m\",\"memory\":\"256Mi\"}},"
        + "\"readinessProbe\":{\"httpGet\":{\"path\":\"/healthz\",\"port\":8080,"
        + "\"scheme\":\"HTTP\"},\"initialDelaySeconds\":5,\"periodSeconds\":10,"
        + "\"timeoutSeconds\":1,\"successThreshold\":1,\"failureThreshold\":3},"
        + "\"livenessProbe\":{\"httpGet\":{\"path\":\"/livez\",\"port\":8080,"
        + "\"scheme\":\"HTTP\"},\"initialDelaySeconds\":15,\"periodSeconds\":20,"
        + "\"timeoutSeconds\":1,\"successThreshold\":1,\"failureThreshold\":3},"
        + "\"volumeMounts\":[{\"name\":\"config\",\"mountPath\":\"/etc/web\","
        + "\"readOnly\":true}],\"terminationMessagePath\":\"/dev/termination-log\","
        + "\"terminationMessagePolicy\":\"File\"}],"
        + "\"volumes\":[{\"name\":\"config\",\"configMap\":{\"name\":\"web-config\","
        + "\"defaultMode\":420}}],\"restartPolicy\":\"Always\","
        + "\"terminationGracePeriodSeconds\":30,\"dnsPolicy\":\"ClusterFirst\","
        + "\"schedulerName\":\"default-scheduler\","
        + "\"securityContext\":{},\"tolerations\":[{\"key\":\"node.kubernetes.io/not-ready\","
        + "\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300}]}}";
  }
}

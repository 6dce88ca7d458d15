package io.kubesim.apiserver.bootstrap;

import io.kubesim.apiserver.aggregator.LocalApiServices;
import io.kubesim.apiserver.metricsapi.MetricsServer;
import io.kubesim.apiserver.registry.Writes;
import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.resource.Resources;
import io.kubesim.apiserver.storage.Store;
import io.kubesim.core.json.Json;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a new cluster holds before anyone writes: the four system namespaces, the {@code
 * default/kubernetes} Service with its Endpoints and EndpointSlice, pointing at the apiserver, the
 * {@code kube-system/kube-dns} Service (its endpoints are the DNS process's to keep), the bootstrap
 * RBAC policy and system priority classes, kind's default StorageClass {@code standard}, an
 * APIService per served group-version, and what a metrics-server install registers (its APIService,
 * Service and Endpoints). Objects that exist (after a restart) are left alone.
 */
public final class Seed {
  /** The first address of the default service CIDR (10.96.0.0/12), as kubeadm clusters use. */
  public static final String KUBERNETES_SERVICE_IP = "10.96.0.1";

  /** The cluster DNS Service's address: the tenth of the service CIDR, as kubeadm picks it. */
  public static final String KUBE_DNS_SERVICE_IP = "10.96.0.10";

  private Seed() {}

  public static void apply(Store store, Writes writes, String advertiseAddress, int port) {
    for (String ns : new String[] {"default", "kube-system", "kube-public", "kube-node-lease"}) {
      ObjectNode namespace = object("v1", "Namespace", ns);
      createIfAbsent(store, writes, type("namespaces"), null, namespace);
    }
    createIfAbsent(store, writes, type("services"), "default", kubernetesService());
    createIfAbsent(
        store, writes, type("endpoints"), "default", kubernetesEndpoints(advertiseAddress, port));
    createIfAbsent(store, writes, type("services"), "kube-system", kubeDnsService());
    createIfAbsent(
        store,
        writes,
        groupType("discovery.k8s.io", "endpointslices"),
        "default",
        kubernetesEndpointSlice(advertiseAddress, port));
    ResourceType clusterRoles = groupType("rbac.authorization.k8s.io", "clusterroles");
    BootstrapPolicy.clusterRoles()
        .forEach(r -> createIfAbsent(store, writes, clusterRoles, null, r));
    ResourceType bindings = groupType("rbac.authorization.k8s.io", "clusterrolebindings");
    BootstrapPolicy.clusterRoleBindings()
        .forEach(b -> createIfAbsent(store, writes, bindings, null, b));
    ResourceType priorityClasses = groupType("scheduling.k8s.io", "priorityclasses");
    BootstrapPolicy.priorityClasses()
        .forEach(pc -> createIfAbsent(store, writes, priorityClasses, null, pc));
    createIfAbsent(
        store, writes, groupType("storage.k8s.io", "storageclasses"), null, standardStorageClass());
    ResourceType apiServices = groupType(LocalApiServices.GROUP, "apiservices");
    LocalApiServices.all().forEach(a -> createIfAbsent(store, writes, apiServices, null, a));
    metricsServer(store, writes, advertiseAddress, port);
  }

  /** metrics-server's registration; this apiserver serves its API (see MetricsServer). */
  private static void metricsServer(Store store, Writes writes, String address, int port) {
    String ns = MetricsServer.NAMESPACE;
    createIfAbsent(
        store,
        writes,
        groupType("rbac.authorization.k8s.io", "clusterroles"),
        null,
        MetricsServer.aggregatedReader());
    createIfAbsent(store, writes, type("services"), ns, MetricsServer.service());
    createIfAbsent(store, writes, type("endpoints"), ns, MetricsServer.endpoints(address, port));
    createIfAbsent(
        store,
        writes,
        groupType("discovery.k8s.io", "endpointslices"),
        ns,
        MetricsServer.endpointSlice(address, port));
    createIfAbsent(
        store,
        writes,
        groupType(LocalApiServices.GROUP, "apiservices"),
        null,
        MetricsServer.apiService());
  }

  private static ResourceType groupType(String group, String plural) {
    return Resources.find(group, "v1", plural).orElseThrow();
  }

  private static void createIfAbsent(
      Store store, Writes writes, ResourceType type, String namespace, ObjectNode object) {
    String name = object.path("metadata").path("name").asString();
    if (store.get(type, namespace, name) == null) {
      writes.create(object, namespace, type, false);
    }
  }

  private static ResourceType type(String plural) {
    return Resources.find("", "v1", plural).orElseThrow();
  }

  private static ObjectNode object(String apiVersion, String kind, String name) {
    ObjectNode object = Json.object();
    object.put("apiVersion", apiVersion);
    object.put("kind", kind);
    object.putObject("metadata").put("name", name);
    return object;
  }

  /**
   * The default StorageClass a kind cluster ships: local-path-provisioner's volumes, created on the
   * node of the claim's first pod (the controller-manager plays the provisioner).
   */
  private static ObjectNode standardStorageClass() {
    ObjectNode storageClass = object("storage.k8s.io/v1", "StorageClass", "standard");
    ((ObjectNode) storageClass.get("metadata"))
        .putObject("annotations")
        .put("storageclass.kubernetes.io/is-default-class", "true");
    storageClass.put("provisioner", "rancher.io/local-path");
    storageClass.put("reclaimPolicy", "Delete");
    storageClass.put("volumeBindingMode", "WaitForFirstConsumer");
    return storageClass;
  }

  private static ObjectNode kubernetesService() {
    ObjectNode service = object("v1", "Service", "kubernetes");
    ObjectNode labels = ((ObjectNode) service.get("metadata")).putObject("labels");
    labels.put("component", "apiserver");
    labels.put("provider", "kubernetes");
    ObjectNode spec = service.putObject("spec");
    spec.put("type", "ClusterIP");
    spec.put("clusterIP", KUBERNETES_SERVICE_IP);
    spec.putArray("clusterIPs").add(KUBERNETES_SERVICE_IP);
    spec.put("sessionAffinity", "None");
    spec.put("internalTrafficPolicy", "Cluster");
    spec.putArray("ipFamilies").add("IPv4");
    spec.put("ipFamilyPolicy", "SingleStack");
    ObjectNode port = spec.putArray("ports").addObject();
    port.put("name", "https");
    port.put("port", 443);
    port.put("protocol", "TCP");
    port.put("targetPort", 6443);
    return service;
  }

  /**
   * kubeadm's CoreDNS addon Service, as kind shows it: 10.96.0.10, dns 53/UDP, dns-tcp 53/TCP and
   * metrics 9153/TCP, labelled and annotated for Prometheus. Without kubeadm's selector ({@code
   * k8s-app: kube-dns}): no pods of kubesim carry it, and the DNS process keeps the Endpoints and
   * EndpointSlice itself, which the endpoint controllers would otherwise empty.
   */
  private static ObjectNode kubeDnsService() {
    ObjectNode service = object("v1", "Service", "kube-dns");
    ObjectNode metadata = (ObjectNode) service.get("metadata");
    metadata.put("namespace", "kube-system");
    ObjectNode labels = metadata.putObject("labels");
    labels.put("k8s-app", "kube-dns");
    labels.put("kubernetes.io/cluster-service", "true");
    labels.put("kubernetes.io/name", "CoreDNS");
    ObjectNode annotations = metadata.putObject("annotations");
    annotations.put("prometheus.io/port", "9153");
    annotations.put("prometheus.io/scrape", "true");
    ObjectNode spec = service.putObject("spec");
    spec.put("type", "ClusterIP");
    spec.put("clusterIP", KUBE_DNS_SERVICE_IP);
    spec.putArray("clusterIPs").add(KUBE_DNS_SERVICE_IP);
    spec.put("sessionAffinity", "None");
    spec.put("internalTrafficPolicy", "Cluster");
    spec.putArray("ipFamilies").add("IPv4");
    spec.put("ipFamilyPolicy", "SingleStack");
    ArrayNode ports = spec.putArray("ports");
    port(ports, "dns", 53, "UDP");
    port(ports, "dns-tcp", 53, "TCP");
    port(ports, "metrics", 9153, "TCP");
    return service;
  }

  private static void port(ArrayNode ports, String name, int number, String protocol) {
    ObjectNode port = ports.addObject();
    port.put("name", name);
    port.put("port", number);
    port.put("protocol", protocol);
    port.put("targetPort", number);
  }

  private static ObjectNode kubernetesEndpoints(String address, int port) {
    ObjectNode endpoints = object("v1", "Endpoints", "kubernetes");
    ((ObjectNode) endpoints.get("metadata"))
        .putObject("labels")
        .put("endpointslice.kubernetes.io/skip-mirror", "true");
    ObjectNode subset = endpoints.putArray("subsets").addObject();
    subset.putArray("addresses").addObject().put("ip", address);
    ObjectNode p = subset.putArray("ports").addObject();
    p.put("name", "https");
    p.put("port", port);
    p.put("protocol", "TCP");
    return endpoints;
  }

  /** The slice kube-apiserver's endpoint reconciler keeps beside the Endpoints (no managed-by). */
  private static ObjectNode kubernetesEndpointSlice(String address, int port) {
    ObjectNode slice = object("discovery.k8s.io/v1", "EndpointSlice", "kubernetes");
    ((ObjectNode) slice.get("metadata"))
        .putObject("labels")
        .put("kubernetes.io/service-name", "kubernetes");
    slice.put("addressType", "IPv4");
    ObjectNode endpoint = slice.putArray("endpoints").addObject();
    endpoint.putArray("addresses").add(address);
    endpoint.putObject("conditions").put("ready", true);
    ObjectNode p = slice.putArray("ports").addObject();
    p.put("name", "https");
    p.put("port", port);
    p.put("protocol", "TCP");
    return slice;
  }
}

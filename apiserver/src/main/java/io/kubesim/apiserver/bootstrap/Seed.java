package io.kubesim.apiserver.bootstrap;

import io.kubesim.apiserver.aggregator.LocalApiServices;
import io.kubesim.apiserver.registry.Writes;
import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.resource.Resources;
import io.kubesim.apiserver.storage.Store;
import io.kubesim.core.json.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a new cluster holds before anyone writes: the four system namespaces, the {@code
 * default/kubernetes} Service with its Endpoints and EndpointSlice, pointing at the apiserver, the
 * bootstrap RBAC policy and system priority classes, kind's default StorageClass {@code standard},
 * and an APIService per served group-version. Objects that exist (after a restart) are left alone.
 */
public final class Seed {
  /** The first address of the default service CIDR (10.96.0.0/12), as kubeadm clusters use. */
  public static final String KUBERNETES_SERVICE_IP = "10.96.0.1";

  private Seed() {}

  public static void apply(Store store, Writes writes, String advertiseAddress, int port) {
    for (String ns : new String[] {"default", "kube-system", "kube-public", "kube-node-lease"}) {
      ObjectNode namespace = object("v1", "Namespace", ns);
      createIfAbsent(store, writes, type("namespaces"), null, namespace);
    }
    createIfAbsent(store, writes, type("services"), "default", kubernetesService());
    createIfAbsent(
        store, writes, type("endpoints"), "default", kubernetesEndpoints(advertiseAddress, port));
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

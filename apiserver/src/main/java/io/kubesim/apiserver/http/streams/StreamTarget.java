package io.kubesim.apiserver.http.streams;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A pod stream request the API has accepted (the pod exists, has a node and, for exec and attach,
 * the container is valid): what serving it needs to know.
 *
 * @param subresource exec, attach or portforward
 * @param path the request's path, forwarded to the kubelet
 * @param query the request's query (PodExecOptions, PodAttachOptions)
 */
public record StreamTarget(
    String subresource,
    String path,
    Map<String, List<String>> query,
    String namespace,
    String name,
    String uid,
    String podIp,
    String node) {

  public static StreamTarget of(
      String subresource, String path, Map<String, List<String>> query, JsonNode pod) {
    JsonNode meta = pod.path("metadata");
    return new StreamTarget(
        subresource,
        path,
        query,
        meta.path("namespace").asString(""),
        meta.path("name").asString(""),
        meta.path("uid").asString(""),
        pod.path("status").path("podIP").asString(""),
        pod.path("spec").path("nodeName").asString(""));
  }
}

package io.kubesim.kubelet.mirror;

/**
 * A node of this kubelet as its mirror pods need it.
 *
 * @param name the Node's name
 * @param ip its InternalIP: the podIP and hostIP of its host-network pods
 * @param uid the Node's uid, which the pods' ownerReference names
 */
public record MirrorNode(String name, String ip, String uid) {}

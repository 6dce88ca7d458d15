package io.kubesim.core;

/** Names of the Hazelcast data structures that hold cluster state. */
public final class MapNames {
  /** Every stored object, key {@code <resource>.<group>/<namespace>/<name>}, value JSON bytes. */
  public static final String OBJECTS = "kubesim.objects";

  /** Cluster-wide counters and markers, e.g. the last committed resourceVersion. */
  public static final String META = "kubesim.meta";

  /**
   * The pod network: key {@code <podIP>:<port>}, value the real {@code host:port} where the
   * simulated container listens. Written by kubelets, read by whatever routes to pods.
   */
  public static final String POD_NETWORK = "kubesim.podnetwork";

  /** Prefix that every kubesim map name starts with; maps under it get the configured backups. */
  public static final String PREFIX = "kubesim.";

  private MapNames() {}
}

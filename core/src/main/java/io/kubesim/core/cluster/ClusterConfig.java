package io.kubesim.core.cluster;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How a process joins the kubesim cluster, read from the environment so that the same jar clusters
 * on loopback, in docker compose and across machines.
 *
 * <ul>
 *   <li>{@code KUBESIM_CLUSTER_NAME}: the Hazelcast cluster name (default {@code kubesim}); two
 *       clusters on one machine need two names.
 *   <li>{@code KUBESIM_CLUSTER_MEMBERS}: comma-separated {@code host[:port]} to join over TCP
 *       (default {@code 127.0.0.1}, i.e. every member on loopback).
 *   <li>{@code KUBESIM_CLUSTER_HOST}: the address this member binds and announces (default {@code
 *       127.0.0.1}; in a container, its hostname).
 *   <li>{@code KUBESIM_CLUSTER_PORT}: first Hazelcast port (default 5701, the next free is taken).
 *   <li>{@code KUBESIM_CLUSTER_BACKUPS}: synchronous backups per map partition (default 1, so
 *       losing one member loses no data).
 * </ul>
 */
public record ClusterConfig(String name, List<String> members, String host, int port, int backups) {

  public static ClusterConfig fromEnv(Map<String, String> env) {
    String members = env.getOrDefault("KUBESIM_CLUSTER_MEMBERS", "127.0.0.1");
    return new ClusterConfig(
        env.getOrDefault("KUBESIM_CLUSTER_NAME", "kubesim"),
        Arrays.stream(members.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
        env.getOrDefault("KUBESIM_CLUSTER_HOST", "127.0.0.1"),
        Integer.parseInt(env.getOrDefault("KUBESIM_CLUSTER_PORT", "5701")),
        Integer.parseInt(env.getOrDefault("KUBESIM_CLUSTER_BACKUPS", "1")));
  }

  /** A private cluster on loopback, for tests in one JVM. */
  public static ClusterConfig loopback(String name, int port) {
    return new ClusterConfig(name, List.of("127.0.0.1:" + port), "127.0.0.1", port, 1);
  }
}

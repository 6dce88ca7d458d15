package io.kubesim.kubelet.shell;

import java.util.List;
import java.util.Map;

/**
 * What a process sees of the container it runs in: the facts {@code hostname}, {@code ps}, {@code
 * ip}, {@code env} and {@code id} report.
 *
 * @param pid1 the command line of the container's first process
 * @param others the exec'd processes (the one asking among them), pid and command line
 * @param env the container's environment as the runtime sets it, in order
 * @param memoryBytes the node's memory, for /proc/meminfo and free
 */
public record Machine(
    Flavor flavor,
    String hostname,
    String podIp,
    List<String> pid1,
    Map<Integer, List<String>> others,
    Map<String, String> env,
    long uid,
    long gid,
    long memoryBytes) {

  public static final String KERNEL = "6.8.0-kubesim";

  /** A machine with nothing known but the flavor: for scripts computed ahead of time. */
  public static Machine plain(Flavor flavor) {
    return new Machine(
        flavor,
        "localhost",
        "",
        List.of("sh"),
        Map.of(),
        Map.of(
            "PATH",
            "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "HOME",
            "/root"),
        0,
        0,
        8L << 30);
  }
}

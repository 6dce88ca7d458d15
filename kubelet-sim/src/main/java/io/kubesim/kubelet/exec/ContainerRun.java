package io.kubesim.kubelet.exec;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one run of a container holds beyond its simulation: its files (with what exec'd commands
 * wrote) and the processes exec started in it. A restart is a new run: fresh files, no processes.
 */
public final class ContainerRun {
  private final int restartCount;
  private final ContainerFiles files;
  private final AtomicInteger lastPid = new AtomicInteger(1);
  private final Map<Integer, List<String>> processes = new ConcurrentHashMap<>();
  private final Map<Integer, Runnable> kills = new ConcurrentHashMap<>();

  public ContainerRun(int restartCount, ContainerFiles files) {
    this.restartCount = restartCount;
    this.files = files;
  }

  public int restartCount() {
    return restartCount;
  }

  public ContainerFiles files() {
    return files;
  }

  /** A new process: its pid (a few apart, as the ones a shell forks in between would be). */
  public int started(List<String> argv) {
    int pid = lastPid.addAndGet(6);
    processes.put(pid, List.copyOf(argv));
    return pid;
  }

  /** How to kill process {@code pid} when the container stops. */
  public void onStop(int pid, Runnable kill) {
    kills.put(pid, kill);
  }

  public void ended(int pid) {
    processes.remove(pid);
    kills.remove(pid);
  }

  /** The container stopped: its exec'd processes die with it. */
  public void stop() {
    List.copyOf(kills.values()).forEach(Runnable::run);
    kills.clear();
  }

  /** The exec'd processes still running, by pid. */
  public Map<Integer, List<String>> processes() {
    return Map.copyOf(processes);
  }
}

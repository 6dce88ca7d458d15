package io.kubesim.controllermanager;

/**
 * One controller of the controller-manager. It is built once, when the process starts (that is when
 * it adds its handlers to the shared informers), and then works only while this process holds the
 * kube-controller-manager Lease: {@link #start()} when it becomes the leader, {@link #stop()} when
 * it stops leading or the process stops. It may be started again after a stop.
 */
public interface ManagedController {
  /** The controller's name, as its work queue's in the workqueue_* metrics, e.g. "replicaset". */
  String name();

  void start();

  void stop();
}

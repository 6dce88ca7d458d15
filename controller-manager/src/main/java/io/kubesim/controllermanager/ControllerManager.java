package io.kubesim.controllermanager;

import io.kubesim.controllermanager.attachdetach.AttachDetachController;
import io.kubesim.controllermanager.cronjob.CronJobController;
import io.kubesim.controllermanager.daemonset.DaemonSetController;
import io.kubesim.controllermanager.deployment.DeploymentController;
import io.kubesim.controllermanager.disruption.DisruptionController;
import io.kubesim.controllermanager.endpoint.EndpointsController;
import io.kubesim.controllermanager.endpointslice.EndpointSliceController;
import io.kubesim.controllermanager.garbagecollector.GarbageCollector;
import io.kubesim.controllermanager.job.JobController;
import io.kubesim.controllermanager.localpath.LocalPathProvisioner;
import io.kubesim.controllermanager.namespace.NamespaceController;
import io.kubesim.controllermanager.nodelifecycle.NodeLifecycle;
import io.kubesim.controllermanager.persistentvolume.PersistentVolumeController;
import io.kubesim.controllermanager.podgc.PodGcController;
import io.kubesim.controllermanager.pvcprotection.PvcProtectionController;
import io.kubesim.controllermanager.pvprotection.PvProtectionController;
import io.kubesim.controllermanager.replicaset.ReplicaSetController;
import io.kubesim.controllermanager.replication.ReplicationManager;
import io.kubesim.controllermanager.resourcequota.ResourceQuotaController;
import io.kubesim.controllermanager.rootcacertpublisher.RootCaCertPublisher;
import io.kubesim.controllermanager.serviceaccount.ServiceAccountController;
import io.kubesim.controllermanager.servicelb.LoadBalancerController;
import io.kubesim.controllermanager.statefulset.StatefulSetController;
import io.kubesim.controllermanager.ttlafterfinished.TtlAfterFinishedController;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.controller.LeaderElectionConfig;
import io.kubesim.core.controller.LeaderElector;
import io.kubesim.core.process.Component;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-controller-manager: the shared informers run from start; the controllers run only while this
 * process holds the Lease kube-system/kube-controller-manager, so two replicas never both act.
 * Losing the Lease stops every controller; this process then competes again (the real one exits and
 * is restarted; the effect is the same).
 */
public final class ControllerManager implements Component {
  private static final Logger LOG = LoggerFactory.getLogger(ControllerManager.class);

  /** The Lease both replicas compete for (kube-system/kube-controller-manager). */
  public static final String LEASE_NAME = "kube-controller-manager";

  /** The controllers, one line each, in start order. */
  static final List<Function<ControllerContext, ManagedController>> CONTROLLERS =
      List.of(
          ReplicaSetController::new,
          ReplicationManager::create,
          DeploymentController::new,
          DaemonSetController::new,
          StatefulSetController::new,
          JobController::new,
          CronJobController::new,
          TtlAfterFinishedController::new,
          GarbageCollector::new,
          NamespaceController::new,
          ServiceAccountController::new,
          RootCaCertPublisher::new,
          NodeLifecycle::new,
          DisruptionController::new,
          EndpointsController::new,
          EndpointSliceController::new,
          LoadBalancerController::new,
          PodGcController::new,
          ResourceQuotaController::new,
          PersistentVolumeController::new,
          PvcProtectionController::new,
          PvProtectionController::new,
          AttachDetachController::new,
          LocalPathProvisioner::new);

  /**
   * @param election the Lease and its timings (identity unique per process)
   * @param resync the shared informers' resync period
   * @param rootCa the cluster CA (PEM) for the kube-root-ca.crt ConfigMaps, or null
   */
  public record Options(
      LeaderElectionConfig election, Duration resync, Clock clock, String rootCa) {}

  private final Options options;
  private final List<Function<ControllerContext, ManagedController>> controllers;

  public ControllerManager(Options options) {
    this(options, CONTROLLERS);
  }

  public ControllerManager(
      Options options, List<Function<ControllerContext, ManagedController>> controllers) {
    this.options = options;
    this.controllers = controllers;
  }

  @Override
  public Future<Running> start(Vertx vertx, ApiClient api, MeterRegistry registry) {
    SharedInformers informers = new SharedInformers(vertx, api, options.resync());
    ControllerContext ctx =
        new ControllerContext(
            vertx, api, informers, registry, options.clock(), options.resync(), options.rootCa());
    List<ManagedController> built = controllers.stream().map(f -> f.apply(ctx)).toList();
    LeaderElector elector =
        new LeaderElector(
            vertx,
            api,
            options.election(),
            new LeaderElector.Callbacks() {
              @Override
              public void onStartedLeading() {
                LOG.info(
                    "{} is the leader; starting {} controllers",
                    options.election().identity(),
                    built.size());
                built.forEach(ManagedController::start);
              }

              @Override
              public void onStoppedLeading() {
                LOG.info("{} stopped leading; stopping controllers", options.election().identity());
                built.forEach(ManagedController::stop);
              }

              @Override
              public void onNewLeader(String identity) {
                LOG.info("new leader: {}", identity);
              }
            },
            options.clock());
    Gauge.builder("leader.election.master.status", elector, e -> e.isLeader() ? 1 : 0)
        .tag("name", LEASE_NAME)
        .description(
            "Gauge of if the reporting system is master of the relevant lease, 0 indicates backup,"
                + " 1 indicates master. 'name' is the string used to identify the lease.")
        .register(registry);
    return informers
        .start()
        .map(
            v -> {
              elector.start();
              return new Running() {
                @Override
                public boolean ready() {
                  return informers.hasSynced();
                }

                @Override
                public Future<Void> stop() {
                  return elector
                      .stop()
                      .onComplete(done -> built.forEach(ManagedController::stop))
                      .transform(done -> informers.stop());
                }
              };
            });
  }
}

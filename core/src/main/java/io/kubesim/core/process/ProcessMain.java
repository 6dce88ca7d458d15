package io.kubesim.core.process;

import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.BusApiClient;
import io.kubesim.core.cluster.Cluster;
import io.kubesim.core.cluster.ClusterConfig;
import io.kubesim.core.cluster.MemberAttributes;
import io.kubesim.core.observability.HealthRoutes;
import io.kubesim.core.observability.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of every process but the apiserver: join the cluster, serve /metrics, /healthz and
 * /readyz on the component's port (KUBESIM_METRICS_PORT overrides it, 0 picks a free one), start
 * the component, and stop it cleanly on SIGTERM. The process announces the component it plays as
 * member attributes ({@link MemberAttributes}), so that its node's kubelet shows it as a pod.
 */
public final class ProcessMain {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessMain.class);

  /** How long an API call over the event bus may take before it fails with 504. */
  static final long API_TIMEOUT_MILLIS = 30_000;

  private ProcessMain() {}

  /** Runs the process until it is terminated; exits 1 when it cannot start. */
  public static void run(String name, int defaultPort, Component component) {
    Map<String, String> env = System.getenv();
    int port = Integer.parseInt(env.getOrDefault("KUBESIM_METRICS_PORT", "" + defaultPort));
    String bind = env.getOrDefault("KUBESIM_METRICS_HOST", "0.0.0.0");
    PrometheusMeterRegistry registry = Metrics.newRegistry();
    AtomicReference<Cluster> cluster = new AtomicReference<>();
    AtomicReference<Component.Running> running = new AtomicReference<>();
    try {
      Cluster.start(ClusterConfig.fromEnv(env), registry, MemberAttributes.forProcess(name, env))
          .compose(
              c -> {
                cluster.set(c);
                Router router = Router.router(c.vertx());
                HealthRoutes.mount(
                    router,
                    registry,
                    () -> running.get() != null && running.get().ready(),
                    component::extraMetrics);
                component.routes(router);
                return c.vertx().createHttpServer().requestHandler(router).listen(port, bind);
              })
          .compose(
              (HttpServer http) -> {
                LOG.info("{}: /metrics on port {}", name, http.actualPort());
                ApiClient api =
                    new ApiClient(new BusApiClient(cluster.get().vertx(), API_TIMEOUT_MILLIS));
                return component.start(cluster.get().vertx(), api, registry);
              })
          .onSuccess(running::set)
          .toCompletionStage()
          .toCompletableFuture()
          .get(180, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.error("{} failed to start", name, e);
      System.exit(1);
      return;
    }
    LOG.info("{} started", name);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    running
                        .get()
                        .stop()
                        .transform(r -> cluster.get().close())
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(20, TimeUnit.SECONDS);
                  } catch (Exception e) {
                    LOG.warn("{}: unclean stop: {}", name, e.toString());
                  }
                  stopped.countDown();
                }));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

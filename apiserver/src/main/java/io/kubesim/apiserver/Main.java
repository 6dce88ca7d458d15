package io.kubesim.apiserver;

import io.kubesim.core.cluster.ClusterConfig;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point of the apiserver process; settings come from the environment. */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    ApiServerConfig config = ApiServerConfig.fromEnv(System.getenv());
    ClusterConfig cluster = ClusterConfig.fromEnv(System.getenv());
    ApiServer server;
    try {
      server = ApiServer.start(config, cluster).toCompletionStage().toCompletableFuture().join();
    } catch (RuntimeException e) {
      LOG.error("apiserver failed to start", e);
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    server.stop();
                  } catch (RuntimeException e) {
                    LOG.warn("unclean stop: {}", e.toString());
                  }
                  stopped.countDown();
                }));
    stopped.await();
  }
}

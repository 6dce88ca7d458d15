package io.kubesim.benchmark;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * fabric8's KubernetesMockServer in CRUD mode over plain HTTP (what {@code
 * EnableKubernetesMockClient(crud = true)} builds), as its own process so that it gets a JVM like
 * the apiserver's. Arguments: the port. Prints {@code READY} when it listens.
 */
public final class Fabric8MockMain {
  private Fabric8MockMain() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(List.of()),
            false);
    server.init(InetAddress.getByName("127.0.0.1"), port);
    System.out.println("READY " + server.getPort());
    System.out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.destroy();
                  stopped.countDown();
                }));
    stopped.await();
  }
}

package io.kubesim.console;

import io.kubesim.console.chaos.ChaosRoutes;
import io.kubesim.console.cluster.ClusterRoutes;
import io.kubesim.console.networking.NetworkingRoutes;
import io.kubesim.console.scheduling.SchedulingRoutes;
import java.util.List;

/** The features the console serves, in the order their routes are mounted. */
public final class Features {
  private Features() {}

  public static List<ConsoleRoutes> all(ConsoleConfig config) {
    return List.of(
        new ClusterRoutes(),
        new SchedulingRoutes(),
        new NetworkingRoutes(),
        new ChaosRoutes(System.getenv()));
  }
}

package io.kubesim.console;

import io.kubesim.console.chaos.ChaosRoutes;
import io.kubesim.console.cluster.ClusterRoutes;
import java.util.List;

/** The features the console serves, in the order their routes are mounted. */
public final class Features {
  private Features() {}

  public static List<ConsoleRoutes> all(ConsoleConfig config) {
    return List.of(new ClusterRoutes(), new ChaosRoutes(System.getenv()));
  }
}

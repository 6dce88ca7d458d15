package io.kubesim.coredns;

import io.kubesim.core.process.ProcessMain;
import java.time.Clock;

/**
 * The coredns-sim process: {@code java -jar kubesim-coredns.jar}. DNS on 53 (UDP and TCP), the
 * prometheus plugin's /metrics on 9153, /health on 8080, /ready on 8181; settings in {@link
 * CoreDnsConfig}.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    ProcessMain.run(
        "coredns", 9153, new CoreDns(CoreDnsConfig.fromEnv(System.getenv()), Clock.systemUTC()));
  }
}

package io.kubesim.ingress;

import io.kubesim.core.process.ProcessMain;
import java.time.Clock;

/**
 * The ingress-sim process: {@code java -jar kubesim-ingress.jar}. HTTP on 80 and HTTPS on 443 (the
 * launcher: 8080 and 8443), /metrics, /healthz and /nginx.conf on 10254, as ingress-nginx's
 * controller serves them; settings in {@link IngressConfig}.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    ProcessMain.run(
        IngressConfig.COMPONENT,
        10254,
        new IngressController(IngressConfig.fromEnv(System.getenv()), Clock.systemUTC()));
  }
}

package io.kubesim.console;

import io.kubesim.core.process.ProcessMain;
import java.util.List;

/**
 * The console process: {@code java -jar kubesim-console.jar [--allow-chaos]}. The page, its API and
 * /metrics, /healthz, /readyz on KUBESIM_CONSOLE_PORT (8001); settings in {@link ConsoleConfig}.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    ConsoleConfig config = ConsoleConfig.fromEnv(System.getenv(), List.of(args));
    ProcessMain.run("console", config.port(), new Console(config, Features.all(config)));
  }
}

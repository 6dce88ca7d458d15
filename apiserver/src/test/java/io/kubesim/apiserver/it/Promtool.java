package io.kubesim.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * {@code promtool check metrics}, run in the Prometheus image that docker compose already uses, so
 * that no test needs promtool installed on the host. promtool reads the exposition from stdin only;
 * the file is copied in and redirected by the image's shell.
 */
public final class Promtool {
  private static final DockerImageName IMAGE = DockerImageName.parse("prom/prometheus:v2.53.2");
  private static final String FILE = "/tmp/metrics.prom";

  private Promtool() {}

  /** Asserts that promtool finds nothing to complain about in {@code exposition}. */
  public static void assertValid(String exposition) {
    try (GenericContainer<?> promtool =
        new GenericContainer<>(IMAGE)
            .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("sh"))
            .withCommand("-c", "promtool check metrics < " + FILE + "; echo \"promtool exit $?\"")
            .withCopyToContainer(Transferable.of(exposition), FILE)
            .withStartupCheckStrategy(
                new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(60)))) {
      promtool.start();
      String out = promtool.getLogs();
      assertThat(out).as(out).contains("promtool exit 0");
    }
  }
}

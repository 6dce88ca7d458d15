package io.kubesim.ingress.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real curl, as a learner runs it against the controller. */
final class Curl {
  private Curl() {}

  /**
   * @param status the HTTP status
   * @param body the answer
   * @param headers response headers and, with -v, the TLS handshake's report (curl's stderr)
   */
  record Result(int status, String body, String headers) {
    @Override
    public String toString() {
      return status + "\n" + headers + "\n" + body;
    }
  }

  /** {@code curl -sS -k -D - <args>}: the status, body and headers (and stderr for -v). */
  static Result run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("curl", "-sS", "-k", "--max-time", "10"));
    command.addAll(List.of("-o", "-", "-w", "\n%{http_code}", "-D", "/dev/stderr"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).start();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("curl did not finish: " + command);
    }
    String text = new String(out, StandardCharsets.UTF_8);
    int nl = text.lastIndexOf('\n');
    String code = text.substring(nl + 1).trim();
    return new Result(
        code.matches("\\d+") ? Integer.parseInt(code) : 0,
        text.substring(0, Math.max(nl, 0)),
        new String(err, StandardCharsets.UTF_8));
  }
}

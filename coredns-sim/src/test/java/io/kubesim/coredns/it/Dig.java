package io.kubesim.coredns.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real resolver of the tests: {@code dig} from Debian's dnsutils, asking the DNS process on
 * 127.0.0.1 at its port. Records come back one a line with single spaces ({@code name ttl IN type
 * data}), as {@code +noall +answer} prints them with the tabs squeezed.
 */
final class Dig {
  private static final Pattern STATUS = Pattern.compile("status: (\\w+)");
  private static final Pattern FLAGS = Pattern.compile(";; flags: ([a-z ]+);");

  /** What dig printed, taken apart. */
  record Result(
      String status,
      String flags,
      List<String> answer,
      List<String> authority,
      List<String> additional,
      String raw) {}

  private final int port;

  Dig(int port) {
    this.port = port;
  }

  /** {@code dig @127.0.0.1 -p PORT ARGS...}, its sections. */
  Result ask(String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of("dig", "@127.0.0.1", "-p", Integer.toString(port), "+tries=1", "+time=5"));
    command.addAll(Arrays.asList(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("dig did not finish: " + command);
    }
    Matcher status = STATUS.matcher(out);
    Matcher flags = FLAGS.matcher(out);
    return new Result(
        status.find() ? status.group(1) : "?",
        flags.find() ? flags.group(1).trim() : "?",
        section(out, "ANSWER"),
        section(out, "AUTHORITY"),
        section(out, "ADDITIONAL"),
        out);
  }

  /**
   * The records of one section of dig's full output, whitespace squeezed; OPT pseudo-records left
   * out.
   */
  private static List<String> section(String out, String name) {
    List<String> records = new ArrayList<>();
    boolean in = false;
    for (String line : out.split("\n")) {
      if (line.startsWith(";; " + name + " SECTION:")) {
        in = true;
      } else if (in && (line.isBlank() || line.startsWith(";"))) {
        in = false;
      } else if (in) {
        records.add(line.trim().replaceAll("\\s+", " "));
      }
    }
    return records;
  }
}

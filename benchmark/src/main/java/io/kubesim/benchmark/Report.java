package io.kubesim.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The Markdown report: machine, command, results side by side, targets. */
final class Report {
  private Report() {}

  static String markdown(
      ApiBenchmark.Options o, String command, String started, List<ApiBenchmark.Run> runs) {
    StringBuilder s = new StringBuilder();
    s.append("### Run of ").append(started).append("\n\n");
    s.append("- command: `").append(command.trim()).append("`\n");
    s.append("- machine: ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" CPUs (`nproc`), ")
        .append(cpuModel())
        .append("; memory (`free -h`): ")
        .append(freeMemory())
        .append('\n');
    s.append("- Java: ")
        .append(System.getProperty("java.vm.name"))
        .append(' ')
        .append(System.getProperty("java.runtime.version"))
        .append("; server JVMs: `")
        .append(o.serverJvmOpts())
        .append("`; load generator in its own JVM on the same machine\n");
    s.append("- settings: ")
        .append(o.duration())
        .append(" s per timed scenario, ")
        .append(o.clients())
        .append(" closed-loop clients, open-loop rate ")
        .append(o.rate())
        .append("/s, ")
        .append(o.pods())
        .append(" pods, ")
        .append(o.watchers())
        .append(" watchers x ")
        .append(o.watchRepeats())
        .append(" changes, ")
        .append(o.warmup())
        .append(" s warm-up\n");
    for (ApiBenchmark.Run r : runs) {
      s.append("- ")
          .append(r.server())
          .append(": load average (1/5/15 min, /proc/loadavg) before ")
          .append(r.loadBefore())
          .append(", after ")
          .append(r.loadAfter())
          .append("; ")
          .append(r.note())
          .append('\n');
    }
    s.append('\n');
    Optional<ApiBenchmark.Run> k =
        runs.stream().filter(r -> r.server().equals("kubesim")).findFirst();
    Optional<ApiBenchmark.Run> f =
        runs.stream().filter(r -> r.server().equals("fabric8")).findFirst();
    List<String> header = new ArrayList<>(List.of("scenario"));
    for (ApiBenchmark.Run r : runs) {
      header.add(r.server() + " ops/s");
      header.add(r.server() + " p50 ms");
      header.add(r.server() + " p99 ms");
      header.add(r.server() + " max ms");
      header.add(r.server() + " errors");
    }
    if (k.isPresent() && f.isPresent()) {
      header.add("kubesim/fabric8 throughput");
    }
    s.append("| ").append(String.join(" | ", header)).append(" |\n|");
    s.append("---|".repeat(header.size())).append('\n');
    int rows = runs.get(0).results().size();
    for (int i = 0; i < rows; i++) {
      List<String> row = new ArrayList<>();
      row.add(runs.get(0).results().get(i).scenario());
      for (ApiBenchmark.Run r : runs) {
        Load.Result x = r.results().get(i);
        row.add(fmt(x.throughput()));
        row.add(fmt(x.p50()));
        row.add(fmt(x.p99()));
        row.add(fmt(x.max()));
        row.add(String.valueOf(x.errors()));
      }
      if (k.isPresent() && f.isPresent()) {
        double fk = f.get().results().get(i).throughput();
        row.add(
            fk == 0
                ? "n/a"
                : String.format(Locale.ROOT, "%.2fx", k.get().results().get(i).throughput() / fk));
      }
      s.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
    s.append(
        "\nWatch fan-out rows: ops/s is changes per second of the whole scenario (not a rate);"
            + " latency is from sending the create until the last of the watchers has the event.\n");
    k.ifPresent(run -> s.append('\n').append(targets(run, f)));
    return s.toString();
  }

  private static String targets(ApiBenchmark.Run k, Optional<ApiBenchmark.Run> f) {
    StringBuilder s = new StringBuilder("Targets (kubesim):\n\n");
    for (Load.Result r : k.results()) {
      String n = r.scenario();
      if (n.startsWith("GET ")) {
        s.append(line("single GET p99 <= 5 ms", r.p99(), r.p99() <= 5));
      } else if (n.startsWith("create ConfigMap, open loop")) {
        s.append(
            line(
                "create p99 <= 20 ms at 500/s (achieved " + fmt(r.throughput()) + "/s)",
                r.p99(),
                r.p99() <= 20 && r.errors() == 0));
      } else if (n.startsWith("LIST ") && n.contains("1 client")) {
        s.append(line("LIST of 10,000 pods <= 300 ms (p99)", r.p99(), r.p99() <= 300));
      }
    }
    if (f.isPresent()) {
      int met = 0;
      int all = 0;
      StringBuilder which = new StringBuilder();
      for (int i = 0; i < k.results().size(); i++) {
        Load.Result a = k.results().get(i);
        Load.Result b = f.get().results().get(i);
        if (a.scenario().contains("open loop") || a.scenario().startsWith("watch")) {
          continue; // fixed rate, or not a throughput
        }
        all++;
        double ratio =
            b.throughput() == 0 ? Double.POSITIVE_INFINITY : a.throughput() / b.throughput();
        if (ratio >= 2) {
          met++;
        } else {
          which.append(which.length() == 0 ? "" : ", ").append(a.scenario());
        }
      }
      s.append("- at least 2x fabric8's throughput while replicating and persisting: ")
          .append(met)
          .append(" of ")
          .append(all)
          .append(" throughput scenarios")
          .append(met == all ? " (met)" : " (missed in: " + which + ")")
          .append('\n');
    }
    return s.toString();
  }

  private static String line(String target, double value, boolean met) {
    return "- " + target + ": " + fmt(value) + " ms, " + (met ? "met" : "MISSED") + "\n";
  }

  private static String fmt(double v) {
    if (v >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    return String.format(Locale.ROOT, v >= 10 ? "%.1f" : "%.2f", v);
  }

  static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU";
    }
  }

  static String freeMemory() {
    try {
      Process p = new ProcessBuilder("free", "-h").redirectErrorStream(true).start();
      List<String> lines =
          new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      p.waitFor();
      return lines.stream()
          .filter(l -> l.startsWith("Mem:"))
          .findFirst()
          .map(
              l ->
                  "`"
                      + l.replaceAll("\\s+", " ").trim()
                      + "` (total used free shared buff/cache available)")
          .orElse("unknown");
    } catch (IOException | InterruptedException e) {
      return "unknown";
    }
  }
}

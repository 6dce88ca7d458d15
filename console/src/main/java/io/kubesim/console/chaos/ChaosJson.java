package io.kubesim.console.chaos;

import io.kubesim.core.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The experiments as the page's JSON and as the table {@code bin/kubesim chaos list} prints. */
final class ChaosJson {
  private ChaosJson() {}

  /** RFC 3339 in UTC with milliseconds: a time to heal is a matter of seconds. */
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

  static ObjectNode experiment(Experiment e) {
    ObjectNode o = Json.object();
    o.put("id", e.id());
    o.put("kind", e.kind().label());
    o.put("target", e.target());
    o.put("startedAt", time(e.startedAt()));
    o.put("endedAt", time(e.endedAt()));
    o.put("healedAt", time(e.healedAt()));
    if (e.timeToHeal() == null) {
      o.putNull("timeToHealSeconds");
    } else {
      o.put("timeToHealSeconds", e.timeToHeal().toMillis() / 1000.0);
    }
    ArrayNode waiting = o.putArray("waitingFor");
    e.waitingFor().forEach(waiting::add);
    return o;
  }

  /**
   * @param canRun whether this console carries out experiments itself (the page's buttons)
   */
  static ObjectNode experiments(List<Experiment> all, boolean allowChaos, boolean canRun) {
    ObjectNode o = Json.object();
    o.put("allowChaos", allowChaos);
    o.put("canRun", canRun);
    ArrayNode kinds = o.putArray("kinds");
    for (Kind k : Kind.values()) {
      kinds.add(k.label());
    }
    ArrayNode items = o.putArray("experiments");
    all.forEach(e -> items.add(experiment(e)));
    return o;
  }

  /**
   * One line a experiment, as kubectl prints tables; HEALED-AFTER is the time to heal, or what the
   * cluster still waits for.
   *
   * <pre>
   * ID  KIND       TARGET           STARTED                   ENDED                     HEALED-AFTER
   * 1   kill-node  kubesim-worker2  2026-12-07T15:00:01.250Z  2026-12-07T15:00:40.010Z  47.3s
   * </pre>
   */
  static String table(List<Experiment> all) {
    String format = "%-4s%-11s%-26s%-26s%-26s%s%n";
    StringBuilder out = new StringBuilder();
    out.append(String.format(format, "ID", "KIND", "TARGET", "STARTED", "ENDED", "HEALED-AFTER"));
    for (Experiment e : all) {
      out.append(
          String.format(
              format,
              e.id(),
              e.kind().label(),
              e.target(),
              time(e.startedAt()),
              e.endedAt() == null ? "-" : time(e.endedAt()),
              e.healed()
                  ? seconds(e.timeToHeal())
                  : "waiting: " + String.join("; ", e.waitingFor())));
    }
    return out.toString();
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
  }

  private static String time(Instant t) {
    return t == null ? null : TIME.format(t);
  }
}

package io.kubesim.console.networking;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ways of kube-proxy's packet trace (the text of {@code iptables-trace}), each with its chance,
 * where it ends and the chains it passes (as {@link ChainDiagram#id} names them), so that the page
 * can light them up on the diagram.
 */
public record TracePath(double chance, String verdict, List<String> chains) {
  private static final Pattern OUTCOME = Pattern.compile("^\\s*([0-9.]+)%\\s+(.+)$");
  private static final Pattern STEP = Pattern.compile("^ {4}(\\S+) (\\S+) #(\\d+)");

  public static List<TracePath> parse(String trace) {
    List<TracePath> paths = new ArrayList<>();
    Double chance = null;
    String verdict = null;
    Set<String> chains = new LinkedHashSet<>();
    for (String line : trace.split("\n")) {
      Matcher step = STEP.matcher(line);
      Matcher outcome = OUTCOME.matcher(line);
      if (step.find() && chance != null) {
        chains.add(ChainDiagram.id(step.group(1), step.group(2)));
      } else if (!line.startsWith(" ".repeat(4)) && outcome.matches()) {
        if (chance != null) {
          paths.add(new TracePath(chance / 100, verdict, List.copyOf(chains)));
        }
        chance = Double.parseDouble(outcome.group(1));
        verdict = outcome.group(2).trim();
        chains.clear();
      }
    }
    if (chance != null) {
      paths.add(new TracePath(chance / 100, verdict, List.copyOf(chains)));
    }
    return paths;
  }
}

package io.kubesim.console.networking;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code -A} line of iptables-save, with what the diagram needs from it.
 *
 * @param table {@code nat} or {@code filter}
 * @param number its position in the chain, from 1 (as iptables -L --line-numbers and the trace)
 * @param probability {@code --probability} of a {@code statistic --mode random} match, or null
 */
record Rule(
    String table,
    String chain,
    int number,
    String target,
    String comment,
    Double probability,
    String destination,
    String protocol,
    String destinationPort,
    String toDestination,
    String text) {

  /** Parses {@code line} (without the leading {@code -A}'s table, which the caller knows). */
  static Rule parse(String table, int number, String line) {
    List<String> t = tokens(line);
    String chain = "";
    String target = "";
    String comment = "";
    Double probability = null;
    String destination = "";
    String protocol = "";
    String dport = "";
    String to = "";
    for (int i = 0; i + 1 < t.size(); i++) {
      String value = t.get(i + 1);
      switch (t.get(i)) {
        case "-A" -> chain = value;
        case "-j" -> target = value;
        case "--comment" -> comment = value;
        case "--probability" -> probability = Double.parseDouble(value);
        case "-d" -> destination = value;
        case "-p" -> protocol = value;
        case "--dport" -> dport = value;
        case "--to-destination" -> to = value;
        default -> {}
      }
    }
    return new Rule(
        table, chain, number, target, comment, probability, destination, protocol, dport, to, line);
  }

  /** Whether the rule is about Service {@code ns/name} (kube-proxy's comments start with it). */
  boolean about(String service) {
    return comment.equals(service)
        || comment.startsWith(service + ":")
        || comment.startsWith(service + " ");
  }

  /** Splits on spaces, keeping a double-quoted string (a comment) as one token. */
  static List<String> tokens(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (char c : line.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ' ' && !quoted) {
        if (!current.isEmpty()) {
          out.add(current.toString());
          current.setLength(0);
        }
      } else {
        current.append(c);
      }
    }
    if (!current.isEmpty()) {
      out.add(current.toString());
    }
    return out;
  }

  /** Parses a whole iptables-save dump: every {@code -A} rule of every table, in order. */
  static List<Rule> parseAll(String dump) {
    List<Rule> rules = new ArrayList<>();
    String table = "";
    java.util.Map<String, Integer> numbers = new java.util.HashMap<>();
    for (String line : dump.split("\n")) {
      if (line.startsWith("*")) {
        table = line.substring(1).trim();
        numbers.clear();
      } else if (line.startsWith("-A ")) {
        String chain = tokens(line).get(1);
        int number = numbers.merge(chain, 1, Integer::sum);
        rules.add(parse(table, number, line));
      }
    }
    return rules;
  }
}

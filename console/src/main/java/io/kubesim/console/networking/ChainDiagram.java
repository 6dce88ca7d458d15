package io.kubesim.console.networking;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The way a Service's packets take through one node's kube-proxy rules, as boxes and arrows:
 * KUBE-SERVICES (and KUBE-NODEPORTS) → KUBE-EXT-/KUBE-SVC-/KUBE-SVL-… → KUBE-SEP-… → DNAT to a pod,
 * or REJECT/DROP when there is no endpoint. Built from the node's iptables-save by a pure function.
 *
 * <p>Each arrow into an endpoint chain carries the chance that a new connection takes it. iptables
 * tries the random rules in order, each with its own --probability of what is left: with three
 * endpoints the rules say 0.3333, 0.5 and (the last, unconditional) 1, so the chances are 1/3, (2/3
 * × 1/2) = 1/3 and (2/3 × 1/2) = 1/3.
 *
 * @param service {@code namespace/name}
 */
public record ChainDiagram(String service, List<Box> boxes, List<Arrow> arrows) {

  /**
   * A chain, or where a packet ends.
   *
   * @param kind {@code entry} (KUBE-SERVICES, KUBE-NODEPORTS), {@code chain} (the Service's own),
   *     {@code endpoint} (KUBE-SEP-…), or {@code verdict} (DNAT, REJECT, DROP)
   * @param masquerade whether the chain marks some packets for SNAT (a jump to KUBE-MARK-MASQ)
   */
  public record Box(String id, String table, String label, String kind, boolean masquerade) {}

  /**
   * A jump.
   *
   * @param rule the jumping rule's number in its chain (the trace names rules so)
   * @param match what the rule matches, for the label
   * @param chance the chance a new connection takes this arrow, or null where it is not random
   */
  public record Arrow(String from, String to, int rule, String match, Double chance) {}

  static final String MASQ = "KUBE-MARK-MASQ";

  public static ChainDiagram of(String iptablesSave, String service) {
    List<Rule> rules = Rule.parseAll(iptablesSave);
    Map<String, Box> boxes = new LinkedHashMap<>();
    List<Arrow> arrows = new ArrayList<>();
    Map<String, Double> remaining = new LinkedHashMap<>();
    Set<String> own = ownChains(rules, service);
    for (Rule r : rules) {
      if (!(r.about(service) || own.contains(id(r.table(), r.chain()))) || r.target().isEmpty()) {
        continue;
      }
      String fromId = id(r.table(), r.chain());
      Box from = boxes.computeIfAbsent(fromId, c -> box(r.table(), r.chain()));
      if (r.target().equals(MASQ)) {
        boxes.put(fromId, new Box(fromId, from.table(), from.label(), from.kind(), true));
        continue;
      }
      String to;
      if (r.target().equals("DNAT")) {
        to = "DNAT " + r.toDestination();
        boxes.putIfAbsent(
            to, new Box(to, r.table(), "DNAT to " + r.toDestination(), "verdict", false));
      } else if (r.target().equals("REJECT") || r.target().equals("DROP")) {
        to = r.target() + " " + fromId;
        boxes.putIfAbsent(
            to, new Box(to, r.table(), r.target() + ": " + r.comment(), "verdict", false));
      } else {
        to = id(r.table(), r.target());
        boxes.computeIfAbsent(to, c -> box(r.table(), r.target()));
      }
      arrows.add(new Arrow(fromId, to, r.number(), match(r), chance(r, remaining)));
    }
    nodePorts(rules, boxes, arrows);
    return new ChainDiagram(service, List.copyOf(boxes.values()), List.copyOf(arrows));
  }

  /**
   * The chains that belong to the Service alone (KUBE-SVC-, KUBE-EXT-, KUBE-SEP-…): all their rules
   * are drawn, also those without the Service's comment (KUBE-EXT's jump to KUBE-SVC).
   */
  private static Set<String> ownChains(List<Rule> rules, String service) {
    Set<String> own = new HashSet<>();
    for (Rule r : rules) {
      if (r.about(service)) {
        for (String chain : List.of(r.chain(), r.target())) {
          if (chain.startsWith("KUBE-")
              && !chain.equals("KUBE-SERVICES")
              && !chain.equals("KUBE-NODEPORTS")
              && !chain.equals(MASQ)) {
            own.add(id(r.table(), chain));
          }
        }
      }
    }
    return own;
  }

  /**
   * A box's id: the chain's name in the nat table, where a Service's way runs; {@code table:chain}
   * elsewhere (filter has its own KUBE-SERVICES, where REJECT waits).
   */
  public static String id(String table, String chain) {
    return table.equals("nat") ? chain : table + ":" + chain;
  }

  /** KUBE-SERVICES hands local destinations to KUBE-NODEPORTS in a rule about no Service. */
  private static void nodePorts(List<Rule> rules, Map<String, Box> boxes, List<Arrow> arrows) {
    if (!boxes.containsKey("KUBE-NODEPORTS")) {
      return;
    }
    for (Rule r : rules) {
      if (r.table().equals("nat")
          && r.chain().equals("KUBE-SERVICES")
          && r.target().equals("KUBE-NODEPORTS")) {
        boxes.computeIfAbsent("KUBE-SERVICES", c -> box("nat", c));
        arrows.add(new Arrow("KUBE-SERVICES", "KUBE-NODEPORTS", r.number(), "local", null));
      }
    }
  }

  /**
   * The chance of a jump to an endpoint chain: its probability of what the earlier random rules of
   * the chain left; the last jump (no probability) takes all that is left. Null for other jumps.
   */
  private static Double chance(Rule r, Map<String, Double> remaining) {
    if (!r.target().startsWith("KUBE-SEP-")) {
      return null;
    }
    double left = remaining.getOrDefault(r.chain(), 1.0);
    double p = r.probability() == null ? 1.0 : r.probability();
    remaining.put(r.chain(), left * (1 - p));
    return left * p;
  }

  private static Box box(String table, String chain) {
    String id = id(table, chain);
    String kind =
        chain.equals("KUBE-SERVICES") || chain.equals("KUBE-NODEPORTS")
            ? "entry"
            : chain.startsWith("KUBE-SEP-") ? "endpoint" : "chain";
    return new Box(id, table, id, kind, false);
  }

  private static String match(Rule r) {
    StringBuilder m = new StringBuilder();
    if (!r.destination().isEmpty()) {
      m.append(r.destination().replace("/32", ""));
    }
    if (!r.destinationPort().isEmpty()) {
      m.append(m.isEmpty() ? "port " : ":").append(r.destinationPort());
    }
    if (!r.protocol().isEmpty() && !m.isEmpty()) {
      m.append('/').append(r.protocol());
    }
    return m.toString();
  }
}

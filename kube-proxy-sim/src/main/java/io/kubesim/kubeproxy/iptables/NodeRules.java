package io.kubesim.kubeproxy.iptables;

import static io.kubesim.kubeproxy.iptables.TableName.FILTER;
import static io.kubesim.kubeproxy.iptables.TableName.MANGLE;
import static io.kubesim.kubeproxy.iptables.TableName.NAT;

import io.kubesim.kubeproxy.iptables.Match.Conntrack;
import io.kubesim.kubeproxy.iptables.Match.CtState;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * The rules that do not depend on Services: what the kubelet creates when the node starts, the
 * jumps kube-proxy ensures from the built-in chains, and the fixed part of its restore input.
 */
final class NodeRules {
  static final String SERVICES = "KUBE-SERVICES";
  static final String EXTERNAL_SERVICES = "KUBE-EXTERNAL-SERVICES";
  static final String NODEPORTS = "KUBE-NODEPORTS";
  static final String POSTROUTING = "KUBE-POSTROUTING";
  static final String MARK_MASQ = "KUBE-MARK-MASQ";
  static final String FORWARD = "KUBE-FORWARD";
  static final String PROXY_FIREWALL = "KUBE-PROXY-FIREWALL";
  static final String PROXY_CANARY = "KUBE-PROXY-CANARY";
  static final String FIREWALL = "KUBE-FIREWALL";
  static final String KUBELET_CANARY = "KUBE-KUBELET-CANARY";
  static final String IPTABLES_HINT = "KUBE-IPTABLES-HINT";
  static final String NODEPORTS_LAST_COMMENT =
      "kubernetes service nodeports; NOTE: this must be the last rule in this chain";

  private static final Conntrack NEW = new Conntrack(false, EnumSet.of(CtState.NEW));
  private static final Cidr LOOPBACK = Cidr.LOOPBACK;

  /** One jump kube-proxy ensures from a built-in chain (its iptablesJumpChains). */
  private record Jump(TableName table, String to, String from, String comment, boolean newOnly) {}

  private static final List<Jump> KUBE_PROXY_JUMPS =
      List.of(
          new Jump(
              FILTER,
              EXTERNAL_SERVICES,
              "INPUT",
              "kubernetes externally-visible service portals",
              true),
          new Jump(
              FILTER,
              EXTERNAL_SERVICES,
              "FORWARD",
              "kubernetes externally-visible service portals",
              true),
          new Jump(FILTER, NODEPORTS, "INPUT", "kubernetes health check service ports", false),
          new Jump(FILTER, SERVICES, "FORWARD", "kubernetes service portals", true),
          new Jump(FILTER, SERVICES, "OUTPUT", "kubernetes service portals", true),
          new Jump(FILTER, FORWARD, "FORWARD", "kubernetes forwarding rules", false),
          new Jump(FILTER, PROXY_FIREWALL, "INPUT", "kubernetes load balancer firewall", true),
          new Jump(FILTER, PROXY_FIREWALL, "OUTPUT", "kubernetes load balancer firewall", true),
          new Jump(FILTER, PROXY_FIREWALL, "FORWARD", "kubernetes load balancer firewall", true),
          new Jump(NAT, SERVICES, "OUTPUT", "kubernetes service portals", false),
          new Jump(NAT, SERVICES, "PREROUTING", "kubernetes service portals", false),
          new Jump(NAT, POSTROUTING, "POSTROUTING", "kubernetes postrouting rules", false),
          // kube-proxy's copies of the kubelet's jumps, without a comment.
          new Jump(FILTER, FIREWALL, "INPUT", null, false),
          new Jump(FILTER, FIREWALL, "OUTPUT", null, false));

  private NodeRules() {}

  /**
   * What kubelet 1.32 leaves before kube-proxy starts: the hint chain, its canaries and the
   * KUBE-FIREWALL martian-packet rule with its jumps (prepended to OUTPUT, then INPUT).
   */
  static void kubelet(RuleSetBuilder out) {
    out.chain(MANGLE, IPTABLES_HINT);
    for (TableName table : List.of(MANGLE, NAT, FILTER)) {
      out.chain(table, KUBELET_CANARY);
    }
    out.chain(FILTER, FIREWALL);
    out.prependIfAbsent(FILTER, "OUTPUT", Rule.builder().jump(FIREWALL));
    out.prependIfAbsent(FILTER, "INPUT", Rule.builder().jump(FIREWALL));
    out.append(FILTER, FIREWALL, blockLocalnet());
  }

  /** kube-proxy's canary chains and the jumps it prepends to the built-in chains, in its order. */
  static void kubeProxyJumps(RuleSetBuilder out) {
    for (TableName table : List.of(MANGLE, NAT, FILTER)) {
      out.chain(table, PROXY_CANARY);
    }
    for (Jump jump : KUBE_PROXY_JUMPS) {
      out.chain(jump.table(), jump.to());
      Rule.Builder rule = Rule.builder();
      if (jump.newOnly()) {
        rule.match(NEW);
      }
      if (jump.comment() != null) {
        rule.comment(jump.comment());
      }
      out.prependIfAbsent(jump.table(), jump.from(), rule.jump(jump.to()));
    }
  }

  /**
   * The head of kube-proxy's restore input: its top-level chains (written anew, so emptied), the
   * masquerade plumbing and, with localhost NodePorts, the martian-packet rule.
   */
  static void head(RuleSetBuilder out, ProxyConfig config) {
    for (String chain : List.of(SERVICES, EXTERNAL_SERVICES, FORWARD, NODEPORTS, PROXY_FIREWALL)) {
      out.chain(FILTER, chain).clear();
    }
    for (String chain : List.of(SERVICES, NODEPORTS, POSTROUTING, MARK_MASQ)) {
      out.chain(NAT, chain).clear();
    }
    int mark = config.masqueradeMark();
    out.append(
        NAT,
        POSTROUTING,
        Rule.builder().match(new Match.Mark(true, mark, mark)).target(Target.RETURN));
    out.append(NAT, POSTROUTING, Rule.builder().target(new Target.SetMark(mark, 0)));
    out.append(
        NAT,
        POSTROUTING,
        Rule.builder()
            .comment("kubernetes service traffic requiring SNAT")
            .target(new Target.Masquerade(true)));
    out.append(NAT, MARK_MASQ, Rule.builder().target(new Target.SetMark(mark, mark)));
    if (config.effectiveLocalhostNodePorts()) {
      out.chain(FILTER, FIREWALL).clear();
      out.append(FILTER, FIREWALL, blockLocalnet());
    }
  }

  /**
   * The tail of the restore input: the jump to KUBE-NODEPORTS, which must be the last rule of
   * KUBE-SERVICES, and the KUBE-FORWARD rules.
   */
  static void tail(RuleSetBuilder out, ProxyConfig config, NodeInfo node) {
    if (config.nodePortAddresses().isEmpty()) {
      Rule.Builder rule = Rule.builder();
      if (!config.effectiveLocalhostNodePorts()) {
        rule.notDestination(LOOPBACK);
      }
      out.append(
          NAT,
          SERVICES,
          rule.comment(NODEPORTS_LAST_COMMENT)
              .match(new Match.LocalAddress(false))
              .jump(NODEPORTS));
    } else {
      for (int ip : nodePortIps(config, node)) {
        out.append(
            NAT,
            SERVICES,
            Rule.builder()
                .comment(NODEPORTS_LAST_COMMENT)
                .destination(Cidr.host(ip))
                .jump(NODEPORTS));
      }
    }
    if (!config.conntrackTcpBeLiberal()) {
      Rule.Builder invalid =
          Rule.builder().match(new Conntrack(false, EnumSet.of(CtState.INVALID)));
      if (config.nfacct()) {
        invalid.match(new Match.Nfacct("ct_state_invalid_dropped_pkts"));
      }
      out.append(FILTER, FORWARD, invalid.target(Target.DROP));
    }
    int mark = config.masqueradeMark();
    out.append(
        FILTER,
        FORWARD,
        Rule.builder()
            .comment("kubernetes forwarding rules")
            .match(new Match.Mark(false, mark, mark))
            .target(Target.ACCEPT));
    out.append(
        FILTER,
        FORWARD,
        Rule.builder()
            .comment("kubernetes forwarding conntrack rule")
            .match(new Conntrack(false, EnumSet.of(CtState.RELATED, CtState.ESTABLISHED)))
            .target(Target.ACCEPT));
  }

  /** The node's addresses within --nodeport-addresses (loopback only with localhost NodePorts). */
  private static List<Integer> nodePortIps(ProxyConfig config, NodeInfo node) {
    List<Cidr> cidrs = config.nodePortAddresses().stream().map(Cidr::parse).toList();
    List<Integer> candidates = new ArrayList<>(node.ips().stream().map(Ipv4::parse).toList());
    if (config.effectiveLocalhostNodePorts()) {
      candidates.add(Ipv4.parse("127.0.0.1"));
    }
    return candidates.stream().filter(ip -> cidrs.stream().anyMatch(c -> c.contains(ip))).toList();
  }

  /** Drops packets to 127.0.0.0/8 that did not come from it, unless DNATed or established. */
  private static Rule blockLocalnet() {
    return Rule.builder()
        .comment("block incoming localnet connections")
        .destination(LOOPBACK)
        .notSource(LOOPBACK)
        .match(new Conntrack(true, EnumSet.of(CtState.RELATED, CtState.ESTABLISHED, CtState.DNAT)))
        .target(Target.DROP);
  }
}

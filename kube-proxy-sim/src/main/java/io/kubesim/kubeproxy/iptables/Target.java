package io.kubesim.kubeproxy.iptables;

/** What a matching rule does ({@code -j ...}), printed as iptables-save prints it. */
public sealed interface Target {
  Target ACCEPT = new Verdict("ACCEPT");
  Target DROP = new Verdict("DROP");
  Target RETURN = new Verdict("RETURN");

  /** REJECT with its default ICMP type, which iptables-save always spells out. */
  Target REJECT = new Verdict("REJECT --reject-with icmp-port-unreachable");

  /** No target: the rule only counts (kube-proxy's last KUBE-FW-* rule). */
  Target NONE = new Verdict("");

  void appendTo(StringBuilder out);

  /** The jump every masquerading rule makes, shared. */
  Target MARK_MASQ = new Jump("KUBE-MARK-MASQ");

  static Target jump(String chain) {
    return chain.equals("KUBE-MARK-MASQ") ? MARK_MASQ : new Jump(chain);
  }

  /** ACCEPT, DROP, RETURN, REJECT or none. */
  record Verdict(String text) implements Target {
    public String name() {
      int space = text.indexOf(' ');
      return space < 0 ? text : text.substring(0, space);
    }

    @Override
    public void appendTo(StringBuilder out) {
      if (!text.isEmpty()) {
        out.append(" -j ").append(text);
      }
    }
  }

  /** A jump to a user-defined chain of the same table. */
  record Jump(String chain) implements Target {
    @Override
    public void appendTo(StringBuilder out) {
      out.append(" -j ").append(chain);
    }
  }

  /** {@code -j DNAT --to-destination ip:port}. */
  record Dnat(int address, int port) implements Target {
    public String endpoint() {
      return Ipv4.format(address) + ":" + port;
    }

    @Override
    public void appendTo(StringBuilder out) {
      Ipv4.appendTo(out.append(" -j DNAT --to-destination "), address).append(':').append(port);
    }
  }

  /** {@code -j MASQUERADE [--random-fully]}. */
  record Masquerade(boolean randomFully) implements Target {
    @Override
    public void appendTo(StringBuilder out) {
      out.append(randomFully ? " -j MASQUERADE --random-fully" : " -j MASQUERADE");
    }
  }

  /**
   * {@code -j MARK}: new mark = (mark AND NOT mask) XOR value. kube-proxy's {@code --or-mark
   * 0x4000} is saved as {@code --set-xmark 0x4000/0x4000}, its {@code --xor-mark 0x4000} as {@code
   * --set-xmark 0x4000/0x0}.
   */
  record SetMark(int value, int mask) implements Target {
    public int apply(int mark) {
      return (mark & ~mask) ^ value;
    }

    @Override
    public void appendTo(StringBuilder out) {
      out.append(" -j MARK --set-xmark 0x")
          .append(Integer.toHexString(value))
          .append("/0x")
          .append(Integer.toHexString(mask));
    }
  }
}

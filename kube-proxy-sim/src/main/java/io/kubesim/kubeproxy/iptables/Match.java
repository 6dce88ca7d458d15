package io.kubesim.kubeproxy.iptables;

import java.util.EnumSet;
import java.util.Set;
import java.util.StringJoiner;

/**
 * An iptables match module ({@code -m name ...}), kept structured so that a tracer can evaluate it
 * and printed exactly as iptables-save prints it (with its leading space).
 */
public sealed interface Match {
  void appendTo(StringBuilder out);

  /** {@code -m comment --comment "..."}: always matches. */
  record Comment(String text) implements Match {
    @Override
    public void appendTo(StringBuilder out) {
      out.append(" -m comment --comment ");
      SaveText.appendQuoted(out, text);
    }
  }

  /** {@code -m tcp [--dport N]} (or udp, sctp); destinationPort 0 means any port. */
  record Port(String protocol, int destinationPort) implements Match {
    private static final Port TCP = new Port("tcp", 0);
    private static final Port UDP = new Port("udp", 0);
    private static final Port SCTP = new Port("sctp", 0);

    /** Shares the port-less matches every endpoint's DNAT rule carries. */
    public static Port of(String protocol, int destinationPort) {
      if (destinationPort == 0) {
        switch (protocol) {
          case "tcp":
            return TCP;
          case "udp":
            return UDP;
          case "sctp":
            return SCTP;
          default:
            break;
        }
      }
      return new Port(protocol, destinationPort);
    }

    @Override
    public void appendTo(StringBuilder out) {
      out.append(" -m ").append(protocol);
      if (destinationPort != 0) {
        out.append(" --dport ").append(destinationPort);
      }
    }
  }

  /** {@code -m addrtype --src-type LOCAL} or {@code --dst-type LOCAL}: an address of this node. */
  record LocalAddress(boolean source) implements Match {
    @Override
    public void appendTo(StringBuilder out) {
      out.append(source ? " -m addrtype --src-type LOCAL" : " -m addrtype --dst-type LOCAL");
    }
  }

  /**
   * {@code -m statistic --mode random --probability p}. kubeProxyText is what kube-proxy wrote
   * ("0.3333333333"); the kernel keeps it as a 31-bit fraction, which is what iptables-save prints
   * and what a packet experiences.
   */
  record Statistic(String kubeProxyText, long kernelValue, String savedText) implements Match {
    public static Statistic of(String kubeProxyText) {
      long kernelValue = SaveText.kernelProbability(kubeProxyText);
      return new Statistic(kubeProxyText, kernelValue, SaveText.savedProbability(kernelValue));
    }

    public double probability() {
      return kernelValue / (double) 0x80000000L;
    }

    @Override
    public void appendTo(StringBuilder out) {
      out.append(" -m statistic --mode random --probability ").append(savedText);
    }
  }

  /**
   * {@code -m recent}: a per-source-address list named after an endpoint chain. CHECK matches a
   * source seen within {@code seconds} (session affinity); SET records the source and always
   * matches.
   */
  record Recent(boolean check, String name, int seconds) implements Match {
    @Override
    public void appendTo(StringBuilder out) {
      out.append(" -m recent");
      if (check) {
        out.append(" --rcheck --seconds ").append(seconds).append(" --reap");
      } else {
        out.append(" --set");
      }
      out.append(" --name ").append(name).append(" --mask 255.255.255.255 --rsource");
    }
  }

  /** The conntrack states kube-proxy names, in the order iptables prints them. */
  enum CtState {
    INVALID,
    NEW,
    RELATED,
    ESTABLISHED,
    DNAT
  }

  /** {@code -m conntrack [!] --ctstate A,B}. */
  record Conntrack(boolean negated, Set<CtState> states) implements Match {
    public Conntrack {
      states = Set.copyOf(EnumSet.copyOf(states));
    }

    public boolean matches(Set<CtState> packetStates) {
      boolean any = packetStates.stream().anyMatch(states::contains);
      return any != negated;
    }

    @Override
    public void appendTo(StringBuilder out) {
      out.append(" -m conntrack").append(negated ? " ! --ctstate " : " --ctstate ");
      StringJoiner names = new StringJoiner(",");
      EnumSet.copyOf(states).forEach(s -> names.add(s.name()));
      out.append(names);
    }
  }

  /** {@code -m mark [!] --mark value/mask}. */
  record Mark(boolean negated, int value, int mask) implements Match {
    public boolean matches(int packetMark) {
      return ((packetMark & mask) == value) != negated;
    }

    @Override
    public void appendTo(StringBuilder out) {
      out.append(" -m mark").append(negated ? " ! --mark 0x" : " --mark 0x");
      out.append(Integer.toHexString(value)).append("/0x").append(Integer.toHexString(mask));
    }
  }

  /**
   * {@code -m nfacct --nfacct-name NAME}: counts and always matches. iptables-save prints two
   * spaces before the name (the option and the quoted value each bring one).
   */
  record Nfacct(String name) implements Match {
    @Override
    public void appendTo(StringBuilder out) {
      out.append(" -m nfacct --nfacct-name  ");
      SaveText.appendQuoted(out, name);
    }
  }
}

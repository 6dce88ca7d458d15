package io.kubesim.kubeproxy.iptables;

import java.util.Arrays;
import java.util.List;

/**
 * One iptables rule. iptables-save prints the address and protocol parts first ({@code -s}, {@code
 * -d}, {@code -p}), then the match modules in the order they were given, then the target; so
 * kube-proxy's {@code -m comment --comment X -m tcp -p tcp -d 10.96.0.10 --dport 53 -j C} is saved
 * as {@code -d 10.96.0.10/32 -p tcp -m comment --comment X -m tcp --dport 53 -j C}.
 *
 * @param source {@code [!] -s}, or null
 * @param destination {@code [!] -d}, or null
 * @param protocol {@code -p} (tcp, udp, sctp), or null for any
 */
public record Rule(
    Address source, Address destination, String protocol, List<Match> matches, Target target) {

  /** An address match, negated by {@code !}. */
  public record Address(Cidr cidr, boolean negated) {
    public boolean matches(int address) {
      return cidr.contains(address) != negated;
    }
  }

  public Rule {
    matches = List.copyOf(matches);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The line iptables-save prints for this rule in the given chain: {@code -A CHAIN ...}. */
  public String toSaveLine(String chain) {
    StringBuilder out = new StringBuilder(160);
    appendSaveLine(out, chain);
    return out.toString();
  }

  void appendSaveLine(StringBuilder out, String chain) {
    out.append("-A ").append(chain);
    appendAddress(out, source, " -s ");
    appendAddress(out, destination, " -d ");
    if (protocol != null) {
      out.append(" -p ").append(protocol);
    }
    for (Match match : matches) {
      match.appendTo(out);
    }
    target.appendTo(out);
  }

  private static void appendAddress(StringBuilder out, Address address, String flag) {
    if (address != null) {
      out.append(address.negated() ? " !" : "").append(flag);
      address.cidr().appendTo(out);
    }
  }

  /** Collects a rule in the order kube-proxy writes its arguments. */
  public static final class Builder {
    private Address source;
    private Address destination;
    private String protocol;
    private Match[] matches = new Match[4];
    private int count;

    public Builder source(Cidr cidr) {
      source = new Address(cidr, false);
      return this;
    }

    public Builder notSource(Cidr cidr) {
      source = new Address(cidr, true);
      return this;
    }

    public Builder destination(Cidr cidr) {
      destination = new Address(cidr, false);
      return this;
    }

    public Builder notDestination(Cidr cidr) {
      destination = new Address(cidr, true);
      return this;
    }

    /** {@code -m tcp -p tcp} with an optional {@code --dport} (0 for none). */
    public Builder protocol(String protocol, int destinationPort) {
      this.protocol = protocol;
      return match(Match.Port.of(protocol, destinationPort));
    }

    public Builder comment(Match.Comment comment) {
      return comment == null ? this : match(comment);
    }

    public Builder comment(String text) {
      return comment(new Match.Comment(text));
    }

    public Builder match(Match match) {
      if (count == matches.length) {
        matches = Arrays.copyOf(matches, count * 2);
      }
      matches[count++] = match;
      return this;
    }

    public Rule target(Target target) {
      // Immutable lists of one or two elements take no array: most rules have that few.
      List<Match> list =
          switch (count) {
            case 0 -> List.of();
            case 1 -> List.of(matches[0]);
            case 2 -> List.of(matches[0], matches[1]);
            default -> List.of(Arrays.copyOf(matches, count));
          };
      return new Rule(source, destination, protocol, list, target);
    }

    public Rule jump(String chain) {
      return target(Target.jump(chain));
    }
  }
}

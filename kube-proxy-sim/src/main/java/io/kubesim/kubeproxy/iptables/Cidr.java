package io.kubesim.kubeproxy.iptables;

/**
 * An IPv4 network as iptables stores it: the address masked to its prefix, shown as {@code
 * a.b.c.d/n} ({@code -d 10.96.0.1} is saved as {@code -d 10.96.0.1/32}).
 */
public record Cidr(int network, int prefix) {
  public static final Cidr LOOPBACK = parse("127.0.0.0/8");

  public Cidr {
    if (prefix < 0 || prefix > 32) {
      throw new IllegalArgumentException("prefix out of range: " + prefix);
    }
    network &= mask(prefix);
  }

  /** {@code 10.244.0.0/16}, or a bare address meaning /32. */
  public static Cidr parse(String text) {
    String trimmed = text.trim();
    int slash = trimmed.indexOf('/');
    if (slash < 0) {
      return new Cidr(Ipv4.parse(trimmed), 32);
    }
    return new Cidr(
        Ipv4.parse(trimmed.substring(0, slash)), Integer.parseInt(trimmed.substring(slash + 1)));
  }

  public static Cidr host(int address) {
    return new Cidr(address, 32);
  }

  public boolean contains(int address) {
    return (address & mask(prefix)) == network;
  }

  private static int mask(int prefix) {
    return prefix == 0 ? 0 : -1 << (32 - prefix);
  }

  public StringBuilder appendTo(StringBuilder out) {
    return Ipv4.appendTo(out, network).append('/').append(prefix);
  }

  @Override
  public String toString() {
    return appendTo(new StringBuilder(18)).toString();
  }
}

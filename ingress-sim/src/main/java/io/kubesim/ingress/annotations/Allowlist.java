package io.kubesim.ingress.annotations;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * nginx.ingress.kubernetes.io/allowlist-source-range (whitelist-source-range before 1.9, still
 * read): the client addresses a location accepts, as CIDRs or single addresses; every other client
 * gets 403. Empty: everyone. Equal when the normalized ranges are.
 */
public final class Allowlist {
  public static final Allowlist ANY = new Allowlist(List.of(), List.of(), List.of());

  private final List<String> ranges;
  private final List<byte[]> networks;
  private final List<Integer> prefixes;

  private Allowlist(List<String> ranges, List<byte[]> networks, List<Integer> prefixes) {
    this.ranges = List.copyOf(ranges);
    this.networks = List.copyOf(networks);
    this.prefixes = List.copyOf(prefixes);
  }

  /**
   * Parses {@code 10.0.0.0/24, 172.10.0.1}; throws IllegalArgumentException naming the first entry
   * that is neither.
   */
  public static Allowlist parse(String value) {
    List<String> ranges = new ArrayList<>();
    List<byte[]> networks = new ArrayList<>();
    List<Integer> prefixes = new ArrayList<>();
    for (String raw : value.split(",")) {
      String entry = raw.trim();
      if (entry.isEmpty()) {
        continue;
      }
      int slash = entry.indexOf('/');
      String address = slash < 0 ? entry : entry.substring(0, slash);
      byte[] bytes = literal(address);
      if (bytes == null) {
        throw new IllegalArgumentException("invalid CIDR address: " + entry);
      }
      int prefix = bytes.length * 8;
      if (slash >= 0) {
        try {
          prefix = Integer.parseInt(entry.substring(slash + 1));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("invalid CIDR address: " + entry, e);
        }
        if (prefix < 0 || prefix > bytes.length * 8) {
          throw new IllegalArgumentException("invalid CIDR address: " + entry);
        }
      }
      ranges.add(address + "/" + prefix);
      networks.add(bytes);
      prefixes.add(prefix);
    }
    return new Allowlist(ranges, networks, prefixes);
  }

  /** The ranges as nginx's allow directives name them ({@code 10.0.0.0/24}, {@code 1.2.3.4/32}). */
  public List<String> ranges() {
    return ranges;
  }

  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  /** Whether a client at {@code address} (an IP literal) may pass; any client when empty. */
  public boolean allows(String address) {
    if (isEmpty()) {
      return true;
    }
    byte[] client = literal(address);
    if (client == null) {
      return false;
    }
    for (int i = 0; i < networks.size(); i++) {
      if (contains(networks.get(i), prefixes.get(i), client)) {
        return true;
      }
    }
    return false;
  }

  private static boolean contains(byte[] network, int prefix, byte[] client) {
    if (network.length != client.length) {
      return false;
    }
    for (int bit = 0; bit < prefix; bit++) {
      int mask = 0x80 >> (bit % 8);
      if ((network[bit / 8] & mask) != (client[bit / 8] & mask)) {
        return false;
      }
    }
    return true;
  }

  /** The bytes of an IP literal, or null for anything else (no name is resolved). */
  static byte[] literal(String text) {
    if (text == null
        || text.isEmpty()
        || !(text.contains(":") || text.matches("\\d{1,3}(\\.\\d{1,3}){3}"))) {
      return null;
    }
    try {
      return InetAddress.getByName(text).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Allowlist other && other.ranges.equals(ranges);
  }

  @Override
  public int hashCode() {
    return ranges.hashCode();
  }

  @Override
  public String toString() {
    return ranges.toString();
  }
}

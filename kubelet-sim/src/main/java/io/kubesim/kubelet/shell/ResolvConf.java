package io.kubesim.kubelet.shell;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a resolver reads from {@code /etc/resolv.conf}: the nameservers in order, the search list
 * (the last {@code search} or {@code domain} line wins) and {@code options ndots:n} (1 when not
 * given, as in glibc and musl).
 */
record ResolvConf(List<String> nameservers, List<String> search, int ndots) {
  static ResolvConf parse(String text) {
    List<String> servers = new ArrayList<>();
    List<String> search = List.of();
    int ndots = 1;
    for (String line : text == null ? new String[0] : text.split("\n")) {
      String[] words = line.trim().split("[ \t]+");
      if (words.length < 2 || words[0].startsWith("#") || words[0].startsWith(";")) {
        continue;
      }
      switch (words[0]) {
        case "nameserver" -> servers.add(words[1]);
        case "search", "domain" ->
            search = List.copyOf(Arrays.asList(words).subList(1, words.length));
        case "options" -> {
          for (int i = 1; i < words.length; i++) {
            if (words[i].startsWith("ndots:")) {
              try {
                ndots = Math.min(15, Integer.parseInt(words[i].substring(6)));
              } catch (NumberFormatException e) {
                // glibc ignores what it cannot read
              }
            }
          }
        }
        default -> {}
      }
    }
    return new ResolvConf(List.copyOf(servers), search, ndots);
  }

  /** The container's own file. */
  static ResolvConf of(Files files) {
    return parse(files.read("/etc/resolv.conf"));
  }
}

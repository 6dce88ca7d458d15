package io.kubesim.kubelet.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * How {@code wget} and {@code curl} find a host's address, as the C library's getaddrinfo does
 * (glibc's res_search): {@code /etc/hosts} first, then DNS with the search list of {@code
 * /etc/resolv.conf}. A name with fewer dots than {@code ndots} tries each search domain before
 * itself, one with as many or more itself first, one ending in a dot only itself: with a pod's
 * {@code ndots:5}, {@code web} asks for {@code web.<namespace>.svc.cluster.local} first. The first
 * IPv4 address answered wins; NXDOMAIN and no data move on to the next name.
 */
final class HostResolver {
  private HostResolver() {}

  /** The address of {@code host}, or null when it does not resolve (or no server answered). */
  static String resolve(Files files, Network network, String host) {
    String fromHosts = hostsFile(files.read("/etc/hosts"), host);
    if (fromHosts != null) {
      return fromHosts;
    }
    ResolvConf conf = ResolvConf.of(files);
    List<String> servers = conf.nameservers().isEmpty() ? List.of("127.0.0.1") : conf.nameservers();
    for (String name : candidates(host, conf)) {
      Message reply = ask(network, servers, name);
      if (reply == null) {
        return null;
      }
      if (reply.getRcode() == Rcode.NOERROR) {
        for (Record r : reply.getSection(Section.ANSWER)) {
          if (r instanceof ARecord a) {
            return a.getAddress().getHostAddress();
          }
        }
      }
    }
    return null;
  }

  /** The names res_search asks for, in order. */
  static List<String> candidates(String host, ResolvConf conf) {
    if (host.endsWith(".")) {
      return List.of(host);
    }
    long dots = host.chars().filter(c -> c == '.').count();
    List<String> out = new ArrayList<>();
    if (dots >= conf.ndots()) {
      out.add(host + ".");
    }
    conf.search().forEach(domain -> out.add(host + "." + domain + "."));
    if (dots < conf.ndots()) {
      out.add(host + ".");
    }
    return out;
  }

  /** The first server that answers, or null when none does. */
  private static Message ask(Network network, List<String> servers, String name) {
    Message query;
    try {
      query = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN));
    } catch (TextParseException e) {
      return new Message();
    }
    for (String server : servers) {
      Message reply = network.query(server, query);
      if (reply != null) {
        return reply;
      }
    }
    return null;
  }

  /** {@code /etc/hosts}: the address of the first line naming {@code host}. */
  private static String hostsFile(String text, String host) {
    if (text == null) {
      return null;
    }
    String wanted = host.toLowerCase(Locale.ROOT);
    for (String line : text.split("\n")) {
      int hash = line.indexOf('#');
      String[] words = (hash < 0 ? line : line.substring(0, hash)).trim().split("[ \t]+");
      for (int i = 1; i < words.length; i++) {
        if (words[i].toLowerCase(Locale.ROOT).equals(wanted) && words[0].indexOf(':') < 0) {
          return words[0];
        }
      }
    }
    return null;
  }
}

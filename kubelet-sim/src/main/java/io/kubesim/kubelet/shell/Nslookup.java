package io.kubesim.kubelet.shell;

import io.kubesim.kubelet.shell.Commands.Cmd;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * busybox 1.36's nslookup (the LEDE/OpenWrt one busybox builds by default): real DNS queries to the
 * nameservers of {@code /etc/resolv.conf} (or the one named), printed as it prints them.
 *
 * <ul>
 *   <li>Without {@code -type}, an address is a PTR query for its reverse name; any other name an A
 *       and an AAAA query.
 *   <li>The search list applies only to a name without a dot, and then to every domain of it (never
 *       the bare name); {@code ndots} is not read. So {@code nslookup web} asks for {@code
 *       web.<ns>.svc.cluster.local}, {@code web.svc.cluster.local} and {@code web.cluster.local},
 *       and {@code nslookup web.default} asks for {@code web.default} alone.
 *   <li>Each reply is printed as it comes (here: in the order asked): the records of the answer,
 *       {@code ** server can't find NAME: RCODE} for an error, an empty line after each. Any error
 *       makes the exit code 1, even when another name was found.
 *   <li>No reply from any server: {@code ;; connection timed out; no servers could be reached}.
 * </ul>
 */
final class Nslookup {
  private static final String USAGE =
      "BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\n"
          + "Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]";

  /** busybox's qtypes, in the order it sends queries of several types. */
  private static final List<String> TYPES =
      List.of("SOA", "NS", "A", "AAAA", "CNAME", "MX", "TXT", "SRV", "PTR", "ANY");

  private Nslookup() {}

  private static final class Query {
    final String name;
    final Message message;
    boolean answered;

    Query(String name, Message message) {
      this.name = name;
      this.message = message;
    }
  }

  static int run(Cmd c) {
    List<String> args = new ArrayList<>(c.args);
    List<Integer> types = new ArrayList<>();
    while (!args.isEmpty() && args.get(0).startsWith("-")) {
      String option = args.remove(0).substring(1);
      String value = option.contains("=") ? option.substring(option.indexOf('=') + 1) : "";
      String key = option.contains("=") ? option.substring(0, option.indexOf('=')) : option;
      switch (key) {
        case "type", "querytype" -> {
          String type = value.toUpperCase(Locale.ROOT);
          if (!TYPES.contains(type)) {
            c.error("nslookup: invalid query type \"" + value + "\"");
            return 1;
          }
          int code = Type.value(type);
          if (!types.contains(code)) {
            types.add(code);
          }
        }
        case "port", "retry", "debug", "t", "timeout" -> {}
        default -> {
          return usage(c);
        }
      }
    }
    if (args.isEmpty() || args.size() > 2) {
      return usage(c);
    }
    String host = args.get(0);
    ResolvConf conf = ResolvConf.of(c.files());
    List<String> servers =
        args.size() == 2
            ? List.of(args.get(1))
            : conf.nameservers().isEmpty() ? List.of("127.0.0.1") : conf.nameservers();
    List<Query> queries = queries(host, types, conf.search());
    return send(c, servers, queries);
  }

  private static int usage(Cmd c) {
    c.error(USAGE);
    return 1;
  }

  private static List<Query> queries(String host, List<Integer> types, List<String> search) {
    List<Query> out = new ArrayList<>();
    if (types.isEmpty()) {
      String ptr = reverse(host);
      if (ptr != null) {
        out.add(query(ptr, Type.PTR));
        return out;
      }
      types = List.of(Type.A, Type.AAAA);
    } else {
      types = TYPES.stream().map(Type::value).filter(types::contains).toList();
    }
    for (int type : types) {
      if (type == Type.PTR || search.isEmpty() || host.contains(".")) {
        out.add(query(host, type));
      } else {
        search.forEach(domain -> out.add(query(host + "." + domain, type)));
      }
    }
    return out;
  }

  private static Query query(String name, int type) {
    try {
      Name absolute = Name.fromString(name, Name.root);
      return new Query(name, Message.newQuery(Record.newRecord(absolute, type, DClass.IN)));
    } catch (TextParseException e) {
      return new Query(name, null);
    }
  }

  /** make_ptr: the reverse name of an address, null for anything else. */
  private static String reverse(String host) {
    if (!host.matches("[0-9.]+") && !host.contains(":")) {
      return null;
    }
    try {
      InetAddress address = InetAddress.getByName(host);
      return ReverseMap.fromAddress(address).toString(true);
    } catch (java.net.UnknownHostException | IllegalArgumentException e) {
      return null;
    }
  }

  private static int send(Cmd c, List<String> servers, List<Query> queries) {
    boolean failed = false;
    for (int i = 0; i < servers.size(); i++) {
      String server = servers.get(i);
      int replies = 0;
      for (Query q : queries) {
        if (q.answered || q.message == null) {
          continue;
        }
        Message reply = c.sh.world.network().query(address(server), q.message);
        if (reply != null && reply.getRcode() == Rcode.SERVFAIL) {
          // busybox sends a query that got SERVFAIL once more before it believes it
          Message again = c.sh.world.network().query(address(server), q.message);
          reply = again == null ? reply : again;
        }
        if (reply == null) {
          break; // this server does not answer: the others would time out as well
        }
        if (replies++ == 0) {
          c.out("Server:\t\t" + server + "\nAddress:\t" + withPort(server) + "\n\n");
        }
        q.answered = true;
        if (reply.getRcode() != Rcode.NOERROR) {
          c.out("** server can't find " + q.name + ": " + Rcode.string(reply.getRcode()) + "\n");
          failed = true;
        } else {
          print(c, reply);
        }
        c.out("\n");
      }
      if (replies > 0) {
        break;
      }
      if (i == servers.size() - 1) {
        c.out(";; connection timed out; no servers could be reached\n\n");
        return 1;
      }
    }
    boolean unanswered = false;
    for (Query q : queries) {
      if (!q.answered) {
        c.out("*** Can't find " + q.name + ": No answer\n");
        unanswered = true;
      }
    }
    if (unanswered) {
      c.out("\n");
    }
    return failed ? 1 : 0;
  }

  /** parse_reply: the answer section, one line (or block) per record. */
  private static void print(Cmd c, Message reply) {
    if (!reply.getHeader().getFlag(Flags.AA)) {
      c.out("Non-authoritative answer:\n");
    }
    for (Record r : reply.getSection(Section.ANSWER)) {
      c.out(line(r));
    }
  }

  private static String line(Record r) {
    String name = r.getName().toString(true);
    switch (r.getType()) {
      case Type.A:
        return "Name:\t"
            + name
            + "\nAddress: "
            + ((ARecord) r).getAddress().getHostAddress()
            + "\n";
      case Type.AAAA:
        // bind-utils 9.11 prints AAAA answers as A answers, and so does busybox
        return "Name:\t"
            + name
            + "\nAddress: "
            + ((AAAARecord) r).getAddress().getHostAddress()
            + "\n";
      case Type.NS:
        return name + "\tnameserver = " + target(((NSRecord) r).getTarget()) + "\n";
      case Type.CNAME:
        return name + "\tcanonical name = " + target(((CNAMERecord) r).getTarget()) + "\n";
      case Type.PTR:
        return name + "\tname = " + target(((PTRRecord) r).getTarget()) + "\n";
      case Type.MX:
        MXRecord mx = (MXRecord) r;
        return name
            + "\tmail exchanger = "
            + mx.getPriority()
            + " "
            + target(mx.getTarget())
            + "\n";
      case Type.TXT:
        return name + "\ttext = \"" + String.join("", ((TXTRecord) r).getStrings()) + "\"\n";
      case Type.SRV:
        SRVRecord srv = (SRVRecord) r;
        return String.format(
            "%s\tservice = %d %d %d %s\n",
            name, srv.getPriority(), srv.getWeight(), srv.getPort(), target(srv.getTarget()));
      case Type.SOA:
        SOARecord soa = (SOARecord) r;
        return String.format(
            "%s\n\torigin = %s\n\tmail addr = %s\n\tserial = %d\n\trefresh = %d\n"
                + "\tretry = %d\n\texpire = %d\n\tminimum = %d\n",
            name,
            target(soa.getHost()),
            target(soa.getAdmin()),
            soa.getSerial(),
            soa.getRefresh(),
            soa.getRetry(),
            soa.getExpire(),
            soa.getMinimum());
      default:
        return "";
    }
  }

  /** A name as ns_name_uncompress writes it: without the final dot. */
  private static String target(Name name) {
    return name.toString(true);
  }

  /** The server's address without a port ({@code 10.96.0.10:53} is 10.96.0.10). */
  private static String address(String server) {
    int colon = server.lastIndexOf(':');
    return colon > 0 && server.indexOf(':') == colon ? server.substring(0, colon) : server;
  }

  /** How busybox prints the server's socket address: {@code 10.96.0.10:53}. */
  private static String withPort(String server) {
    return server.indexOf(':') >= 0 && server.indexOf(':') == server.lastIndexOf(':')
        ? server
        : server.contains(":") ? "[" + server + "]:53" : server + ":53";
  }
}

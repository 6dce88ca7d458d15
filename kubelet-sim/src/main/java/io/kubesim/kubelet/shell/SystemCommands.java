package io.kubesim.kubelet.shell;

import io.kubesim.kubelet.shell.Commands.Cmd;
import io.kubesim.kubelet.shell.Commands.Command;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a learner asks a container about itself: env, hostname, ps, ip, ifconfig, whoami, id, date,
 * uname, sleep, which, clear, and {@code sh}/{@code bash} started from the shell.
 */
final class SystemCommands {
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss 'UTC' yyyy", Locale.ROOT);

  private SystemCommands() {}

  static void register(Map<String, Command> commands) {
    commands.put("env", SystemCommands::env);
    commands.put("printenv", SystemCommands::printenv);
    commands.put("hostname", SystemCommands::hostname);
    commands.put("ps", SystemCommands::ps);
    commands.put("ip", SystemCommands::ip);
    commands.put("ifconfig", SystemCommands::ifconfig);
    commands.put("whoami", SystemCommands::whoami);
    commands.put("id", SystemCommands::id);
    commands.put("date", SystemCommands::date);
    commands.put("uname", SystemCommands::uname);
    commands.put("sleep", SystemCommands::sleep);
    commands.put("clear", c -> out(c, "\033[H\033[J"));
    commands.put("which", SystemCommands::which);
    for (String shell : List.of("sh", "ash", "bash", "dash")) {
      commands.put(shell, SystemCommands::shell);
    }
  }

  private static int out(Cmd c, String text) {
    c.out(text);
    return 0;
  }

  private static int env(Cmd c) {
    c.env.forEach((k, v) -> c.println(k + "=" + v));
    return 0;
  }

  private static int printenv(Cmd c) {
    if (c.args.isEmpty()) {
      return env(c);
    }
    int status = 0;
    for (String name : c.args) {
      String value = c.env.get(name);
      if (value == null) {
        status = 1;
      } else {
        c.println(value);
      }
    }
    return status;
  }

  private static int hostname(Cmd c) {
    c.println(c.args.contains("-i") ? c.sh.machine.podIp() : c.sh.machine.hostname());
    return 0;
  }

  /**
   * busybox's ps: every process of the container, PID 1 first, the exec'd ones (this one among
   * them) after; ps started by a shell is a process of its own.
   */
  private static int ps(Cmd c) {
    Machine m = c.sh.machine;
    TreeMap<Integer, List<String>> processes = new TreeMap<>(m.others());
    processes.put(1, m.pid1());
    if (!c.sh.direct) {
      processes.put(processes.lastKey() + 1, List.of("ps"));
    }
    String user = m.uid() == 0 ? "root" : Long.toString(m.uid());
    c.println("PID   USER     TIME  COMMAND");
    processes.forEach(
        (pid, argv) ->
            c.println(String.format("%5d %-8s  0:00 %s", pid, user, String.join(" ", argv))));
    return 0;
  }

  private static int ip(Cmd c) {
    Machine m = c.sh.machine;
    String what = c.args.stream().filter(a -> !a.startsWith("-")).findFirst().orElse("");
    if (what.startsWith("r")) {
      String gateway = prefix(m.podIp()) + ".1";
      c.println("default via " + gateway + " dev eth0 ");
      c.println(prefix(m.podIp()) + ".0/24 via " + gateway + " dev eth0  src " + m.podIp() + " ");
      c.println(gateway + " dev eth0 scope link  src " + m.podIp() + " ");
      return 0;
    }
    if (!what.isEmpty() && !what.startsWith("a") && !what.startsWith("l")) {
      c.error("ip: unknown command \"" + what + "\"");
      return 1;
    }
    boolean addresses = !what.startsWith("l");
    c.println("1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN qlen 1000");
    c.println("    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00");
    if (addresses) {
      c.println("    inet 127.0.0.1/8 scope host lo");
      c.println("       valid_lft forever preferred_lft forever");
      c.println("    inet6 ::1/128 scope host ");
      c.println("       valid_lft forever preferred_lft forever");
    }
    c.println(
        "2: eth0@if"
            + ifIndex(m)
            + ": <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue state UP ");
    c.println("    link/ether " + mac(m.podIp()) + " brd ff:ff:ff:ff:ff:ff");
    if (addresses && !m.podIp().isEmpty()) {
      c.println(
          "    inet " + m.podIp() + "/24 brd " + prefix(m.podIp()) + ".255 scope global eth0");
      c.println("       valid_lft forever preferred_lft forever");
    }
    return 0;
  }

  private static int ifconfig(Cmd c) {
    Machine m = c.sh.machine;
    c.println(
        "eth0      Link encap:Ethernet  HWaddr " + mac(m.podIp()).toUpperCase(Locale.ROOT) + "  ");
    c.println(
        "          inet addr:"
            + m.podIp()
            + "  Bcast:"
            + prefix(m.podIp())
            + ".255  Mask:255.255.255.0");
    c.println("          UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1");
    c.println("          RX packets:12 errors:0 dropped:0 overruns:0 frame:0");
    c.println("          TX packets:1 errors:0 dropped:0 overruns:0 carrier:0");
    c.println("          collisions:0 txqueuelen:0 ");
    c.println("          RX bytes:1016 (1016.0 B)  TX bytes:42 (42.0 B)");
    c.println("");
    c.println("lo        Link encap:Local Loopback  ");
    c.println("          inet addr:127.0.0.1  Mask:255.0.0.0");
    c.println("          inet6 addr: ::1/128 Scope:Host");
    c.println("          UP LOOPBACK RUNNING  MTU:65536  Metric:1");
    c.println("          RX packets:0 errors:0 dropped:0 overruns:0 frame:0");
    c.println("          TX packets:0 errors:0 dropped:0 overruns:0 carrier:0");
    c.println("          collisions:0 txqueuelen:1000 ");
    c.println("          RX bytes:0 (0.0 B)  TX bytes:0 (0.0 B)");
    c.println("");
    return 0;
  }

  /** The first three octets of an IPv4 address. */
  private static String prefix(String ip) {
    int dot = ip.lastIndexOf('.');
    return dot < 0 ? ip : ip.substring(0, dot);
  }

  /** The pod's veth peer on the node, numbered as ip shows it ({@code eth0@if7}). */
  private static int ifIndex(Machine m) {
    int dot = m.podIp().lastIndexOf('.');
    return dot < 0 ? 2 : 3 + Integer.parseInt(m.podIp().substring(dot + 1));
  }

  /** A locally administered MAC address, stable for the IP. */
  static String mac(String ip) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(ip.getBytes(StandardCharsets.UTF_8));
      return String.format(
          "%02x:%02x:%02x:%02x:%02x:%02x",
          (h[0] & 0xfe) | 0x02, h[1] & 0xff, h[2] & 0xff, h[3] & 0xff, h[4] & 0xff, h[5] & 0xff);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int whoami(Cmd c) {
    long uid = c.sh.machine.uid();
    if (uid == 0) {
      c.println("root");
      return 0;
    }
    c.error(
        c.flavor() == Flavor.BUSYBOX
            ? "whoami: unknown uid " + uid
            : "whoami: cannot find name for user ID " + uid);
    return 1;
  }

  private static int id(Cmd c) {
    Machine m = c.sh.machine;
    if (m.uid() == 0 && m.gid() == 0) {
      c.println(
          "uid=0(root) gid=0(root) groups=0(root)"
              + (c.flavor() == Flavor.BUSYBOX ? ",10(wheel)" : ""));
      return 0;
    }
    String gid = m.gid() == 0 ? "0(root)" : Long.toString(m.gid());
    c.println("uid=" + m.uid() + " gid=" + gid + " groups=" + gid);
    return 0;
  }

  private static int date(Cmd c) {
    String format =
        c.args.stream()
            .filter(a -> a.startsWith("+"))
            .findFirst()
            .map(a -> a.substring(1))
            .orElse("");
    c.io.out().clock(formatDate(format, c.sh.world.now()), format);
    return 0;
  }

  /** date's output at {@code at}, in UTC: its default format ("") or a +FORMAT's conversions. */
  static String formatDate(String format, Instant at) {
    ZonedDateTime t = at.atZone(ZoneOffset.UTC);
    return format.isEmpty() ? DATE.format(t) : strftime(format, t);
  }

  /** The few strftime conversions scripts use. */
  static String strftime(String format, ZonedDateTime t) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < format.length(); i++) {
      char ch = format.charAt(i);
      if (ch != '%' || i + 1 >= format.length()) {
        out.append(ch);
        continue;
      }
      char k = format.charAt(++i);
      out.append(
          switch (k) {
            case 'Y' -> String.valueOf(t.getYear());
            case 'm' -> String.format("%02d", t.getMonthValue());
            case 'd' -> String.format("%02d", t.getDayOfMonth());
            case 'H' -> String.format("%02d", t.getHour());
            case 'M' -> String.format("%02d", t.getMinute());
            case 'S' -> String.format("%02d", t.getSecond());
            case 's' -> String.valueOf(t.toEpochSecond());
            case 'T' -> String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
            case 'F' ->
                String.format("%d-%02d-%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth());
            case 'Z' -> "UTC";
            case '%' -> "%";
            default -> "%" + k;
          });
    }
    return out.toString();
  }

  private static int uname(Cmd c) {
    Machine m = c.sh.machine;
    String flags = String.join("", c.args.stream().filter(a -> a.startsWith("-")).toList());
    String version = "#1 SMP PREEMPT_DYNAMIC Mon Jan  6 12:00:00 UTC 2025";
    if (flags.isEmpty() || flags.equals("-s")) {
      c.println("Linux");
    } else if (flags.contains("a")) {
      c.println(
          "Linux " + m.hostname() + " " + Machine.KERNEL + " " + version + " x86_64 GNU/Linux");
    } else {
      StringBuilder b = new StringBuilder();
      for (char f : flags.replace("-", "").toCharArray()) {
        String part =
            switch (f) {
              case 's' -> "Linux";
              case 'n' -> m.hostname();
              case 'r' -> Machine.KERNEL;
              case 'v' -> version;
              case 'm', 'p' -> "x86_64";
              case 'o' -> "GNU/Linux";
              default -> null;
            };
        if (part != null) {
          b.append(b.length() == 0 ? "" : " ").append(part);
        }
      }
      c.println(b.toString());
    }
    return 0;
  }

  private static int sleep(Cmd c) {
    if (c.args.isEmpty()) {
      c.error("sleep: missing operand");
      return 1;
    }
    String arg = c.args.get(0);
    if (arg.equals("infinity")) {
      c.sh.world.sleepForever();
      return 0;
    }
    if (!arg.matches("[0-9]*\\.?[0-9]+[smhd]?")) {
      c.error(
          c.flavor() == Flavor.BUSYBOX
              ? "sleep: invalid number '" + arg + "'"
              : "sleep: invalid time interval '" + arg + "'");
      return 1;
    }
    c.sh.world.sleep(duration(arg));
    return 0;
  }

  /** {@code 1.5}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}. */
  static Duration duration(String text) {
    char unit = text.charAt(text.length() - 1);
    long factor =
        switch (unit) {
          case 'm' -> 60;
          case 'h' -> 3600;
          case 'd' -> 86400;
          default -> 1;
        };
    String number = Character.isDigit(unit) ? text : text.substring(0, text.length() - 1);
    BigDecimal nanos = new BigDecimal(number).multiply(BigDecimal.valueOf(factor * 1_000_000_000));
    return Duration.ofNanos(nanos.longValue());
  }

  private static int which(Cmd c) {
    int status = 0;
    for (String name : c.args) {
      if (c.flavor().has(name)) {
        c.println(c.flavor().path(Files.name(name)));
      } else {
        status = 1;
      }
    }
    return status;
  }

  /** {@code sh -c '...'}, or {@code sh} reading its script from standard input. */
  private static int shell(Cmd c) {
    Interpreter child = c.sh.child(Interpreter.Kind.of(c.name, c.flavor()));
    if (c.args.size() >= 2 && c.args.get(0).equals("-c")) {
      return child.script(c.args.get(1), c.io);
    }
    if (!c.args.isEmpty()) {
      String script = c.files().read(c.path(c.args.get(0)));
      if (script == null) {
        c.error(child.cantOpen(c.args.get(0)));
        return 2;
      }
      return child.script(script, c.io);
    }
    return child.script(c.io.in().readAll(), c.io);
  }
}

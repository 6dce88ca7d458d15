package io.kubesim.kubelet.shell;

import io.kubesim.kubelet.shell.Commands.Cmd;
import io.kubesim.kubelet.shell.Commands.Command;
import io.kubesim.kubelet.shell.Network.Failure;
import io.kubesim.kubelet.shell.Network.Response;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * wget (busybox), curl (Debian's 7.88) and nslookup ({@link Nslookup}): real HTTP through the pod's
 * network, to an address or to a host name the C library's resolver finds ({@link HostResolver}:
 * /etc/hosts, then the cluster DNS with the pod's search list).
 */
final class NetCommands {
  private NetCommands() {}

  static void register(Map<String, Command> commands) {
    commands.put("wget", NetCommands::wget);
    commands.put("curl", NetCommands::curl);
    commands.put("nslookup", Nslookup::run);
  }

  /** {@code http://host:port/path} in parts; the scheme may be left out. */
  record Url(String host, int port, String path, String hostPort) {
    static Url parse(String text) {
      String rest = text.replaceFirst("^http://", "");
      int slash = rest.indexOf('/');
      String hostPort = slash < 0 ? rest : rest.substring(0, slash);
      String path = slash < 0 ? "/" : rest.substring(slash);
      int colon = hostPort.lastIndexOf(':');
      if (colon > 0) {
        try {
          return new Url(
              hostPort.substring(0, colon),
              Integer.parseInt(hostPort.substring(colon + 1)),
              path,
              hostPort);
        } catch (NumberFormatException e) {
          return null;
        }
      }
      return new Url(hostPort, 80, path, hostPort);
    }

    String file() {
      String name = path.substring(path.lastIndexOf('/') + 1);
      int q = name.indexOf('?');
      name = q < 0 ? name : name.substring(0, q);
      return name.isEmpty() ? "index.html" : name;
    }
  }

  /**
   * The address the URL's host stands for: itself when it is one ({@code localhost} is left to the
   * network, which knows the pod's own address), else what the resolver finds; null when nothing.
   */
  private static String resolve(Cmd c, Url url) {
    Network network = c.sh.world.network();
    String host = url.host();
    if (network == null) {
      return null;
    }
    if (host.equals("localhost") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      return host;
    }
    return HostResolver.resolve(c.files(), network, host);
  }

  private static Response fetch(Cmd c, String method, String address, Url url, String agent) {
    return address == null
        ? Response.failed(Failure.UNKNOWN_HOST)
        : c.sh.world.network().get(method, address, url.port(), url.path(), agent);
  }

  // --- wget
  // ---------------------------------------------------------------------------------------

  private static int wget(Cmd c) {
    boolean quiet = false;
    String output = null;
    String target = null;
    for (int i = 0; i < c.args.size(); i++) {
      String a = c.args.get(i);
      if (a.startsWith("-O") && a.length() > 2) {
        output = a.substring(2);
      } else if (a.startsWith("-") && !a.startsWith("--") && a.length() > 1) {
        quiet |= a.contains("q");
        int o = a.indexOf('O');
        if (o >= 0) {
          output =
              o + 1 < a.length()
                  ? a.substring(o + 1)
                  : (i + 1 < c.args.size() ? c.args.get(++i) : "");
        }
      } else if (!a.startsWith("--")) {
        target = a;
      }
    }
    if (target == null) {
      c.error("BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.");
      c.error("");
      c.error("Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]");
      return 1;
    }
    if (target.startsWith("https://")) {
      c.error("wget: not an http or ftp url: " + target);
      return 1;
    }
    Url url = Url.parse(target);
    if (url == null) {
      c.error("wget: bad port spec '" + target + "'");
      return 1;
    }
    String address = resolve(c, url);
    Response r = fetch(c, "GET", address, url, "Wget");
    if (r.failure() == Failure.UNKNOWN_HOST) {
      c.error("wget: bad address '" + url.host() + "'");
      return 1;
    }
    if (!quiet) {
      String dotted = (address.equals("localhost") ? "127.0.0.1" : address) + ":" + url.port();
      c.error("Connecting to " + url.hostPort() + " (" + dotted + ")");
    }
    if (r.failure() == Failure.REFUSED) {
      c.error("wget: can't connect to remote host (" + url.host() + "): Connection refused");
      return 1;
    }
    if (r.status() >= 400) {
      c.error("wget: server returned error: HTTP/1.1 " + r.status() + " " + r.reason());
      return 1;
    }
    boolean toStdout = "-".equals(output);
    String file = output == null ? url.file() : output;
    if (!toStdout && output == null && c.files().stat(c.path(file)) != null) {
      c.error("wget: can't open '" + file + "': File exists");
      return 1;
    }
    int size = r.body().getBytes(StandardCharsets.UTF_8).length;
    if (!quiet) {
      c.error(toStdout ? "writing to stdout" : "saving to '" + file + "'");
    }
    if (toStdout) {
      c.out(r.body());
    } else {
      c.files().write(c.path(file), r.body(), c.sh.world.now());
    }
    if (!quiet) {
      String name = toStdout ? "-" : file;
      c.error(
          String.format(
              "%-20s 100%% |********************************| %5d  0:00:00 ETA", name, size));
      c.error(toStdout ? "written to stdout" : "'" + file + "' saved");
    }
    return 0;
  }

  // --- curl
  // ---------------------------------------------------------------------------------------

  private static int curl(Cmd c) {
    String flags = "";
    String output = null;
    String target = null;
    for (int i = 0; i < c.args.size(); i++) {
      String a = c.args.get(i);
      if (a.equals("-o") && i + 1 < c.args.size()) {
        output = c.args.get(++i);
      } else if (a.startsWith("--")) {
        flags +=
            switch (a) {
              case "--silent" -> "s";
              case "--include" -> "i";
              case "--head" -> "I";
              case "--fail" -> "f";
              case "--show-error" -> "S";
              default -> "";
            };
      } else if (a.startsWith("-") && a.length() > 1) {
        flags += a.substring(1);
      } else {
        target = a;
      }
    }
    boolean silent = flags.contains("s");
    boolean showErrors = !silent || flags.contains("S");
    if (target == null) {
      c.error("curl: try 'curl --help' or 'curl --manual' for more information");
      return 2;
    }
    Url url = Url.parse(target.replaceFirst("^https://", "http://"));
    if (url == null) {
      if (showErrors) {
        c.error("curl: (3) URL rejected: Port number was not a decimal number between 0 and 65535");
      }
      return 3;
    }
    boolean head = flags.contains("I");
    Response r = fetch(c, head ? "HEAD" : "GET", resolve(c, url), url, "curl/7.88.1");
    if (r.failure() == Failure.UNKNOWN_HOST) {
      progress(c, silent, output, -1);
      if (showErrors) {
        c.error("curl: (6) Could not resolve host: " + url.host());
      }
      return 6;
    }
    if (r.failure() == Failure.REFUSED) {
      progress(c, silent, output, -1);
      if (showErrors) {
        c.error(
            "curl: (7) Failed to connect to "
                + url.host()
                + " port "
                + url.port()
                + " after 0 ms: Couldn't connect to server");
      }
      return 7;
    }
    if (flags.contains("f") && r.status() >= 400) {
      progress(c, silent, output, -1);
      if (showErrors) {
        c.error("curl: (22) The requested URL returned error: " + r.status());
      }
      return 22;
    }
    StringBuilder body = new StringBuilder();
    if (head || flags.contains("i")) {
      body.append("HTTP/1.1 ").append(r.status()).append(' ').append(r.reason()).append("\r\n");
      r.headers().forEach(h -> body.append(h).append("\r\n"));
      body.append("\r\n");
    }
    if (!head) {
      body.append(r.body());
    }
    int size = r.body().getBytes(StandardCharsets.UTF_8).length;
    progress(c, silent, output, size);
    if (output != null) {
      c.files().write(c.path(output), body.toString(), c.sh.world.now());
    } else {
      c.out(body.toString());
    }
    return 0;
  }

  /**
   * curl's progress meter: on stderr, unless silent or writing to a terminal. {@code size} -1: the
   * transfer failed, and curl's error follows on the same line.
   */
  private static void progress(Cmd c, boolean silent, String output, int size) {
    if (silent || (output == null && c.terminal())) {
      return;
    }
    c.error("  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current");
    c.error("                                 Dload  Upload   Total   Spent    Left  Speed");
    boolean failed = size < 0;
    size = Math.max(0, size);
    int percent = size > 0 ? 100 : 0;
    // a local transfer takes about a millisecond
    String speed = size == 0 ? "0" : Math.max(1, size * 1000L / 1024) + "k";
    String meter =
        String.format(
            "%3d %5d %4d %5d    0     0 %6s      0 --:--:-- --:--:-- --:--:-- %5s",
            percent, size, percent, size, speed, speed);
    c.io.err().write(failed ? meter : meter + "\n");
  }
}

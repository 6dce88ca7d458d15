package io.kubesim.kubelet.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesim.kubelet.image.ImageFiles;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What a learner types first into {@code kubectl exec}, with the answers of the real images. */
class ExecShellTest {
  static final String BUSYBOX = "busybox:1.36";
  static final String NGINX = "nginx:1.27";

  record Case(String name, String image, String script, String out, String err, int code) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case ok(String name, String image, String script, String out) {
    return new Case(name, image, script, out, "", 0);
  }

  static Stream<Case> busybox() {
    return Stream.of(
        ok("hostname is the pod's name", BUSYBOX, "hostname", "web\n"),
        ok(
            "env is the container's environment and what sh sets",
            BUSYBOX,
            "env",
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nHOSTNAME=web\n"
                + "GREETING=hello\nHOME=/root\nSHLVL=1\nPWD=/\n"),
        ok(
            "echo writes a file with > and appends with >>",
            BUSYBOX,
            "echo hi > /tmp/f; echo more >> /tmp/f; cat /tmp/f",
            "hi\nmore\n"),
        ok(
            "variables expand in double quotes and bare words, not in single quotes",
            BUSYBOX,
            "echo \"$GREETING\" '$GREETING' ${HOSTNAME}",
            "hello $GREETING web\n"),
        ok("$? is the last status", BUSYBOX, "false; echo $?", "1\n"),
        ok(
            "ps lists PID 1, the exec'd processes and itself",
            BUSYBOX,
            "ps",
            "PID   USER     TIME  COMMAND\n    1 root      0:00 sleep 3600\n"
                + "    7 root      0:00 sh\n    8 root      0:00 ps\n"),
        ok(
            "whoami and id: root, in busybox's wheel group",
            BUSYBOX,
            "whoami; id",
            "root\nuid=0(root) gid=0(root) groups=0(root),10(wheel)\n"),
        ok("date prints the default format", BUSYBOX, "date", "Fri Jan  2 03:04:05 UTC 2026\n"),
        ok("date +FORMAT", BUSYBOX, "date +%F_%T", "2026-01-02_03:04:05\n"),
        ok(
            "uname -a names the host and the kernel",
            BUSYBOX,
            "uname -a",
            "Linux web 6.8.0-kubesim #1 SMP PREEMPT_DYNAMIC Mon Jan  6 12:00:00 UTC 2025 x86_64"
                + " GNU/Linux\n"),
        ok(
            "mkdir -p makes parents; ls without a terminal lists one name a line",
            BUSYBOX,
            "mkdir -p /tmp/a/b && ls /tmp /tmp/a",
            "/tmp:\na\n\n/tmp/a:\nb\n"),
        ok("cd then pwd", BUSYBOX, "cd /etc && pwd", "/etc\n"),
        new Case(
            "cd to a missing directory is ash's error",
            BUSYBOX,
            "cd /nope",
            "",
            "sh: cd: can't cd to /nope: No such file or directory\n",
            2),
        ok(
            "wget -qO- prints another pod's page",
            BUSYBOX,
            "wget -qO- http://10.244.1.6:8080",
            "welcome\n"),
        ok("localhost is the pod's own app", BUSYBOX, "wget -qO- localhost", "welcome\n"),
        new Case(
            "wget without -q says where it connects and saves index.html",
            BUSYBOX,
            "cd /tmp && wget http://10.244.1.5 && cat index.html",
            "welcome\n",
            "Connecting to 10.244.1.5 (10.244.1.5:80)\nsaving to 'index.html'\n"
                + "index.html           100% |********************************|     8  0:00:00 ETA\n"
                + "'index.html' saved\n",
            0),
        new Case(
            "a Service name does not resolve when no nameserver answers",
            BUSYBOX,
            "wget -qO- http://web",
            "",
            "wget: bad address 'web'\n",
            1),
        new Case(
            "nothing listening is a refused connection",
            BUSYBOX,
            "wget -qO- http://10.244.1.9",
            "",
            "wget: can't connect to remote host (10.244.1.9): Connection refused\n",
            1),
        new Case(
            "an HTTP error fails wget",
            BUSYBOX,
            "wget -qO- http://10.244.1.5/x",
            "",
            "wget: server returned error: HTTP/1.1 404 Not Found\n",
            1),
        new Case(
            "nslookup without a nameserver that answers",
            BUSYBOX,
            "nslookup web",
            ";; connection timed out; no servers could be reached\n\n",
            "",
            1),
        ok("a pipe filters env", BUSYBOX, "env | grep GREETING", "GREETING=hello\n"),
        ok("head and wc after pipes", BUSYBOX, "cat /etc/passwd | head -n 3 | wc -l", "3\n"),
        ok("if with test", BUSYBOX, "if [ -d /tmp ]; then echo dir; else echo no; fi", "dir\n"),
        ok(
            "2>&1 joins stderr to stdout, 2>/dev/null drops it",
            BUSYBOX,
            "cat /nope 2>&1; cat /nope 2>/dev/null; echo $?",
            "cat: can't open '/nope': No such file or directory\n1\n"),
        new Case(
            "a redirection into a missing directory",
            BUSYBOX,
            "echo x > /nope/f",
            "",
            "sh: can't create /nope/f: nonexistent directory\n",
            1),
        new Case(
            "busybox has no curl", BUSYBOX, "curl http://web", "", "sh: curl: not found\n", 127),
        new Case("exit ends the script", BUSYBOX, "echo a; exit 3; echo b", "a\n", "", 3));
  }

  static Stream<Case> nginx() {
    return Stream.of(
        ok("nginx's web root", NGINX, "ls /usr/share/nginx/html", "50x.html\nindex.html\n"),
        ok(
            "the welcome page is nginx's",
            NGINX,
            "grep -c 'Welcome to nginx!' /usr/share/nginx/html/index.html",
            "2\n"),
        new Case("the nginx image has no ps", NGINX, "ps", "", "sh: 1: ps: not found\n", 127),
        new Case(
            "curl prints the page, and its progress meter when stdout is not a terminal",
            NGINX,
            "curl http://10.244.1.5",
            "welcome\n",
            "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n"
                + "                                 Dload  Upload   Total   Spent    Left  Speed\n"
                + "100     8  100     8    0     0     7k      0 --:--:-- --:--:-- --:--:--    7k\n",
            0),
        new Case(
            "curl of a name that does not resolve",
            NGINX,
            "curl -sS http://web",
            "",
            "curl: (6) Could not resolve host: web\n",
            6),
        new Case(
            "curl -s of a refused port says nothing",
            NGINX,
            "curl -s http://10.244.1.9:81",
            "",
            "",
            7),
        ok(
            "curl -i shows the status line and headers",
            NGINX,
            "curl -si http://10.244.1.5",
            "HTTP/1.1 200 OK\r\nServer: nginx/1.27.5\r\n\r\nwelcome\n"),
        new Case(
            "Debian's coreutils word their errors their own way",
            NGINX,
            "cat /nope; ls /nope",
            "",
            "cat: /nope: No such file or directory\nls: cannot access '/nope': No such file or"
                + " directory\n",
            2),
        ok(
            "root in Debian is in no other group",
            NGINX,
            "id",
            "uid=0(root) gid=0(root) groups=0(root)\n"),
        ok("nginx's configuration", NGINX, "head -n 2 /etc/nginx/nginx.conf", "\nuser  nginx;\n"));
  }

  @ParameterizedTest(name = "busybox: {0}")
  @MethodSource("busybox")
  void busyboxAnswers(Case c) {
    assertThat(Sessions.script(c.image(), c.script()))
        .isEqualTo(new Sessions.Outcome(c.out(), c.err(), c.code()));
  }

  @ParameterizedTest(name = "nginx: {0}")
  @MethodSource("nginx")
  void nginxAnswers(Case c) {
    assertThat(Sessions.script(c.image(), c.script()))
        .isEqualTo(new Sessions.Outcome(c.out(), c.err(), c.code()));
  }

  @Test
  void aProgramRunWithoutAShellSeesTheContainersEnvironmentOnly() {
    Sessions.Outcome env =
        Sessions.exec(
            BUSYBOX, new Overlay(ImageFiles.layer(BUSYBOX)), List.of("env"), List.of(), false);

    assertThat(env.out())
        .doesNotContain("SHLVL")
        .doesNotContain("PWD")
        .contains("GREETING=hello\n");
  }

  @Test
  void aProgramTheImageDoesNotHaveCannotBeExecd() {
    Overlay files = new Overlay(ImageFiles.layer(BUSYBOX));
    assertThatThrownBy(() -> Sessions.exec(BUSYBOX, files, List.of("bash"), List.of(), false))
        .isInstanceOf(Shell.NotExecutable.class)
        .hasMessage("exec: \"bash\": executable file not found in $PATH");
    assertThatThrownBy(() -> Sessions.exec(BUSYBOX, files, List.of("/bin/bash"), List.of(), false))
        .hasMessage("exec: \"/bin/bash\": stat /bin/bash: no such file or directory");
    assertThatThrownBy(() -> Sessions.exec(BUSYBOX, files, List.of("cd", "/"), List.of(), false))
        .isInstanceOf(Shell.NotExecutable.class);
  }

  @Test
  void filesWrittenByOneSessionAreReadByTheNext() {
    Overlay container = new Overlay(ImageFiles.layer(BUSYBOX));
    Sessions.exec(BUSYBOX, container, List.of("sh", "-c", "echo hi > /tmp/f"), List.of(), false);

    assertThat(Sessions.exec(BUSYBOX, container, List.of("cat", "/tmp/f"), List.of(), false).out())
        .isEqualTo("hi\n");
    assertThat(ImageFiles.layer(BUSYBOX).stat("/tmp/f")).as("the image is not changed").isNull();
  }
}

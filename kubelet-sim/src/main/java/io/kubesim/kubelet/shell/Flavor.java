package io.kubesim.kubelet.shell;

import java.util.Set;

/**
 * Which userland an image has: busybox's applets (busybox, alpine and most small images) or
 * Debian's coreutils, dash as {@code sh} and bash (nginx). It decides which commands exist and how
 * their errors read, so that a learner sees the same text as on a real cluster.
 */
public enum Flavor {
  BUSYBOX(
      Set.of(
          "sh",
          "ash",
          "ls",
          "cat",
          "echo",
          "env",
          "printenv",
          "hostname",
          "ps",
          "ip",
          "ifconfig",
          "pwd",
          "whoami",
          "id",
          "date",
          "uname",
          "sleep",
          "mkdir",
          "rm",
          "touch",
          "wget",
          "nslookup",
          "true",
          "false",
          "grep",
          "head",
          "tail",
          "wc",
          "clear",
          "which",
          "test",
          "[",
          "kill",
          "tar")),
  DEBIAN(
      Set.of(
          "sh",
          "dash",
          "bash",
          "ls",
          "cat",
          "echo",
          "env",
          "printenv",
          "hostname",
          "pwd",
          "whoami",
          "id",
          "date",
          "uname",
          "sleep",
          "mkdir",
          "rm",
          "touch",
          "curl",
          "true",
          "false",
          "grep",
          "head",
          "tail",
          "wc",
          "clear",
          "which",
          "test",
          "[",
          "kill",
          "tar"));

  private final Set<String> programs;

  Flavor(Set<String> programs) {
    this.programs = programs;
  }

  /** Whether the image has the program ({@code /bin/ls} and {@code ls} alike). */
  public boolean has(String program) {
    return programs.contains(Files.name(program));
  }

  /** Where {@code which} finds a program: busybox puts every applet in /bin. */
  String path(String program) {
    return (this == BUSYBOX ? "/bin/" : "/usr/bin/") + program;
  }

  // --- messages, busybox first, then GNU coreutils
  // ------------------------------------------------

  String cantOpen(String tool, String path) {
    return this == BUSYBOX
        ? tool + ": can't open '" + path + "': No such file or directory"
        : tool + ": " + path + ": No such file or directory";
  }

  String cantAccess(String tool, String path) {
    return this == BUSYBOX
        ? tool + ": " + path + ": No such file or directory"
        : tool + ": cannot access '" + path + "': No such file or directory";
  }

  String cantRemove(String path, String why) {
    return (this == BUSYBOX ? "rm: can't remove '" : "rm: cannot remove '") + path + "': " + why;
  }

  String cantMkdir(String path, String why) {
    return (this == BUSYBOX
            ? "mkdir: can't create directory '"
            : "mkdir: cannot create directory '")
        + path
        + "': "
        + why;
  }

  String isADirectory(String tool, String path) {
    return this == BUSYBOX
        ? tool + ": read error: Is a directory"
        : tool + ": " + path + ": Is a directory";
  }
}

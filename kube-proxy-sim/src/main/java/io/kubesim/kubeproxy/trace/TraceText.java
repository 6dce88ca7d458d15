package io.kubesim.kubeproxy.trace;

import java.util.Locale;

/**
 * A trace as text for people: the packet, then each way it can go with its chance and the rules it
 * meets ({@code table chain #n}), random rules marked with the chance of that branch.
 */
public final class TraceText {
  private TraceText() {}

  public static String render(Trace trace) {
    Packet p = trace.packet();
    StringBuilder out = new StringBuilder();
    out.append(p.protocol())
        .append(' ')
        .append(p.sourceIp())
        .append(" -> ")
        .append(p.destinationIp())
        .append(':')
        .append(p.destinationPort())
        .append(" from ")
        .append(p.origin().name().toLowerCase(Locale.ROOT))
        .append('\n');
    for (Outcome o : trace.outcomes()) {
      out.append('\n')
          .append(percent(o.probability()))
          .append("  ")
          .append(verdict(o))
          .append('\n');
      for (Step s : o.steps()) {
        out.append("    ").append(s.table()).append(' ').append(s.chain());
        out.append(" #").append(s.ruleNumber());
        if (s.kind() == Step.Kind.PASSED || s.probability() < 1.0) {
          out.append(s.taken() ? " taken " : " passed ").append(percent(s.probability()));
        }
        out.append(": ").append(s.text()).append('\n');
      }
    }
    return out.toString();
  }

  private static String verdict(Outcome o) {
    String text =
        switch (o.verdict()) {
          case DNAT -> "DNAT to " + o.endpoint();
          case ACCEPT -> "ACCEPT (no service rule matched)";
          case REJECT -> "REJECT";
          case DROP -> "DROP";
        };
    return o.masquerade() ? text + ", masqueraded" : text;
  }

  private static String percent(double probability) {
    return String.format(Locale.ROOT, "%6.2f%%", probability * 100);
  }
}

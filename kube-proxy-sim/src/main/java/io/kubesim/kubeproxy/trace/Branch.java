package io.kubesim.kubeproxy.trace;

import io.kubesim.kubeproxy.iptables.Ipv4;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One possible state of a packet during a walk, immutable: the walk forks a branch at every random
 * rule. Steps and affinity records are kept as linked lists so that forking copies nothing.
 */
final class Branch {
  enum Status {
    /** Still going: continue with the next rule (or the caller's, after a RETURN). */
    RUNNING,
    /** Accepted by the current hook (ACCEPT, DNAT, MASQUERADE): on to the next hook. */
    ACCEPTED,
    DROPPED,
    REJECTED
  }

  private record Link<T>(T value, Link<T> previous) {}

  final double probability;
  final int destination;
  final int port;
  final int mark;
  final boolean dnat;
  final boolean masquerade;
  final Status status;
  private final Link<Step> steps;
  private final Link<String> records;

  private Branch(
      double probability,
      int destination,
      int port,
      int mark,
      boolean dnat,
      boolean masquerade,
      Status status,
      Link<Step> steps,
      Link<String> records) {
    this.probability = probability;
    this.destination = destination;
    this.port = port;
    this.mark = mark;
    this.dnat = dnat;
    this.masquerade = masquerade;
    this.status = status;
    this.steps = steps;
    this.records = records;
  }

  static Branch start(Packet packet) {
    return new Branch(
        1.0,
        packet.destination(),
        packet.destinationPort(),
        0,
        false,
        false,
        Status.RUNNING,
        null,
        null);
  }

  Branch step(Step step) {
    return new Branch(
        probability * step.probability(),
        destination,
        port,
        mark,
        dnat,
        masquerade,
        status,
        new Link<>(step, steps),
        records);
  }

  Branch record(String list) {
    return new Branch(
        probability,
        destination,
        port,
        mark,
        dnat,
        masquerade,
        status,
        steps,
        new Link<>(list, records));
  }

  Branch withMark(int newMark) {
    return new Branch(
        probability, destination, port, newMark, dnat, masquerade, status, steps, records);
  }

  Branch translated(int newDestination, int newPort) {
    return new Branch(
        probability,
        newDestination,
        newPort,
        mark,
        true,
        masquerade,
        Status.ACCEPTED,
        steps,
        records);
  }

  Branch masqueraded() {
    return new Branch(
        probability, destination, port, mark, dnat, true, Status.ACCEPTED, steps, records);
  }

  Branch with(Status newStatus) {
    return new Branch(
        probability, destination, port, mark, dnat, masquerade, newStatus, steps, records);
  }

  boolean finished() {
    return status == Status.DROPPED || status == Status.REJECTED;
  }

  Outcome outcome() {
    Verdict verdict =
        switch (status) {
          case DROPPED -> Verdict.DROP;
          case REJECTED -> Verdict.REJECT;
          default -> dnat ? Verdict.DNAT : Verdict.ACCEPT;
        };
    String endpoint = dnat ? Ipv4.format(destination) + ":" + port : null;
    return new Outcome(probability, verdict, endpoint, masquerade, list(steps), list(records));
  }

  private static <T> List<T> list(Link<T> last) {
    List<T> items = new ArrayList<>();
    for (Link<T> at = last; at != null; at = at.previous()) {
      items.add(at.value());
    }
    Collections.reverse(items);
    return items;
  }
}

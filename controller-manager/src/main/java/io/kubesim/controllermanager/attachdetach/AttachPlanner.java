package io.kubesim.controllermanager.attachdetach;

import io.kubesim.controllermanager.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides where one volume is attached, as the attach/detach controller's reconciler does: detach
 * it from every node where no pod uses it, attach it where pods use it. An exclusive
 * (ReadWriteOnce) volume stays on the one node it is attached to while a pod there uses it;
 * otherwise it goes to the node of the oldest pod that wants it. The pods on other nodes get the
 * Multi-Attach event.
 */
public final class AttachPlanner {
  private AttachPlanner() {}

  /** A scheduled, not yet terminated pod using the volume. */
  public record Use(String namespace, String pod, String node, Instant created) {}

  /** The nodes to add the volume to and remove it from, and an event per refused pod. */
  public record Plan(Set<String> attach, Set<String> detach, Map<Use, Event> refused) {
    public boolean isEmpty() {
      return attach.isEmpty() && detach.isEmpty() && refused.isEmpty();
    }
  }

  /**
   * @param volume the PV's name, as the event names it
   * @param exclusive whether the volume is attachable to one node only; kubesim attaches no other
   * @param uses the pods using it (on nodes that exist)
   * @param attachedTo the nodes whose status lists it as attached
   */
  public static Plan plan(
      String volume, boolean exclusive, List<Use> uses, Set<String> attachedTo) {
    Set<String> wanted = new TreeSet<>();
    if (exclusive) {
      uses.forEach(u -> wanted.add(u.node()));
    }
    Set<String> detach = new TreeSet<>(attachedTo);
    detach.removeAll(wanted);
    Set<String> kept = new TreeSet<>(attachedTo);
    kept.retainAll(wanted);
    Set<String> attach = new TreeSet<>();
    if (kept.isEmpty() && !wanted.isEmpty()) {
      uses.stream()
          .min(
              Comparator.comparing(Use::created)
                  .thenComparing(Use::namespace)
                  .thenComparing(Use::pod))
          .ifPresent(first -> attach.add(first.node()));
    }
    Set<String> on = new TreeSet<>(kept);
    on.addAll(attach);
    Map<Use, Event> refused = new LinkedHashMap<>();
    for (Use use : uses) {
      if (exclusive && !on.contains(use.node())) {
        refused.put(use, Event.warning("FailedAttachVolume", multiAttach(volume, use, uses, on)));
      }
    }
    return new Plan(attach, detach, refused);
  }

  /**
   * reportMultiAttachError: the blocking pods of the refused pod's namespace by name, those of
   * other namespaces only counted (a namespace's user must not learn other namespaces' pod names).
   */
  static String multiAttach(String volume, Use refused, List<Use> uses, Set<String> on) {
    List<String> local = new ArrayList<>();
    int others = 0;
    for (Use use : uses) {
      if (!on.contains(use.node())) {
        continue;
      }
      if (use.namespace().equals(refused.namespace())) {
        local.add(use.pod());
      } else {
        others++;
      }
    }
    local.sort(null);
    String why;
    if (local.isEmpty()) {
      why = "Volume is already used by " + others + " pod(s) in different namespaces";
    } else {
      why = "Volume is already used by pod(s) " + String.join(", ", local);
      if (others > 0) {
        why += " and " + others + " pod(s) in different namespaces";
      }
    }
    return "Multi-Attach error for volume \"" + volume + "\" " + why;
  }
}

package io.kubesim.kubelet.runtime;

import io.kubesim.kubelet.Event;
import java.time.Instant;
import java.util.List;

/** One stage applied: which, when, the container after it, and the events it recorded. */
public record Change(String stage, Instant at, ContainerSim after, List<Event> events) {

  public Change {
    events = List.copyOf(events);
  }
}

package io.kubesim.apiserver.storage;

import tools.jackson.databind.node.ObjectNode;

/**
 * State derived from one resource's stored objects and kept in step with them under the commit
 * lock, such as the Service registry's allocated cluster IPs and node ports: it never needs a scan
 * of the objects after it is built, and it can never disagree with them.
 */
public interface CommitIndex {
  /**
   * Whether {@code after} may replace {@code before} now; asked under the lock for a decision made
   * outside it (a guaranteed update), which is made again when this says no.
   */
  default boolean admits(ObjectNode before, ObjectNode after) {
    return true;
  }

  /** A commit of the resource, under the lock; {@code before} or {@code after} null if absent. */
  void committed(ObjectNode before, ObjectNode after);
}

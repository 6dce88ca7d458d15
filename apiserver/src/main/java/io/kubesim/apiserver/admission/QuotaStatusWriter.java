package io.kubesim.apiserver.admission;

import java.util.function.UnaryOperator;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a ResourceQuota's status as the apiserver's own client would (resourcequotas/status, with
 * the registry's validation and managedFields): {@code next} computes the quota to store from the
 * current one, and is asked again on the newer quota when another write got there first; returning
 * the quota unchanged writes nothing. Throws the Status error {@code next} throws, or NotFound.
 */
@FunctionalInterface
public interface QuotaStatusWriter {
  void update(String namespace, String name, UnaryOperator<ObjectNode> next);
}

package io.kubesim.apiserver.admission;

import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.resource.Resources;
import io.kubesim.apiserver.storage.Store;
import io.kubesim.core.api.ApiException;
import io.kubesim.core.api.Status;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * The NamespaceLifecycle plugin (mutating phase): nothing is created or changed in a namespace that
 * does not exist (404 on the namespace), nothing is created in one being terminated (403 with a
 * NamespaceTerminating cause), and the namespaces the cluster needs are never deleted.
 */
public final class NamespaceLifecycle implements AdmissionPlugin {
  /** --immortal-namespaces' default. */
  static final Set<String> IMMORTAL = Set.of("default", "kube-system", "kube-public");

  private static final ResourceType NAMESPACES = Resources.find("", "v1", "namespaces").get();

  private final Store store;

  public NamespaceLifecycle(Store store) {
    this.store = store;
  }

  @Override
  public String name() {
    return "NamespaceLifecycle";
  }

  @Override
  public void admit(Attributes a) {
    boolean namespaceKind = a.resource().equals("namespaces");
    if (a.operation() == Operation.DELETE && namespaceKind && IMMORTAL.contains(a.name())) {
      throw Status.forbidden("namespaces", a.name(), "this namespace may not be deleted");
    }
    if (namespaceKind || !a.type().namespaced() || a.operation() == Operation.DELETE) {
      return;
    }
    ObjectNode namespace = store.get(NAMESPACES, null, a.namespace());
    if (namespace == null) {
      throw Status.notFound("namespaces", a.namespace());
    }
    boolean terminating = namespace.path("status").path("phase").asString("").equals("Terminating");
    if (a.operation() == Operation.CREATE && terminating) {
      throw terminating(a);
    }
  }

  private static ApiException terminating(Attributes a) {
    ApiException forbidden =
        a.forbidden(
            "unable to create new content in namespace "
                + a.namespace()
                + " because it is being terminated");
    ObjectNode details = (ObjectNode) forbidden.status().path("details");
    details
        .putArray("causes")
        .addObject()
        .put("reason", "NamespaceTerminating")
        .put("message", "namespace " + a.namespace() + " is being terminated")
        .put("field", "metadata.namespace");
    return forbidden;
  }
}

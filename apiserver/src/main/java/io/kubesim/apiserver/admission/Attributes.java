package io.kubesim.apiserver.admission;

import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.core.api.ApiException;
import io.kubesim.core.api.Status;
import tools.jackson.databind.node.ObjectNode;

/**
 * What admission knows of a request (admission.Attributes): the operation, the resource and
 * subresource (null for the main resource), namespace and name, the object as it would be stored
 * (plugins of the mutating phase may change it) and the stored one an update or delete replaces.
 *
 * @param name the name on the request; on create empty until the name is generated, which happens
 *     between the two phases
 */
public record Attributes(
    Operation operation,
    ResourceType type,
    String subresource,
    String namespace,
    String name,
    ObjectNode object,
    ObjectNode oldObject,
    boolean dryRun) {

  public String resource() {
    return type.qualified();
  }

  /**
   * admission.NewForbidden: {@code pods "web-1" is forbidden: <why>}, naming the request's object
   * (its generateName while it has no name yet, "Unknown" when it has neither).
   */
  public ApiException forbidden(String why) {
    return Status.forbidden(type.qualified(), objectName(), why);
  }

  private String objectName() {
    if (name != null && !name.isEmpty()) {
      return name;
    }
    if (object != null) {
      String own = object.path("metadata").path("name").asString("");
      if (!own.isEmpty()) {
        return own;
      }
      String generate = object.path("metadata").path("generateName").asString("");
      if (!generate.isEmpty()) {
        return generate;
      }
    }
    return "Unknown";
  }
}

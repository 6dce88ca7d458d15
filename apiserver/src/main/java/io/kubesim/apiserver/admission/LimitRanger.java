package io.kubesim.apiserver.admission;

import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.resource.Resources;
import io.kubesim.apiserver.storage.Store;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * The LimitRanger plugin: in the mutating phase a new pod's containers get the defaults of the
 * namespace's LimitRanges; in the validating phase new pods, and new or changed claims, are held to
 * their min, max and maxLimitRequestRatio (403 with the plugin's message, e.g. {@code pods "x" is
 * forbidden: maximum cpu usage per Container is 800m, but limit is 1500m}). Pod updates are not
 * checked: a pod's containers cannot change. Objects being deleted are let through.
 */
public final class LimitRanger implements AdmissionPlugin {
  private static final ResourceType LIMIT_RANGES = Resources.find("", "v1", "limitranges").get();

  private final Store store;

  public LimitRanger(Store store) {
    this.store = store;
  }

  @Override
  public String name() {
    return "LimitRanger";
  }

  @Override
  public void admit(Attributes a) {
    if (!supports(a) || !a.resource().equals("pods")) {
      return;
    }
    for (ObjectNode limitRange : limitRanges(a)) {
      LimitRangeRules.applyDefaults(limitRange, a.object());
    }
  }

  @Override
  public void validate(Attributes a) {
    if (!supports(a)) {
      return;
    }
    for (ObjectNode limitRange : limitRanges(a)) {
      List<String> errors =
          a.resource().equals("pods")
              ? LimitRangeRules.checkPod(limitRange, a.object())
              : LimitRangeRules.checkClaim(limitRange, a.object());
      if (!errors.isEmpty()) {
        throw a.forbidden(LimitRangeRules.aggregate(errors));
      }
    }
  }

  /** Pod creates, claim creates and updates, never a subresource or an object being deleted. */
  private static boolean supports(Attributes a) {
    if (a.subresource() != null || a.object() == null) {
      return false;
    }
    if (a.oldObject() != null && a.oldObject().path("metadata").has("deletionTimestamp")) {
      return false;
    }
    return switch (a.resource()) {
      case "pods" -> a.operation() == Operation.CREATE;
      case "persistentvolumeclaims" ->
          a.operation() == Operation.CREATE || a.operation() == Operation.UPDATE;
      default -> false;
    };
  }

  private List<ObjectNode> limitRanges(Attributes a) {
    return store.list(LIMIT_RANGES, a.namespace()).items();
  }
}

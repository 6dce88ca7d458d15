package io.kubesim.apiserver.admission;

import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.resource.Resources;
import io.kubesim.apiserver.storage.Store;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The DefaultStorageClass plugin (mutating, creates only): a new claim that names no class, neither
 * in spec.storageClassName (an explicit "" counts as naming one: "no class") nor in the beta
 * annotation, gets the default StorageClass, the one annotated {@code
 * storageclass.kubernetes.io/is-default-class: "true"}. With several defaults the newest wins
 * (ties: the first name), as since 1.26; with none the claim is left without a class.
 */
public final class DefaultStorageClass implements AdmissionPlugin {
  static final ResourceType STORAGE_CLASSES =
      Resources.find("storage.k8s.io", "v1", "storageclasses").orElseThrow();
  private static final String IS_DEFAULT = "storageclass.kubernetes.io/is-default-class";
  private static final String BETA_IS_DEFAULT = "storageclass.beta.kubernetes.io/is-default-class";
  private static final String BETA_CLASS = "volume.beta.kubernetes.io/storage-class";

  private final Store store;

  public DefaultStorageClass(Store store) {
    this.store = store;
  }

  @Override
  public String name() {
    return "DefaultStorageClass";
  }

  @Override
  public void admit(Attributes a) {
    if (a.operation() != Operation.CREATE
        || !a.resource().equals("persistentvolumeclaims")
        || a.subresource() != null
        || a.object() == null
        || !(a.object().path("spec") instanceof ObjectNode spec)) {
      return;
    }
    boolean hasClass =
        spec.has("storageClassName") && !spec.get("storageClassName").isNull()
            || a.object().path("metadata").path("annotations").has(BETA_CLASS);
    if (!hasClass) {
      defaultClass(store.list(STORAGE_CLASSES, null).items())
          .ifPresent(name -> spec.put("storageClassName", name));
    }
  }

  /** util.GetDefaultClass: the newest class marked default. */
  static Optional<String> defaultClass(List<ObjectNode> classes) {
    return classes.stream()
        .filter(DefaultStorageClass::isDefault)
        .max(
            Comparator.comparing(
                    (ObjectNode c) -> c.path("metadata").path("creationTimestamp").asString(""))
                .thenComparing(
                    c -> c.path("metadata").path("name").asString(""), Comparator.reverseOrder()))
        .map(c -> c.path("metadata").path("name").asString(""));
  }

  static boolean isDefault(JsonNode storageClass) {
    JsonNode annotations = storageClass.path("metadata").path("annotations");
    return "true".equals(annotations.path(IS_DEFAULT).asString(""))
        || "true".equals(annotations.path(BETA_IS_DEFAULT).asString(""));
  }
}

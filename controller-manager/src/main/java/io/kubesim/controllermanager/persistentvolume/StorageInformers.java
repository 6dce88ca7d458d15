package io.kubesim.controllermanager.persistentvolume;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.kubesim.controllermanager.ControllerContext;
import io.kubesim.controllermanager.SharedInformers;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.controller.Informer;
import io.kubesim.core.controller.Keys;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * The shared informers the storage controllers read (volumes, claims, classes, pods), and their
 * objects as fabric8 types, converted once per version by {@link SharedInformers#typed}.
 */
public final class StorageInformers {
  public static final ResourcePath VOLUMES = ResourcePath.core("persistentvolumes");
  public static final ResourcePath CLAIMS = ResourcePath.core("persistentvolumeclaims");
  public static final ResourcePath CLASSES = ResourcePath.of("storage.k8s.io/v1", "storageclasses");

  private final SharedInformers shared;
  public final Informer volumes;
  public final Informer claims;
  public final Informer classes;
  public final Informer pods;

  public StorageInformers(ControllerContext ctx) {
    this.shared = ctx.informers();
    this.volumes = shared.of(VOLUMES);
    this.claims = shared.of(CLAIMS);
    this.classes = shared.of(CLASSES);
    this.pods = shared.of(ResourcePath.PODS);
  }

  public boolean synced() {
    return volumes.hasSynced() && claims.hasSynced() && classes.hasSynced() && pods.hasSynced();
  }

  public PersistentVolume volume(ObjectNode node) {
    return shared.typed(node, "v1", "PersistentVolume", PersistentVolume.class);
  }

  public PersistentVolumeClaim claim(ObjectNode node) {
    return shared.typed(node, "v1", "PersistentVolumeClaim", PersistentVolumeClaim.class);
  }

  public Map<String, PersistentVolume> volumesByName() {
    Map<String, PersistentVolume> out = new LinkedHashMap<>();
    volumes.list().forEach(n -> out.put(Keys.of(n), volume(n)));
    return out;
  }

  public Map<String, PersistentVolumeClaim> claimsByKey() {
    Map<String, PersistentVolumeClaim> out = new LinkedHashMap<>();
    claims.list().forEach(n -> out.put(Keys.of(n), claim(n)));
    return out;
  }

  public Map<String, StorageClass> classesByName() {
    Map<String, StorageClass> out = new LinkedHashMap<>();
    classes
        .list()
        .forEach(
            n ->
                out.put(
                    Keys.of(n),
                    shared.typed(n, "storage.k8s.io/v1", "StorageClass", StorageClass.class)));
    return out;
  }

  public List<Pod> pods(String namespace) {
    return pods.list().stream()
        .filter(n -> namespace.equals(n.path("metadata").path("namespace").asString("")))
        .map(n -> shared.typed(n, "v1", "Pod", Pod.class))
        .toList();
  }
}

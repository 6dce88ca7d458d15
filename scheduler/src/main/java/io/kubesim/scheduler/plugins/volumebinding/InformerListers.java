package io.kubesim.scheduler.plugins.volumebinding;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.controller.Informer;
import io.kubesim.core.controller.Keys;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** {@link VolumeListers} over the scheduler's informers, converting what is asked for. */
public final class InformerListers implements VolumeListers {
  private final Informer claims;
  private final Informer volumes;
  private final Informer classes;

  public InformerListers(Informer claims, Informer volumes, Informer classes) {
    this.claims = claims;
    this.volumes = volumes;
    this.classes = classes;
  }

  @Override
  public PersistentVolumeClaim claim(String namespace, String name) {
    return as(claims.get(Keys.of(namespace, name)), PersistentVolumeClaim.class);
  }

  @Override
  public PersistentVolume volume(String name) {
    return as(volumes.get(name), PersistentVolume.class);
  }

  @Override
  public List<PersistentVolume> volumes() {
    return volumes.list().stream().map(v -> as(v, PersistentVolume.class)).toList();
  }

  @Override
  public StorageClass storageClass(String name) {
    return as(classes.get(name), StorageClass.class);
  }

  private static <T> T as(ObjectNode node, Class<T> type) {
    return node == null ? null : ApiClient.as(node, type);
  }
}

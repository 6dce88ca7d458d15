package io.kubesim.controllermanager.persistentvolume;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Which claims a pod's volumes name: persistentVolumeClaim sources and generic ephemeral ones. */
public final class ClaimUsers {
  private ClaimUsers() {}

  /**
   * The claim names of the pod's volumes; an ephemeral volume's claim is {@code <pod>-<volume>}.
   */
  public static List<String> claims(Pod pod) {
    List<String> names = new ArrayList<>();
    if (pod.getSpec() == null || pod.getSpec().getVolumes() == null) {
      return names;
    }
    for (Volume volume : pod.getSpec().getVolumes()) {
      if (volume.getPersistentVolumeClaim() != null) {
        names.add(volume.getPersistentVolumeClaim().getClaimName());
      } else if (volume.getEphemeral() != null) {
        names.add(pod.getMetadata().getName() + "-" + volume.getName());
      }
    }
    return names;
  }

  /** {@link #claims} read from an informer's tree, without converting the pod. */
  public static List<String> claims(JsonNode pod) {
    List<String> names = new ArrayList<>();
    for (JsonNode volume : pod.path("spec").path("volumes")) {
      String claim = volume.path("persistentVolumeClaim").path("claimName").asString("");
      if (claim.isEmpty() && volume.has("ephemeral")) {
        claim =
            pod.path("metadata").path("name").asString("") + "-" + volume.path("name").asString("");
      }
      if (!claim.isEmpty()) {
        names.add(claim);
      }
    }
    return names;
  }

  public static boolean uses(Pod pod, String claimName) {
    return claims(pod).contains(claimName);
  }
}

package io.kubesim.controllermanager;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.kubesim.core.selector.LabelSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which objects a controller owns, adopts and releases (controller.BaseControllerRefManager's
 * ClaimObject), decided from labels and owner references only:
 *
 * <ul>
 *   <li>owned by another controller: ignored, whatever its labels;
 *   <li>owned by us and matching the selector: kept;
 *   <li>owned by us but no longer matching: released (our ownerReference removed), unless we are
 *       being deleted;
 *   <li>an orphan that matches: adopted (our controllerRef added), unless we or it are being
 *       deleted.
 * </ul>
 *
 * The owned list is kept plus adopted: what the controller manages in this sync.
 */
public final class OwnerClaims {
  private OwnerClaims() {}

  public record Claims<T extends HasMetadata>(List<T> owned, List<T> adopt, List<T> release) {}

  public static <T extends HasMetadata> Claims<T> claim(
      HasMetadata owner, LabelSelector selector, List<T> candidates) {
    String uid = owner.getMetadata().getUid();
    List<T> owned = new ArrayList<>();
    List<T> adopt = new ArrayList<>();
    List<T> release = new ArrayList<>();
    for (T candidate : candidates) {
      boolean matches = Kube.matches(selector, candidate);
      Optional<OwnerReference> ref = Kube.controllerOf(candidate);
      if (ref.isPresent()) {
        if (!uid.equals(ref.get().getUid())) {
          continue;
        }
        if (matches) {
          owned.add(candidate);
        } else if (!Kube.deleting(owner)) {
          release.add(candidate);
        }
      } else if (matches && !Kube.deleting(owner) && !Kube.deleting(candidate)) {
        adopt.add(candidate);
        owned.add(candidate);
      }
    }
    return new Claims<>(List.copyOf(owned), List.copyOf(adopt), List.copyOf(release));
  }
}

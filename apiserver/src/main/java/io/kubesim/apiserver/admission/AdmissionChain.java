package io.kubesim.apiserver.admission;

import io.kubesim.apiserver.storage.Store;
import java.time.Clock;
import java.util.List;

/**
 * The admission stage of the write path: kube-apiserver's enabled plugins in its fixed order
 * (AllOrderedPlugins), each asked in the mutating phase and then in the validating phase. kubesim
 * has these of that list, in that order:
 *
 * <ol>
 *   <li>NamespaceLifecycle: no content in a missing or terminating namespace; default, kube-system
 *       and kube-public cannot be deleted;
 *   <li>LimitRanger: LimitRange defaults for containers (mutating), and min, max and
 *       maxLimitRequestRatio for containers, pods and claims (validating);
 *   <li>DefaultTolerationSeconds: the not-ready and unreachable tolerations of every pod;
 *   <li>DefaultStorageClass: a new claim without a class gets the default StorageClass;
 *   <li>StorageObjectInUseProtection: the pvc-protection and pv-protection finalizers on new claims
 *       and volumes;
 *   <li>PersistentVolumeClaimResize: a claim grows only when Bound and its class allows expansion;
 *   <li>DefaultIngressClass: the default IngressClass of a new Ingress that names none;
 *   <li>ResourceQuota: last, as the real list requires, so it charges what the others let through.
 * </ol>
 *
 * <p>In the real list ServiceAccount follows LimitRanger, Priority precedes
 * DefaultTolerationSeconds, OwnerReferencesPermissionEnforcement sits between
 * StorageObjectInUseProtection and PersistentVolumeClaimResize, and the webhooks come before
 * ResourceQuota; a plugin kubesim gains goes to its place in {@link #standard}.
 */
public final class AdmissionChain {
  private final List<AdmissionPlugin> plugins;

  public AdmissionChain(List<AdmissionPlugin> plugins) {
    this.plugins = List.copyOf(plugins);
  }

  /** The chain kube-apiserver runs by default, over this store. */
  public static AdmissionChain standard(
      Store store,
      Clock clock,
      QuotaStatusWriter quotaStatus,
      DefaultTolerationSeconds defaultTolerationSeconds) {
    return new AdmissionChain(
        List.of(
            new NamespaceLifecycle(store),
            new LimitRanger(store),
            defaultTolerationSeconds,
            new DefaultStorageClass(store),
            new StorageObjectInUseProtection(),
            new PersistentVolumeClaimResize(store),
            new DefaultIngressClass(store),
            new ResourceQuotaAdmission(store, clock, quotaStatus)));
  }

  public List<AdmissionPlugin> plugins() {
    return plugins;
  }

  /** The mutating phase: every plugin in order, each seeing what the previous ones changed. */
  public void admit(Attributes attributes) {
    for (AdmissionPlugin plugin : plugins) {
      plugin.admit(attributes);
    }
  }

  /** The validating phase. */
  public void validate(Attributes attributes) {
    for (AdmissionPlugin plugin : plugins) {
      plugin.validate(attributes);
    }
  }
}

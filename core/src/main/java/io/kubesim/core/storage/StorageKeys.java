package io.kubesim.core.storage;

/**
 * The annotations and finalizers the storage components share (component-helpers storage/volume),
 * one place for every process that binds, provisions or protects volumes.
 */
public final class StorageKeys {
  private StorageKeys() {}

  /** On a claim: the PV controller finished binding it ("yes"). */
  public static final String BIND_COMPLETED = "pv.kubernetes.io/bind-completed";

  /** On a PV or claim: the controller, not the user, set claimRef / volumeName ("yes"). */
  public static final String BOUND_BY_CONTROLLER = "pv.kubernetes.io/bound-by-controller";

  /** On a PV: the provisioner that made it, which deletes it under reclaim policy Delete. */
  public static final String PROVISIONED_BY = "pv.kubernetes.io/provisioned-by";

  /** On a claim: the provisioner that is asked to provision it. */
  public static final String STORAGE_PROVISIONER = "volume.kubernetes.io/storage-provisioner";

  /** The beta spelling of {@link #STORAGE_PROVISIONER}, still written beside it. */
  public static final String BETA_STORAGE_PROVISIONER =
      "volume.beta.kubernetes.io/storage-provisioner";

  /** On a WaitForFirstConsumer claim: the node the scheduler chose for its first pod. */
  public static final String SELECTED_NODE = "volume.kubernetes.io/selected-node";

  /** The legacy storage class annotation, read before spec.storageClassName. */
  public static final String BETA_STORAGE_CLASS = "volume.beta.kubernetes.io/storage-class";

  /** On a StorageClass: the default for claims that name none ("true"). */
  public static final String IS_DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class";

  public static final String BETA_IS_DEFAULT_CLASS =
      "storageclass.beta.kubernetes.io/is-default-class";

  /** Keeps a claim that a pod uses until no pod does. */
  public static final String PVC_PROTECTION = "kubernetes.io/pvc-protection";

  /** Keeps a PV that is Bound until it is not. */
  public static final String PV_PROTECTION = "kubernetes.io/pv-protection";

  /** A StorageClass provisioner that provisions nothing (local static volumes). */
  public static final String NO_PROVISIONER = "kubernetes.io/no-provisioner";

  public static final String WAIT_FOR_FIRST_CONSUMER = "WaitForFirstConsumer";
}

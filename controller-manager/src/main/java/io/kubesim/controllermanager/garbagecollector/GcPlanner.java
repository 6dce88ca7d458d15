package io.kubesim.controllermanager.garbagecollector;

import java.util.ArrayList;
import java.util.List;

/**
 * The garbage collector's decision for one object (pkg/controller/garbagecollector
 * attemptToDeleteItem, processDeletingDependentsItem, orphanDependents), as a pure function of what
 * the object is, what became of each of its owners, and which objects name it as their owner.
 *
 * <ol>
 *   <li>Being deleted with the {@code orphan} finalizer: take our reference out of every dependent,
 *       then drop the finalizer.
 *   <li>Being deleted with {@code foregroundDeletion}: delete every dependent not yet being deleted
 *       (foreground again when it blocks our deletion, so the whole tree goes leaves first); drop
 *       the finalizer once no dependent is left.
 *   <li>Otherwise, by its owners: all gone (verified against the apiserver, not the cache) - delete
 *       it (background); some gone - remove the dangling references; an owner deleting its
 *       dependents in the foreground that we block - delete it in the foreground; else keep it.
 * </ol>
 */
public final class GcPlanner {
  public static final String ORPHAN = "orphan";
  public static final String FOREGROUND = "foregroundDeletion";

  private GcPlanner() {}

  /** What became of one owner. */
  public enum OwnerState {
    PRESENT,
    /** Present, being deleted with foregroundDeletion: its dependents must go first. */
    DELETING_DEPENDENTS,
    ABSENT
  }

  /** One owner reference and its owner's state. */
  public record Owner(String uid, boolean blockOwnerDeletion, OwnerState state) {}

  /** One object that names the item as an owner. */
  public record Dependent(String key, boolean blockOwnerDeletion, boolean deleting) {}

  /**
   * @param deleting the item has a deletionTimestamp
   * @param finalizers its metadata.finalizers
   */
  public record Item(
      boolean deleting, List<String> finalizers, List<Owner> owners, List<Dependent> dependents) {}

  /** How to delete a dependent (DeleteOptions.propagationPolicy). */
  public enum Policy {
    BACKGROUND("Background"),
    FOREGROUND("Foreground");

    private final String wire;

    Policy(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }
  }

  public record DeleteDependent(String key, Policy policy) {}

  /**
   * @param deleteSelf delete the item with this policy, or null
   * @param removeOwners uids of owner references to remove from the item
   * @param deleteDependents dependents to delete
   * @param orphanDependents dependents whose reference to the item is to be removed
   * @param removeFinalizer the finalizer to drop from the item now, or null
   */
  public record Plan(
      Policy deleteSelf,
      List<String> removeOwners,
      List<DeleteDependent> deleteDependents,
      List<String> orphanDependents,
      String removeFinalizer) {
    static Plan nothing() {
      return new Plan(null, List.of(), List.of(), List.of(), null);
    }

    public boolean isEmpty() {
      return equals(nothing());
    }
  }

  public static Plan plan(Item item) {
    if (item.deleting() && item.finalizers().contains(ORPHAN)) {
      List<String> orphan = item.dependents().stream().map(Dependent::key).toList();
      return new Plan(null, List.of(), List.of(), orphan, orphan.isEmpty() ? ORPHAN : null);
    }
    if (item.deleting() && item.finalizers().contains(FOREGROUND)) {
      List<DeleteDependent> deletes = new ArrayList<>();
      for (Dependent d : item.dependents()) {
        if (!d.deleting()) {
          deletes.add(
              new DeleteDependent(
                  d.key(), d.blockOwnerDeletion() ? Policy.FOREGROUND : Policy.BACKGROUND));
        }
      }
      boolean blocked = item.dependents().stream().anyMatch(Dependent::blockOwnerDeletion);
      return new Plan(
          null, List.of(), List.copyOf(deletes), List.of(), blocked ? null : FOREGROUND);
    }
    if (item.owners().isEmpty() || item.deleting()) {
      return Plan.nothing();
    }
    List<String> absent = new ArrayList<>();
    boolean waitingOwnerWeBlock = false;
    for (Owner o : item.owners()) {
      if (o.state() == OwnerState.ABSENT) {
        absent.add(o.uid());
      } else if (o.state() == OwnerState.DELETING_DEPENDENTS && o.blockOwnerDeletion()) {
        waitingOwnerWeBlock = true;
      }
    }
    if (absent.size() == item.owners().size()) {
      return new Plan(Policy.BACKGROUND, List.of(), List.of(), List.of(), null);
    }
    if (waitingOwnerWeBlock) {
      return new Plan(Policy.FOREGROUND, List.of(), List.of(), List.of(), null);
    }
    if (!absent.isEmpty()) {
      return new Plan(null, List.copyOf(absent), List.of(), List.of(), null);
    }
    return Plan.nothing();
  }
}

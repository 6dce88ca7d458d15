package io.kubesim.apiserver.admission;

import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.resource.Resources;
import io.kubesim.apiserver.storage.Store;
import io.kubesim.core.api.ApiException;
import io.kubesim.core.quota.Evaluator;
import io.kubesim.core.quota.Evaluators;
import io.kubesim.core.quota.ResourceList;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * The ResourceQuota plugin (validating phase, last in the chain): a request that would take a
 * namespace past a quota is refused; one that fits is charged to every quota covering it before it
 * is stored, by a write of the quota's status.used.
 *
 * <p>Race-free the way the real plugin is: the charge is a conditional write of the quota, and a
 * quota that changed since it was read (another request charged it) is checked again on its newer
 * usage, so of two creates racing for the last unit the second sees the first's charge and is
 * refused. The store's guaranteed update is that conditional write: the decision runs outside the
 * commit lock and is committed only if the quota is still the one it saw, else made again.
 *
 * <p>Why not a {@link io.kubesim.apiserver.storage.CommitIndex}, as the Service allocator keeps its
 * ports: that would charge in the same commit as the object, so a request failing after admission
 * could not leave a charge behind; but usage is not derived state private to the store, it is the
 * quota's status, which the controller rewrites, kubectl shows and a learner reads, and an index
 * would have to follow every counted kind in every namespace under the commit lock. Charging the
 * quota object keeps one source of truth and the behaviour of a real cluster: a request refused
 * after the charge (its name already taken, say) leaves the quota charged until the resource quota
 * controller recounts it. Dry runs are checked, not charged.
 */
public final class ResourceQuotaAdmission implements AdmissionPlugin {
  private static final ResourceType QUOTAS = Resources.find("", "v1", "resourcequotas").get();

  /** Never counted (pkg/quota/v1/install's ignored resources that kubesim serves). */
  private static final Set<String> IGNORED = Set.of("events", "events.events.k8s.io");

  /** The subresources an evaluator may charge: a claim's allocated size, a pod's resize. */
  private static final Set<String> CHARGED_SUBRESOURCES = Set.of("status", "resize");

  private final Store store;
  private final Clock clock;
  private final QuotaStatusWriter quotaStatus;

  public ResourceQuotaAdmission(Store store, Clock clock, QuotaStatusWriter quotaStatus) {
    this.store = store;
    this.clock = clock;
    this.quotaStatus = quotaStatus;
  }

  @Override
  public String name() {
    return "ResourceQuota";
  }

  @Override
  public void validate(Attributes a) {
    if (!applies(a)) {
      return;
    }
    Evaluator evaluator = Evaluators.forResource(a.resource());
    if (!evaluator.handles(a.operation().name(), a.subresource(), a.object(), a.oldObject())) {
      return;
    }
    List<ObjectNode> quotas = store.list(QUOTAS, a.namespace()).items();
    if (quotas.isEmpty()) {
      return;
    }
    List<QuotaCheck.Charge> charges = QuotaCheck.check(quotas, a, evaluator, clock.instant());
    if (a.dryRun()) {
      return;
    }
    for (QuotaCheck.Charge charge : charges) {
      try {
        quotaStatus.update(
            a.namespace(), charge.quota(), current -> recharge(current, a, evaluator));
      } catch (ApiException e) {
        if (e.code() != 404) {
          throw e; // a quota deleted since it was read no longer limits anything
        }
      }
    }
  }

  /** The charge decided again on the quota as it is now (the first time: as it was read). */
  private ObjectNode recharge(ObjectNode current, Attributes a, Evaluator evaluator) {
    List<QuotaCheck.Charge> again =
        QuotaCheck.check(List.of(current), a, evaluator, clock.instant());
    if (again.isEmpty()) {
      return current;
    }
    ObjectNode status =
        current.get("status") instanceof ObjectNode s ? s : current.putObject("status");
    status.set("used", ResourceList.toJson(again.get(0).used()));
    return current;
  }

  private static boolean applies(Attributes a) {
    if (a.subresource() != null && !CHARGED_SUBRESOURCES.contains(a.subresource())) {
      return false;
    }
    if (!a.type().namespaced() || a.namespace() == null || a.namespace().isEmpty()) {
      return false;
    }
    if (IGNORED.contains(a.resource()) || a.object() == null) {
      return false;
    }
    return a.operation() == Operation.CREATE || a.operation() == Operation.UPDATE;
  }
}

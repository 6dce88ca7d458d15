package io.kubesim.controllermanager.resourcequota;

import io.kubesim.core.process.Settings;
import java.time.Duration;
import java.util.Map;

/**
 * The resource quota controller's settings, from the environment under kube-controller-manager's
 * flag names:
 *
 * <ul>
 *   <li>{@code KUBESIM_RESOURCE_QUOTA_SYNC_PERIOD} ({@code --resource-quota-sync-period}, default
 *       5m, fast profile 30s): how often every quota's usage is recalculated in full;
 *   <li>{@code KUBESIM_CONCURRENT_RESOURCE_QUOTA_SYNCS} ({@code --concurrent-resource-quota-syncs},
 *       default 5): quotas synced at once.
 * </ul>
 */
public record ResourceQuotaConfig(Duration syncPeriod, int workers) {
  public static final ResourceQuotaConfig DEFAULTS =
      new ResourceQuotaConfig(Duration.ofMinutes(5), 5);

  public ResourceQuotaConfig {
    if (syncPeriod.isZero() || syncPeriod.isNegative()) {
      throw new IllegalArgumentException("resource-quota-sync-period must be positive");
    }
  }

  public static ResourceQuotaConfig fromEnv(Map<String, String> env) {
    boolean fast = "fast".equalsIgnoreCase(env.getOrDefault("KUBESIM_PROFILE", ""));
    Duration period =
        Settings.duration(
            env,
            "KUBESIM_RESOURCE_QUOTA_SYNC_PERIOD",
            fast ? Duration.ofSeconds(30) : DEFAULTS.syncPeriod());
    String workers = env.get("KUBESIM_CONCURRENT_RESOURCE_QUOTA_SYNCS");
    return new ResourceQuotaConfig(
        period,
        workers == null || workers.isBlank()
            ? DEFAULTS.workers()
            : Integer.parseInt(workers.trim()));
  }
}

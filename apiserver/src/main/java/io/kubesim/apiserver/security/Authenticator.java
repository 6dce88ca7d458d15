package io.kubesim.apiserver.security;

import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.resource.Resources;
import io.kubesim.apiserver.storage.Store;
import java.time.Clock;
import java.util.function.Supplier;
import tools.jackson.databind.node.ObjectNode;

/**
 * Bearer tokens to users: the admin token, or a service-account token this cluster signed for an
 * account that still exists (same uid), as the real service-account authenticator checks.
 */
public final class Authenticator {
  private final Tokens admin;
  private final Supplier<ServiceAccountTokens> serviceAccounts;
  private final Store store;
  private final Clock clock;
  private final ResourceType accounts = Resources.find("", "v1", "serviceaccounts").orElseThrow();

  public Authenticator(
      Tokens admin, Supplier<ServiceAccountTokens> serviceAccounts, Store store, Clock clock) {
    this.admin = admin;
    this.serviceAccounts = serviceAccounts;
    this.store = store;
    this.clock = clock;
  }

  /** The user an {@code Authorization} header authenticates, or null. */
  public String user(String authorization) {
    String user = admin.authenticate(authorization);
    if (user != null
        || authorization == null
        || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return user;
    }
    String token = authorization.substring(7).trim();
    ServiceAccountTokens.Subject subject = serviceAccounts.get().verify(token, clock.instant());
    if (subject == null) {
      return null;
    }
    ObjectNode account = store.get(accounts, subject.namespace(), subject.name());
    if (account == null
        || !account.path("metadata").path("uid").asString("").equals(subject.uid())) {
      return null;
    }
    return subject.user();
  }
}

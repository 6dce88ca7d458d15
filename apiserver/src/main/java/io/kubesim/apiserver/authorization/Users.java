package io.kubesim.apiserver.authorization;

import java.util.List;

/**
 * The groups a user name belongs to. kubesim knows three kinds of caller: service accounts (by
 * their tokens), the anonymous caller, and everyone else, who is the admin or one of the cluster's
 * own components and is in system:masters, as the admin's client certificate puts a kubeadm admin.
 */
public final class Users {
  public static final String ANONYMOUS = "system:anonymous";
  public static final String MASTERS = "system:masters";
  private static final String SERVICE_ACCOUNT = "system:serviceaccount:";

  private Users() {}

  /** Whether the user is in system:masters, which authorization never restricts. */
  public static boolean privileged(String user) {
    return !user.equals(ANONYMOUS) && !user.startsWith(SERVICE_ACCOUNT);
  }

  public static List<String> groups(String user) {
    if (user.equals(ANONYMOUS)) {
      return List.of("system:unauthenticated");
    }
    if (user.startsWith(SERVICE_ACCOUNT)) {
      String namespace = serviceAccountNamespace(user);
      return List.of(
          "system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated");
    }
    return List.of(MASTERS, "system:authenticated");
  }

  /** The namespace of {@code system:serviceaccount:<namespace>:<name>}, or null. */
  static String serviceAccountNamespace(String user) {
    if (!user.startsWith(SERVICE_ACCOUNT)) {
      return null;
    }
    String rest = user.substring(SERVICE_ACCOUNT.length());
    int colon = rest.indexOf(':');
    return colon < 0 ? null : rest.substring(0, colon);
  }
}

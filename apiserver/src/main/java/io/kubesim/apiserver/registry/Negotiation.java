package io.kubesim.apiserver.registry;

import io.kubesim.apiserver.request.ApiRequest;

/** What representation the client asked for in Accept. */
public final class Negotiation {
  private Negotiation() {}

  /**
   * kubectl get asks {@code application/json;as=Table;v=v1;g=meta.k8s.io,application/json}: the
   * first acceptable entry wins, and we serve Table v1 (and v1beta1 the same way).
   */
  public static boolean wantsTable(ApiRequest request) {
    String accept = request.header("accept");
    if (accept == null) {
      return false;
    }
    for (String entry : accept.split(",")) {
      String e = entry.replace(" ", "");
      if (e.contains("as=Table")) {
        return e.contains("g=meta.k8s.io");
      }
      if (e.startsWith("application/json") || e.startsWith("*/*")) {
        return false;
      }
    }
    return false;
  }

  /** includeObject=None|Metadata|Object for table rows; Metadata is the default. */
  public static String includeObject(ApiRequest request) {
    return request.param("includeObject", "Metadata");
  }
}

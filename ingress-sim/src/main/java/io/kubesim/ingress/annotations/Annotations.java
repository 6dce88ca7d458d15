package io.kubesim.ingress.annotations;

/**
 * What an ingress's nginx.ingress.kubernetes.io/ annotations ask of its locations, as ingress-nginx
 * reads them ({@link AnnotationParser}).
 *
 * @param rewriteTarget rewrite-target: the new URI, with $1..$9 from the path's capture groups;
 *     empty for none
 * @param useRegex use-regex: the paths are regular expressions (rewrite-target implies it)
 * @param sslRedirect ssl-redirect (default true): plain HTTP to a host with a certificate is sent
 *     to https with 308
 * @param forceSslRedirect force-ssl-redirect: to https even without a certificate
 * @param preserveTrailingSlash preserve-trailing-slash: the redirect keeps the URI's last slash
 * @param backendProtocol backend-protocol (HTTP)
 * @param canaryEnabled canary: this ingress's backends are alternatives to another ingress's
 * @param canary the canary's traffic shaping
 * @param allowlist allowlist-source-range (or whitelist-source-range)
 * @param denied why the locations answer 503 (an annotation that could not be parsed), or null
 */
public record Annotations(
    String rewriteTarget,
    boolean useRegex,
    boolean sslRedirect,
    boolean forceSslRedirect,
    boolean preserveTrailingSlash,
    BackendProtocol backendProtocol,
    boolean canaryEnabled,
    Canary canary,
    Allowlist allowlist,
    String denied) {

  /** An ingress without annotations. */
  public static final Annotations DEFAULTS =
      new Annotations(
          "",
          false,
          true,
          false,
          false,
          BackendProtocol.HTTP,
          false,
          Canary.NONE,
          Allowlist.ANY,
          null);

  /**
   * needsRewrite: a target other than the path itself. Such a location is matched as a regular
   * expression, and so is every location of its server.
   */
  public boolean rewrites(String path) {
    return !rewriteTarget.isEmpty() && !rewriteTarget.equals(path);
  }
}

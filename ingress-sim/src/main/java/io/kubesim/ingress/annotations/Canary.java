package io.kubesim.ingress.annotations;

/**
 * An ingress's canary settings (nginx.ingress.kubernetes.io/canary*), ingress-nginx's traffic
 * shaping policy: a request goes to the canary when its header says so ({@code always}, or the
 * header value, or a match of the header pattern), else when its cookie says {@code always}, else
 * with probability weight / weightTotal; {@code never} in the header or cookie keeps it on the main
 * backend.
 *
 * @param weight canary-weight, 0 by default
 * @param weightTotal canary-weight-total, 100 by default; below 100 counts as 100
 * @param header canary-by-header, empty when unset
 * @param headerValue canary-by-header-value, empty when unset
 * @param headerPattern canary-by-header-pattern, empty when unset
 * @param cookie canary-by-cookie, empty when unset
 */
public record Canary(
    int weight,
    int weightTotal,
    String header,
    String headerValue,
    String headerPattern,
    String cookie) {
  public static final Canary NONE = new Canary(0, 100, "", "", "", "");

  /** The draw's range: math.random(total) in balancer.lua, at least 100. */
  public int total() {
    return Math.max(100, weightTotal);
  }
}

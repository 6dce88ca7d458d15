package io.kubesim.ingress.annotations;

import java.util.Locale;

/**
 * nginx.ingress.kubernetes.io/backend-protocol: how the controller talks to the pods. FCGI is
 * accepted as ingress-nginx accepts it, and proxied as HTTP (no FastCGI client here).
 */
public enum BackendProtocol {
  HTTP,
  HTTPS,
  GRPC,
  GRPCS,
  AUTO_HTTP,
  FCGI;

  /**
   * The annotation's value, or null when it is not one of the six (ingress-nginx then uses HTTP).
   */
  public static BackendProtocol parse(String value) {
    if (value == null) {
      return null;
    }
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Whether the connection to the pod is TLS, given the client's scheme (for AUTO_HTTP). */
  public boolean tls(boolean clientTls) {
    return switch (this) {
      case HTTPS, GRPCS -> true;
      case AUTO_HTTP -> clientTls;
      default -> false;
    };
  }

  /** Whether the pod is spoken to in HTTP/2 (grpc_pass). */
  public boolean http2() {
    return this == GRPC || this == GRPCS;
  }
}

package io.kubesim.ingress.model;

import java.util.List;
import java.util.Locale;

/**
 * The names a TLS Secret's certificate is valid for: its DNS subject alternative names and, as
 * ingress-nginx's fallback check reads it, its common name. {@code *.example.com} covers one more
 * label ({@code a.example.com}, not {@code example.com} nor {@code a.b.example.com}).
 */
public record CertificateNames(List<String> dnsNames, String commonName) {
  public CertificateNames {
    dnsNames = List.copyOf(dnsNames);
    commonName = commonName == null ? "" : commonName;
  }

  public boolean covers(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    for (String name : dnsNames) {
      if (matches(name, h)) {
        return true;
      }
    }
    return !commonName.isEmpty() && matches(commonName, h);
  }

  static boolean matches(String pattern, String host) {
    String p = pattern.toLowerCase(Locale.ROOT);
    if (p.startsWith("*.")) {
      int dot = host.indexOf('.');
      return dot > 0 && host.substring(dot).equals(p.substring(1));
    }
    return p.equals(host);
  }
}

package io.kubesim.ingress.tls;

import io.kubesim.ingress.model.CertificateNames;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/** A certificate chain and its key, as a TLS Secret holds them, and the names it covers. */
public record TlsCertificate(List<X509Certificate> chain, PrivateKey key, CertificateNames names) {
  public TlsCertificate {
    chain = List.copyOf(chain);
  }

  public static TlsCertificate of(List<X509Certificate> chain, PrivateKey key) {
    X509Certificate leaf = chain.get(0);
    return new TlsCertificate(chain, key, new CertificateNames(dnsNames(leaf), commonName(leaf)));
  }

  public X509Certificate leaf() {
    return chain.get(0);
  }

  private static List<String> dnsNames(X509Certificate cert) {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> sans = cert.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          // 2: dNSName
          if (san.size() == 2 && Integer.valueOf(2).equals(san.get(0))) {
            names.add(String.valueOf(san.get(1)));
          }
        }
      }
    } catch (CertificateParsingException e) {
      // no names from a malformed extension
    }
    return names;
  }

  private static String commonName(X509Certificate cert) {
    String dn = cert.getSubjectX500Principal().getName(X500Principal.RFC2253);
    for (String part : dn.split("(?<!\\\\),")) {
      if (part.startsWith("CN=")) {
        return part.substring(3);
      }
    }
    return "";
  }
}

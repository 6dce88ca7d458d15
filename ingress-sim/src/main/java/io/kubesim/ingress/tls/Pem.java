package io.kubesim.ingress.tls;

import java.io.IOException;
import java.io.StringReader;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The certificate and key of a {@code kubernetes.io/tls} Secret ({@code tls.crt}, {@code tls.key}
 * in PEM): certificates in chain order, the key as PKCS#1, SEC1 (EC) or PKCS#8.
 */
public final class Pem {
  private Pem() {}

  /** Thrown when the Secret holds no usable certificate and key; the message says why. */
  public static final class InvalidCertificate extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidCertificate(String message) {
      super(message);
    }
  }

  public static TlsCertificate parse(String certificatePem, String keyPem)
      throws InvalidCertificate {
    List<X509Certificate> chain = new ArrayList<>();
    PrivateKey key = null;
    JcaX509CertificateConverter certs = new JcaX509CertificateConverter();
    JcaPEMKeyConverter keys = new JcaPEMKeyConverter();
    try (PEMParser parser = new PEMParser(new StringReader(certificatePem))) {
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (o instanceof X509CertificateHolder holder) {
          chain.add(certs.getCertificate(holder));
        }
      }
    } catch (IOException | CertificateException e) {
      throw new InvalidCertificate("no valid PEM formatted block found: " + e.getMessage());
    }
    try (PEMParser parser = new PEMParser(new StringReader(keyPem))) {
      for (Object o = parser.readObject(); o != null && key == null; o = parser.readObject()) {
        if (o instanceof PEMKeyPair pair) {
          key = keys.getKeyPair(pair).getPrivate();
        } else if (o instanceof PrivateKeyInfo info) {
          key = keys.getPrivateKey(info);
        }
      }
    } catch (IOException e) {
      throw new InvalidCertificate("no valid PEM formatted private key found: " + e.getMessage());
    }
    if (chain.isEmpty()) {
      throw new InvalidCertificate("no certificate in tls.crt");
    }
    if (key == null) {
      throw new InvalidCertificate("no private key in tls.key");
    }
    return TlsCertificate.of(chain, key);
  }
}

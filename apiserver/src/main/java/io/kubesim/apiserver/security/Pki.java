package io.kubesim.apiserver.security;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The cluster's certificates, made on first start and kept in {@code <data>/pki} like kubeadm's
 * {@code /etc/kubernetes/pki}: a CA ({@code ca.crt}, {@code ca.key}) and the apiserver's serving
 * certificate ({@code apiserver.crt}, {@code apiserver.key}) for the names clients use. A later
 * start reuses them, so kubeconfigs written before stay valid.
 */
public final class Pki {
  /** Validity as kubeadm: 10 years for the CA, 1 year for the serving certificate. */
  private static final Duration CA_VALIDITY = Duration.ofDays(3650);

  private static final Duration SERVING_VALIDITY = Duration.ofDays(365);

  private final Path dir;

  private Pki(Path dir) {
    this.dir = dir;
  }

  public Path caCert() {
    return dir.resolve("ca.crt");
  }

  public Path servingCert() {
    return dir.resolve("apiserver.crt");
  }

  public Path servingKey() {
    return dir.resolve("apiserver.key");
  }

  /** Opens the pki directory, making the CA and serving certificate when they are missing. */
  public static Pki ensure(Path dir, List<String> extraNames) {
    Pki pki = new Pki(dir);
    if (Files.exists(pki.caCert()) && Files.exists(pki.servingCert())) {
      return pki;
    }
    try {
      Files.createDirectories(dir);
      KeyPair ca = newKeyPair();
      X509Certificate caCert = caCertificate(ca);
      KeyPair serving = newKeyPair();
      X509Certificate servingCert = servingCertificate(serving, ca, caCert, names(extraNames));
      write(dir.resolve("ca.key"), pem(ca.getPrivate()));
      write(pki.caCert(), pem(caCert));
      write(pki.servingKey(), pem(serving.getPrivate()));
      write(pki.servingCert(), pem(servingCert));
      return pki;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot make the cluster certificates", e);
    }
  }

  /** The names in the serving certificate: what kubeadm puts there, plus this host's. */
  static Set<String> names(List<String> extra) {
    Set<String> names = new LinkedHashSet<>();
    names.add("localhost");
    names.add("127.0.0.1");
    names.add("kubernetes");
    names.add("kubernetes.default");
    names.add("kubernetes.default.svc");
    names.add("kubernetes.default.svc.cluster.local");
    names.add("10.96.0.1");
    names.add("apiserver");
    try {
      names.add(InetAddress.getLocalHost().getHostName());
    } catch (UnknownHostException e) {
      // no host name: the fixed names still work on loopback
    }
    names.addAll(extra);
    return names;
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256, new SecureRandom());
    return generator.generateKeyPair();
  }

  private static X509Certificate caCertificate(KeyPair ca)
      throws GeneralSecurityException, OperatorCreationException, IOException {
    X500Name subject = new X500Name("CN=kubernetes");
    Instant now = Instant.now();
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            subject,
            serial(),
            Date.from(now.minusSeconds(60)),
            Date.from(now.plus(CA_VALIDITY)),
            subject,
            ca.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    builder.addExtension(
        Extension.keyUsage,
        true,
        new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
    return sign(builder, ca.getPrivate());
  }

  private static X509Certificate servingCertificate(
      KeyPair serving, KeyPair ca, X509Certificate caCert, Set<String> names)
      throws GeneralSecurityException, OperatorCreationException, IOException {
    Instant now = Instant.now();
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            caCert,
            serial(),
            Date.from(now.minusSeconds(60)),
            Date.from(now.plus(SERVING_VALIDITY)),
            new X500Name("CN=kube-apiserver"),
            serving.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(
        Extension.keyUsage,
        true,
        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
    builder.addExtension(
        Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    List<GeneralName> alt = new ArrayList<>();
    for (String name : names) {
      boolean ip = name.matches("[0-9.]+") || name.contains(":");
      alt.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, name));
    }
    builder.addExtension(
        Extension.subjectAlternativeName, false, new GeneralNames(alt.toArray(GeneralName[]::new)));
    return sign(builder, ca.getPrivate());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
      throws GeneralSecurityException, OperatorCreationException {
    ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key);
    return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
  }

  private static BigInteger serial() {
    return new BigInteger(63, new SecureRandom());
  }

  /** PEM text; private keys as PKCS#8 ("PRIVATE KEY"), which every TLS stack reads. */
  private static String pem(Object object) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      if (object instanceof PrivateKey key) {
        writer.writeObject(new JcaPKCS8Generator(key, null));
      } else {
        writer.writeObject(object);
      }
    }
    return out.toString();
  }

  private static void write(Path file, String content) throws IOException {
    Files.writeString(file, content);
    if (file.toString().endsWith(".key")) {
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: permissions are the platform's
      }
    }
  }
}

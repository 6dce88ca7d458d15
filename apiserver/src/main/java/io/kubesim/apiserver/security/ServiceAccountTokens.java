package io.kubesim.apiserver.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Bound service-account tokens, as the TokenRequest API issues them: RS256 JWTs with the claims
 * kube-apiserver writes (iss, sub, aud, exp, iat, nbf, jti and the {@code kubernetes.io} block
 * naming the namespace and the service account's name and uid). The signing key is made on first
 * start and kept as {@code <pki>/sa.jwk}, so tokens survive a restart.
 */
public final class ServiceAccountTokens {
  /** The issuer and default audience of a kubeadm cluster. */
  public static final String ISSUER = "https://kubernetes.default.svc.cluster.local";

  private final RSAKey key;
  private final RSASSAVerifier verifier;

  private ServiceAccountTokens(RSAKey key) {
    this.key = key;
    try {
      this.verifier = new RSASSAVerifier(key.toRSAPublicKey());
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads the signing key from {@code file}, making it when missing. */
  public static ServiceAccountTokens ensure(Path file) {
    try {
      if (Files.exists(file)) {
        return new ServiceAccountTokens(RSAKey.parse(Files.readString(file)));
      }
      RSAKey key = generate();
      Files.createDirectories(file.getParent());
      Files.writeString(file, key.toJSONString());
      return new ServiceAccountTokens(key);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ParseException e) {
      throw new IllegalStateException("unreadable service account key " + file, e);
    }
  }

  /** A key that lives as long as the process (servers without a data directory, tests). */
  public static ServiceAccountTokens ephemeral() {
    return new ServiceAccountTokens(generate());
  }

  private static RSAKey generate() {
    try {
      return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Who a token speaks for. */
  public record Subject(String namespace, String name, String uid) {
    public String user() {
      return "system:serviceaccount:" + namespace + ":" + name;
    }
  }

  /** Signs a token for the service account, valid from {@code now} for {@code seconds}. */
  public String issue(Subject account, List<String> audiences, Instant now, long seconds) {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .subject(account.user())
            .audience(audiences)
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(seconds)))
            .jwtID(UUID.randomUUID().toString())
            .claim(
                "kubernetes.io",
                Map.of(
                    "namespace",
                    account.namespace(),
                    "serviceaccount",
                    Map.of("name", account.name(), "uid", account.uid())))
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
    try {
      jwt.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  /**
   * The subject of a token this cluster signed for the default audience and that is valid at {@code
   * now}; null for anything else (the caller gets 401, as for any bad token).
   */
  public Subject verify(String token, Instant now) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!jwt.verify(verifier)) {
        return null;
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      Date exp = claims.getExpirationTime();
      Date nbf = claims.getNotBeforeTime();
      if (!ISSUER.equals(claims.getIssuer())
          || claims.getAudience() == null
          || !claims.getAudience().contains(ISSUER)
          || exp == null
          || !now.isBefore(exp.toInstant())
          || (nbf != null && now.isBefore(nbf.toInstant()))) {
        return null;
      }
      Map<String, Object> k8s = claims.getJSONObjectClaim("kubernetes.io");
      if (k8s == null || !(k8s.get("serviceaccount") instanceof Map<?, ?> account)) {
        return null;
      }
      return new Subject(
          String.valueOf(k8s.get("namespace")),
          String.valueOf(account.get("name")),
          String.valueOf(account.get("uid")));
    } catch (ParseException | JOSEException | RuntimeException e) {
      return null;
    }
  }
}

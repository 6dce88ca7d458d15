package io.kubesim.apiserver.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Bearer-token authentication with one admin token, made on first start and kept in {@code
 * <data>/pki/admin.token} (like a static token file). The comparison is constant-time.
 */
public final class Tokens {
  public static final String ADMIN_USER = "kubernetes-admin";

  private final byte[] admin;
  private final String adminToken;

  private Tokens(String adminToken) {
    this.adminToken = adminToken;
    this.admin = adminToken.getBytes(StandardCharsets.UTF_8);
  }

  public static Tokens ensure(Path file) {
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.getParent());
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        Files.writeString(file, HexFormat.of().formatHex(random) + "\n");
      }
      return new Tokens(Files.readString(file).trim());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String adminToken() {
    return adminToken;
  }

  /** The user an {@code Authorization} header authenticates, or null. */
  public String authenticate(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, admin) ? ADMIN_USER : null;
  }
}

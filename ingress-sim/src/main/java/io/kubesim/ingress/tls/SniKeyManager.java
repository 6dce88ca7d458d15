package io.kubesim.ingress.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The certificate a TLS handshake gets, as ingress-nginx's Lua certificate phase picks it: the
 * server name the client indicates (SNI), looked up among the hosts that have a certificate, then
 * as a wildcard ({@code a.example.com} tries {@code *.example.com}); otherwise, and without SNI,
 * the default fake certificate. The table is swapped whole on each sync; handshakes in flight keep
 * the one they started with.
 */
public final class SniKeyManager extends X509ExtendedKeyManager {
  static final String DEFAULT_ALIAS = "default";

  private final TlsCertificate fallback;
  private volatile Map<String, TlsCertificate> byHost = Map.of();

  public SniKeyManager(TlsCertificate fallback) {
    this.fallback = fallback;
  }

  /** The certificate of each host name that has one (a wildcard host as {@code *.domain}). */
  public void update(Map<String, TlsCertificate> hosts) {
    Map<String, TlsCertificate> lower = new java.util.HashMap<>();
    hosts.forEach((h, c) -> lower.put(h.toLowerCase(Locale.ROOT), c));
    byHost = Map.copyOf(lower);
  }

  public TlsCertificate fallback() {
    return fallback;
  }

  /** The alias (a host name, or the default's) whose certificate serves {@code serverName}. */
  public String aliasFor(String serverName) {
    if (serverName == null || serverName.isEmpty()) {
      return DEFAULT_ALIAS;
    }
    Map<String, TlsCertificate> hosts = byHost;
    String name = serverName.toLowerCase(Locale.ROOT);
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    if (hosts.containsKey(name)) {
      return name;
    }
    int dot = name.indexOf('.');
    if (dot > 0 && hosts.containsKey("*" + name.substring(dot))) {
      return "*" + name.substring(dot);
    }
    return DEFAULT_ALIAS;
  }

  private TlsCertificate certificate(String alias) {
    TlsCertificate c = alias == null ? null : byHost.get(alias);
    return c == null ? fallback : c;
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    String alias = aliasFor(serverName(engine == null ? null : engine.getHandshakeSession()));
    return fits(certificate(alias), keyType) ? alias : null;
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return fits(fallback, keyType) ? DEFAULT_ALIAS : null;
  }

  /** RSA keys serve the RSA and RSASSA-PSS requests, EC keys the EC ones. */
  private static boolean fits(TlsCertificate c, String keyType) {
    String algorithm = c.key().getAlgorithm();
    if (algorithm.equals("RSA")) {
      return keyType.equals("RSA") || keyType.equals("RSASSA-PSS");
    }
    return algorithm.equals(keyType) || (algorithm.equals("EC") && keyType.startsWith("EC"));
  }

  private static String serverName(SSLSession session) {
    if (session instanceof ExtendedSSLSession extended) {
      List<SNIServerName> names = extended.getRequestedServerNames();
      for (SNIServerName n : names) {
        if (n instanceof SNIHostName host) {
          return host.getAsciiName();
        }
      }
    }
    return null;
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return certificate(alias).chain().toArray(new X509Certificate[0]);
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return certificate(alias).key();
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return new String[] {DEFAULT_ALIAS};
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return new String[0];
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }
}

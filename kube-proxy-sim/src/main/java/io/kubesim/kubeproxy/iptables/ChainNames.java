package io.kubesim.kubeproxy.iptables;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * kube-proxy's chain names: a prefix and the first 16 characters of the base32 (RFC 4648 alphabet)
 * encoding of the SHA-256 of the service port name ({@code default/web:http}, or {@code
 * default/web} for an unnamed port) and the lower-case protocol; endpoint chains add the endpoint
 * ({@code 10.244.1.5:8080}). iptables chain names are at most 28 characters, so the hash is cut.
 */
public final class ChainNames {
  public static final String CLUSTER_POLICY = "KUBE-SVC-";
  public static final String LOCAL_POLICY = "KUBE-SVL-";
  public static final String EXTERNAL = "KUBE-EXT-";
  public static final String FIREWALL = "KUBE-FW-";
  public static final String ENDPOINT = "KUBE-SEP-";

  private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
          });

  private ChainNames() {}

  /** The 16-character hash shared by a service port's SVC, SVL, EXT and FW chains. */
  public static String portProtoHash(String servicePortName, String protocol) {
    return hash(servicePortName, protocol, "");
  }

  /** KUBE-SEP-... for one endpoint of a service port. */
  public static String endpointChain(String servicePortName, String protocol, String endpoint) {
    return ENDPOINT + hash(servicePortName, protocol, endpoint);
  }

  /**
   * The hash of the three texts one after the other; its first 10 bytes give exactly the first 16
   * base32 characters (80 bits).
   */
  private static String hash(String servicePortName, String protocol, String endpoint) {
    MessageDigest sha256 = SHA256.get();
    sha256.update(servicePortName.getBytes(StandardCharsets.UTF_8));
    sha256.update(protocol.getBytes(StandardCharsets.US_ASCII));
    sha256.update(endpoint.getBytes(StandardCharsets.US_ASCII));
    byte[] digest = sha256.digest();
    char[] out = new char[16];
    long bits = 0;
    int count = 0;
    int at = 0;
    for (int i = 0; i < 10; i++) {
      bits = (bits << 8) | (digest[i] & 0xff);
      count += 8;
      while (count >= 5) {
        count -= 5;
        out[at++] = BASE32[(int) (bits >>> count) & 31];
      }
    }
    return new String(out);
  }
}

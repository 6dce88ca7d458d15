package io.kubesim.kubelet.runtime;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/** Image references as containerd reports them, and fake but stable digests and sizes. */
public final class Images {

  private Images() {}

  /** The tag of a reference; {@code latest} when it has none (a digest counts as a tag). */
  public static String tag(String image) {
    if (image.contains("@")) {
      return image.substring(image.indexOf('@') + 1);
    }
    int slash = image.lastIndexOf('/');
    int colon = image.lastIndexOf(':');
    return colon > slash ? image.substring(colon + 1) : "latest";
  }

  /** {@code nginx:1.27} is reported as {@code docker.io/library/nginx:1.27}. */
  public static String normalize(String image) {
    String name = image;
    String first = name.contains("/") ? name.substring(0, name.indexOf('/')) : "";
    boolean hasRegistry = first.contains(".") || first.contains(":") || first.equals("localhost");
    if (!hasRegistry) {
      name = (name.contains("/") ? "docker.io/" : "docker.io/library/") + name;
    }
    int slash = name.lastIndexOf('/');
    if (!name.contains("@") && name.lastIndexOf(':') < slash) {
      name = name + ":latest";
    }
    return name;
  }

  /** {@code docker.io/library/nginx@sha256:...}, the same for the same image everywhere. */
  public static String imageId(String image) {
    String normalized = normalize(image);
    String repo =
        normalized.contains("@")
            ? normalized.substring(0, normalized.indexOf('@'))
            : normalized.substring(0, normalized.lastIndexOf(':'));
    return repo + "@sha256:" + sha256(normalized);
  }

  /** A plausible compressed size in bytes, between 2 MB and 200 MB. */
  public static long size(String image) {
    return 2_000_000L + Long.parseLong(sha256(normalize(image)).substring(0, 8), 16) % 198_000_000L;
  }

  public static String sha256(String text) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(d.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Go's {@code time.Duration.String()} for the durations a pull takes: 1.2s, 500ms, 1m30s. */
  public static String goDuration(Duration d) {
    long millis = d.toMillis();
    if (millis < 1000) {
      return millis + "ms";
    }
    long minutes = d.toMinutes();
    java.math.BigDecimal seconds =
        java.math.BigDecimal.valueOf(millis - minutes * 60_000, 3).stripTrailingZeros();
    String s = seconds.scale() < 0 ? seconds.setScale(0).toPlainString() : seconds.toPlainString();
    return (minutes > 0 ? minutes + "m" : "") + s + "s";
  }
}

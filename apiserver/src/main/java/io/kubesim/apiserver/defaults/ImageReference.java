package io.kubesim.apiserver.defaults;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tag of a container image reference, read the way kubelet's parsers.ParseImageName reads it
 * (docker reference grammar): an optional registry host, lower-case path components, an optional
 * {@code :tag} and an optional {@code @digest}.
 */
final class ImageReference {
  private ImageReference() {}

  private static final String DOMAIN_PART = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final String DOMAIN =
      "(?:" + DOMAIN_PART + "(?:\\." + DOMAIN_PART + ")*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?";
  private static final String PATH_PART = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
  private static final String TAG = "[\\w][\\w.-]{0,127}";
  private static final String DIGEST =
      "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";

  private static final Pattern REFERENCE =
      Pattern.compile(
          "(?:"
              + DOMAIN
              + "/)?"
              + PATH_PART
              + "(?:/"
              + PATH_PART
              + ")*"
              + "(?::(?<tag>"
              + TAG
              + "))?"
              + "(?:@(?<digest>"
              + DIGEST
              + "))?");

  /**
   * The tag; {@code latest} when the reference has neither tag nor digest; "" when it has only a
   * digest or does not parse.
   */
  static String tag(String image) {
    if (image == null || image.isEmpty()) {
      return "";
    }
    Matcher matcher = REFERENCE.matcher(image);
    if (!matcher.matches()) {
      return "";
    }
    String tag = matcher.group("tag");
    if (tag != null) {
      return tag;
    }
    return matcher.group("digest") == null ? "latest" : "";
  }
}

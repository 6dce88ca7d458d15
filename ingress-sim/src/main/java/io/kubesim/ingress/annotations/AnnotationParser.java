package io.kubesim.ingress.annotations;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads an ingress's nginx.ingress.kubernetes.io/ annotations as ingress-nginx's parsers do: a
 * value that does not parse (a bool that is not Go's, a number that is not one) is ignored with a
 * warning and the default is used; an allowlist that does not parse denies the ingress's locations
 * (503), as ingress-nginx's "location denied" does; canary settings without canary: "true" are an
 * error and the canary is off.
 */
public final class AnnotationParser {
  public static final String PREFIX = "nginx.ingress.kubernetes.io/";

  private AnnotationParser() {}

  /** The parsed annotations and what was wrong with them. */
  public record Result(Annotations annotations, List<String> warnings) {}

  public static Result parse(Map<String, String> annotations) {
    Map<String, String> a = annotations == null ? Map.of() : annotations;
    List<String> warnings = new ArrayList<>();
    Annotations d = Annotations.DEFAULTS;

    String rewriteTarget = string(a, "rewrite-target");
    boolean useRegex = bool(a, "use-regex", false, warnings);
    boolean sslRedirect = bool(a, "ssl-redirect", d.sslRedirect(), warnings);
    boolean forceSslRedirect = bool(a, "force-ssl-redirect", false, warnings);
    boolean preserveTrailingSlash = bool(a, "preserve-trailing-slash", false, warnings);

    BackendProtocol protocol = BackendProtocol.HTTP;
    String protocolText = a.get(PREFIX + "backend-protocol");
    if (protocolText != null) {
      BackendProtocol parsed = BackendProtocol.parse(protocolText);
      if (parsed == null) {
        warnings.add(
            "backend-protocol: invalid value \"" + protocolText + "\", using the default HTTP");
      } else {
        protocol = parsed;
      }
    }

    boolean canaryEnabled = bool(a, "canary", false, warnings);
    Canary canary =
        new Canary(
            integer(a, "canary-weight", 0, warnings),
            integer(a, "canary-weight-total", 100, warnings),
            string(a, "canary-by-header"),
            string(a, "canary-by-header-value"),
            string(a, "canary-by-header-pattern"),
            string(a, "canary-by-cookie"));
    if (!canaryEnabled && !canary.equals(Canary.NONE) && configured(canary)) {
      warnings.add("canary: configured but not enabled");
      canary = Canary.NONE;
    }

    Allowlist allowlist = Allowlist.ANY;
    String denied = null;
    String ranges = a.get(PREFIX + "allowlist-source-range");
    if (ranges == null) {
      ranges = a.get(PREFIX + "whitelist-source-range");
    }
    if (ranges != null) {
      try {
        allowlist = Allowlist.parse(ranges);
      } catch (IllegalArgumentException e) {
        denied =
            "the annotation allowlist-source-range does not contain a valid IP address or"
                + " network: "
                + e.getMessage();
      }
    }
    return new Result(
        new Annotations(
            rewriteTarget,
            useRegex,
            sslRedirect,
            forceSslRedirect,
            preserveTrailingSlash,
            protocol,
            canaryEnabled,
            canaryEnabled ? canary : Canary.NONE,
            allowlist,
            denied),
        List.copyOf(warnings));
  }

  private static boolean configured(Canary c) {
    return c.weight() > 0
        || !c.header().isEmpty()
        || !c.headerValue().isEmpty()
        || !c.headerPattern().isEmpty()
        || !c.cookie().isEmpty();
  }

  private static String string(Map<String, String> a, String name) {
    String value = a.get(PREFIX + name);
    return value == null ? "" : value.trim();
  }

  /** Go's strconv.ParseBool. */
  private static boolean bool(
      Map<String, String> a, String name, boolean fallback, List<String> warnings) {
    String value = a.get(PREFIX + name);
    if (value == null) {
      return fallback;
    }
    switch (value) {
      case "1", "t", "T", "TRUE", "true", "True":
        return true;
      case "0", "f", "F", "FALSE", "false", "False":
        return false;
      default:
        warnings.add(name + ": invalid boolean \"" + value + "\", using the default " + fallback);
        return fallback;
    }
  }

  private static int integer(
      Map<String, String> a, String name, int fallback, List<String> warnings) {
    String value = a.get(PREFIX + name);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      warnings.add(name + ": invalid number \"" + value + "\", using the default " + fallback);
      return fallback;
    }
  }
}

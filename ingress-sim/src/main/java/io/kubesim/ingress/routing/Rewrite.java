package io.kubesim.ingress.routing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rewrite directive ingress-nginx writes for rewrite-target: {@code rewrite "(?i)<path>"
 * <target> break;}. When the path's expression is found in $uri, the whole URI becomes the target
 * with {@code $1}..{@code $9} (and named groups, {@code $name}) replaced by the captures; the
 * request's arguments follow, after the target's own when it has some, unless the target ends with
 * {@code ?}.
 *
 * <p>Example: path {@code /something(/|$)(.*)}, target {@code /$2}: {@code /something/new?x=1}
 * becomes {@code /new?x=1}, {@code /something} becomes {@code /}.
 */
public final class Rewrite {
  private static final Pattern VARIABLE =
      Pattern.compile("\\$(\\d|\\{\\d}|[A-Za-z_][A-Za-z0-9_]*)");

  private final Pattern pattern;
  private final String target;

  public Rewrite(String path, String target) {
    this.pattern = Pattern.compile("(?i)" + path);
    this.target = target;
  }

  /**
   * The URI to send upstream ({@code path?args}, escaped), or null when the expression is not found
   * (the URI stays as the client sent it).
   */
  public String apply(String uri, String query) {
    Matcher m = pattern.matcher(uri);
    if (!m.find()) {
      return null;
    }
    String replaced = substitute(m);
    String path = replaced;
    String args = query;
    int q = replaced.indexOf('?');
    if (q >= 0) {
      path = replaced.substring(0, q);
      String own = replaced.substring(q + 1);
      if (replaced.endsWith("?")) {
        args = own.isEmpty() ? null : own.substring(0, own.length() - 1);
        args = args == null || args.isEmpty() ? null : args;
      } else {
        args = query == null || query.isEmpty() ? own : own + "&" + query;
      }
    }
    String escaped = Uris.escape(path.isEmpty() ? "/" : path);
    return args == null || args.isEmpty() ? escaped : escaped + "?" + args;
  }

  private String substitute(Matcher m) {
    Matcher v = VARIABLE.matcher(target);
    StringBuilder out = new StringBuilder();
    int last = 0;
    while (v.find()) {
      out.append(target, last, v.start());
      String name = v.group(1).replace("{", "").replace("}", "");
      String value;
      if (Character.isDigit(name.charAt(0))) {
        int group = Integer.parseInt(name);
        value = group <= m.groupCount() && m.group(group) != null ? m.group(group) : "";
      } else {
        value = named(m, name, v.group());
      }
      out.append(value);
      last = v.end();
    }
    out.append(target.substring(last));
    return out.toString();
  }

  /** A named capture's value; a name that is no group (an nginx variable) is left as written. */
  private static String named(Matcher m, String name, String literal) {
    try {
      String value = m.group(name);
      return value == null ? "" : value;
    } catch (IllegalArgumentException notAGroup) {
      return literal;
    }
  }
}

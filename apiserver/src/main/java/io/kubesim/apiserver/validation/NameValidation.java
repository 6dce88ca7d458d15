package io.kubesim.apiserver.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The name rules of k8s.io/apimachinery/pkg/util/validation, with their exact messages. */
public final class NameValidation {
  private static final String LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final Pattern DNS1123_LABEL = Pattern.compile(LABEL);
  private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(LABEL + "(\\." + LABEL + ")*");
  private static final Pattern DNS1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");

  /** Which rule a kind's names follow. */
  public enum Rule {
    SUBDOMAIN,
    LABEL,
    DNS1035,
    /**
     * path.IsValidPathSegmentName: what RBAC names follow ({@code system:controller:x} is fine).
     */
    PATH_SEGMENT
  }

  private NameValidation() {}

  /** Error details (empty when valid), as the Go validators return them. */
  public static List<String> check(Rule rule, String name) {
    List<String> errors = new ArrayList<>();
    switch (rule) {
      case SUBDOMAIN -> {
        if (name.length() > 253) {
          errors.add("must be no more than 253 characters");
        }
        if (!DNS1123_SUBDOMAIN.matcher(name).matches()) {
          errors.add(
              "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters,"
                  + " '-' or '.', and must start and end with an alphanumeric character (e.g."
                  + " 'example.com', regex used for validation is '"
                  + DNS1123_SUBDOMAIN.pattern()
                  + "')");
        }
      }
      case LABEL -> {
        if (name.length() > 63) {
          errors.add("must be no more than 63 characters");
        }
        if (!DNS1123_LABEL.matcher(name).matches()) {
          errors.add(
              "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or"
                  + " '-', and must start and end with an alphanumeric character (e.g. 'my-name', "
                  + " or '123-abc', regex used for validation is '"
                  + LABEL
                  + "')");
        }
      }
      case DNS1035 -> {
        if (name.length() > 63) {
          errors.add("must be no more than 63 characters");
        }
        if (!DNS1035_LABEL.matcher(name).matches()) {
          errors.add(
              "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start"
                  + " with an alphabetic character, and end with an alphanumeric character (e.g."
                  + " 'my-name',  or 'abc-123', regex used for validation is '"
                  + DNS1035_LABEL.pattern()
                  + "')");
        }
      }
      case PATH_SEGMENT -> {
        if (name.equals(".") || name.equals("..")) {
          errors.add("may not be '" + name + "'");
        }
        for (String bad : new String[] {"/", "%"}) {
          if (name.contains(bad)) {
            errors.add("may not contain '" + bad + "'");
          }
        }
      }
      default -> throw new IllegalStateException();
    }
    return errors;
  }
}

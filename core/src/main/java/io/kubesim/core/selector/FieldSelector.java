package io.kubesim.core.selector;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A Kubernetes field selector ({@code ?fieldSelector=}): an AND of {@code field=value} and {@code
 * field!=value} terms. Immutable. Behaviour follows apimachinery's pkg/fields: terms are split on
 * unescaped commas and sorted, values may be empty, and {@code \,} {@code \=} {@code \\} escape the
 * special characters inside a value.
 */
public final class FieldSelector {

  /** One term; {@code operator} is "=" or "!=" ("==" is normalised to "="). */
  public record Requirement(String field, String operator, String value) {
    boolean matches(Function<String, String> valueOf) {
      String actual = valueOf.apply(field);
      if (actual == null) {
        actual = "";
      }
      return "=".equals(operator) ? actual.equals(value) : !actual.equals(value);
    }

    @Override
    public String toString() {
      return field + operator + escapeValue(value);
    }
  }

  private static final FieldSelector EVERYTHING = new FieldSelector(List.of());

  private final List<Requirement> requirements;

  private FieldSelector(List<Requirement> requirements) {
    this.requirements = List.copyOf(requirements);
  }

  /** The selector that selects every object. */
  public static FieldSelector everything() {
    return EVERYTHING;
  }

  /**
   * Parses {@code a=b,c!=d,e==f}. The empty string selects everything.
   *
   * @throws SelectorException with apimachinery's message for a term without an operator or a bad
   *     escape
   */
  public static FieldSelector parse(String text) {
    if (text == null || text.isEmpty()) {
      return EVERYTHING;
    }
    List<String> terms = splitTerms(text);
    terms.sort(null); // Go sorts the raw terms before interpreting them
    List<Requirement> reqs = new ArrayList<>();
    for (String term : terms) {
      if (term.isEmpty()) {
        continue;
      }
      int at = -1;
      String op = null;
      for (int i = 0; i < term.length() && op == null; i++) {
        if (term.startsWith("!=", i)) {
          op = "!=";
        } else if (term.startsWith("==", i)) {
          op = "==";
        } else if (term.startsWith("=", i)) {
          op = "=";
        }
        at = i;
      }
      if (op == null) {
        throw new SelectorException(
            "invalid selector: '" + text + "'; can't understand '" + term + "'");
      }
      String field = term.substring(0, at);
      String value = unescapeValue(term.substring(at + op.length()));
      reqs.add(new Requirement(field, op.equals("!=") ? "!=" : "=", value));
    }
    return reqs.isEmpty() ? EVERYTHING : new FieldSelector(reqs);
  }

  /** The terms, in the order Go keeps them (sorted by their raw text). */
  public List<Requirement> requirements() {
    return requirements;
  }

  /**
   * Whether every term holds.
   *
   * @param valueOf the object's value for a field name, "" (or null) when it has none
   */
  public boolean matches(Function<String, String> valueOf) {
    for (Requirement r : requirements) {
      if (!r.matches(valueOf)) {
        return false;
      }
    }
    return true;
  }

  /** Whether this selector selects everything. */
  public boolean empty() {
    return requirements.isEmpty();
  }

  /** The value this selector requires for {@code field} with "=", or null when there is none. */
  public String requiredValue(String field) {
    for (Requirement r : requirements) {
      if (r.field().equals(field) && r.operator().equals("=")) {
        return r.value();
      }
    }
    return null;
  }

  /** Go's {@code Selector.String()}: terms joined with ",", values re-escaped. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Requirement r : requirements) {
      if (!sb.isEmpty()) {
        sb.append(',');
      }
      sb.append(r);
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldSelector other && requirements.equals(other.requirements);
  }

  @Override
  public int hashCode() {
    return requirements.hashCode();
  }

  /** Splits on commas that are not escaped by a backslash. */
  private static List<String> splitTerms(String text) {
    List<String> terms = new ArrayList<>();
    int start = 0;
    boolean inSlash = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inSlash) {
        inSlash = false;
      } else if (c == '\\') {
        inSlash = true;
      } else if (c == ',') {
        terms.add(text.substring(start, i));
        start = i + 1;
      }
    }
    terms.add(text.substring(start));
    return terms;
  }

  /** Escapes {@code \ , =} in a value so that it can be written into a selector string. */
  public static String escapeValue(String value) {
    return value.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=");
  }

  /** Undoes {@link #escapeValue}; unescaped "," or "=" and unknown escapes are errors. */
  public static String unescapeValue(String value) {
    if (value.indexOf('\\') < 0 && value.indexOf(',') < 0 && value.indexOf('=') < 0) {
      return value;
    }
    StringBuilder sb = new StringBuilder(value.length());
    boolean inSlash = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (inSlash) {
        if (c != '\\' && c != ',' && c != '=') {
          throw new SelectorException("invalid field selector: invalid escape sequence: \\" + c);
        }
        sb.append(c);
        inSlash = false;
      } else if (c == '\\') {
        inSlash = true;
      } else if (c == ',' || c == '=') {
        // Go prints the rune with %v, i.e. as its code point number
        throw new SelectorException(
            "invalid field selector: unescaped character in value: " + (int) c);
      } else {
        sb.append(c);
      }
    }
    if (inSlash) {
      throw new SelectorException("invalid field selector: invalid escape sequence: \\");
    }
    return sb.toString();
  }
}

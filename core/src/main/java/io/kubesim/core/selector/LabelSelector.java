package io.kubesim.core.selector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * A Kubernetes label selector: an AND of requirements on an object's labels. Immutable.
 *
 * <p>Built either from the string grammar accepted by {@code ?labelSelector=} ({@link #parse}) or
 * from a metav1.LabelSelector object ({@link #fromObject}). Behaviour follows apimachinery's
 * pkg/labels: requirements are kept sorted by key, set values are sorted, and {@link #toString}
 * prints the same canonical text as Go's {@code Selector.String()}.
 */
public final class LabelSelector {

  /** The requirement operators of apimachinery's pkg/selection, with their Go spelling. */
  public enum Operator {
    IN("in"),
    NOT_IN("notin"),
    EQUALS("="),
    DOUBLE_EQUALS("=="),
    NOT_EQUALS("!="),
    EXISTS("exists"),
    DOES_NOT_EXIST("!"),
    GREATER_THAN("gt"),
    LESS_THAN("lt");

    private final String text;

    Operator(String text) {
      this.text = text;
    }

    /** The operator as Go's selection.Operator spells it. */
    public String text() {
      return text;
    }
  }

  /** One requirement: {@code key operator values}. Values are in canonical (sorted) order. */
  public record Requirement(String key, Operator operator, List<String> values) {
    public Requirement {
      values = List.copyOf(values);
    }

    public boolean matches(Map<String, String> labels) {
      boolean has = labels.containsKey(key);
      String v = labels.get(key);
      return switch (operator) {
        case IN, EQUALS, DOUBLE_EQUALS -> has && values.contains(v);
        case NOT_IN, NOT_EQUALS -> !has || !values.contains(v);
        case EXISTS -> has;
        case DOES_NOT_EXIST -> !has;
        case GREATER_THAN, LESS_THAN -> {
          if (!has || values.size() != 1) {
            yield false;
          }
          Long actual = parseLong(v);
          Long bound = parseLong(values.get(0));
          if (actual == null || bound == null) {
            yield false;
          }
          yield operator == Operator.GREATER_THAN ? actual > bound : actual < bound;
        }
      };
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      if (operator == Operator.DOES_NOT_EXIST) {
        sb.append('!');
      }
      sb.append(key);
      switch (operator) {
        case EQUALS -> sb.append('=');
        case DOUBLE_EQUALS -> sb.append("==");
        case NOT_EQUALS -> sb.append("!=");
        case IN -> sb.append(" in ");
        case NOT_IN -> sb.append(" notin ");
        case GREATER_THAN -> sb.append('>');
        case LESS_THAN -> sb.append('<');
        case EXISTS, DOES_NOT_EXIST -> {
          return sb.toString();
        }
      }
      boolean set = operator == Operator.IN || operator == Operator.NOT_IN;
      if (set) {
        sb.append('(');
      }
      List<String> sorted = new ArrayList<>(values);
      sorted.sort(Comparator.naturalOrder());
      sb.append(String.join(",", sorted));
      if (set) {
        sb.append(')');
      }
      return sb.toString();
    }
  }

  private static final LabelSelector EVERYTHING = new LabelSelector(List.of());

  private final List<Requirement> requirements;

  private LabelSelector(List<Requirement> requirements) {
    List<Requirement> sorted = new ArrayList<>(requirements);
    sorted.sort(Comparator.comparing(Requirement::key)); // stable: equal keys keep their order
    this.requirements = List.copyOf(sorted);
  }

  /** The selector that selects every object. */
  public static LabelSelector everything() {
    return EVERYTHING;
  }

  /**
   * Parses the label selector string grammar, e.g. {@code app=web,tier!=db,env in (a,b),!legacy}.
   * The empty (or blank) string selects everything.
   *
   * @throws SelectorException with apimachinery's message when the text does not parse
   */
  public static LabelSelector parse(String text) {
    if (text == null) {
      return EVERYTHING;
    }
    List<Requirement> reqs = new Parser(text).parse();
    return reqs.isEmpty() ? EVERYTHING : new LabelSelector(reqs);
  }

  /**
   * Converts a metav1.LabelSelector JSON object ({@code matchLabels}, {@code matchExpressions}). A
   * missing, null or empty object selects everything.
   *
   * @throws SelectorException for an unknown operator, a malformed object, or invalid keys/values
   */
  public static LabelSelector fromObject(JsonNode selector) {
    if (selector == null || selector.isMissingNode() || selector.isNull()) {
      return EVERYTHING;
    }
    if (!selector.isObject()) {
      throw new SelectorException("label selector must be an object");
    }
    List<Requirement> reqs = new ArrayList<>();
    JsonNode matchLabels = selector.path("matchLabels");
    if (!matchLabels.isMissingNode() && !matchLabels.isNull()) {
      if (!matchLabels.isObject()) {
        throw new SelectorException("matchLabels must be an object of string values");
      }
      for (Map.Entry<String, JsonNode> e : matchLabels.properties()) {
        if (!e.getValue().isString()) {
          throw new SelectorException(
              "matchLabels[" + e.getKey() + "] must be a string, not " + kind(e.getValue()));
        }
        reqs.add(newRequirement(e.getKey(), Operator.EQUALS, List.of(e.getValue().stringValue())));
      }
    }
    JsonNode exprs = selector.path("matchExpressions");
    if (!exprs.isMissingNode() && !exprs.isNull()) {
      if (!exprs.isArray()) {
        throw new SelectorException("matchExpressions must be a list");
      }
      for (JsonNode expr : exprs.values()) {
        String key = expr.path("key").asString("");
        String op = expr.path("operator").asString("");
        Operator operator =
            switch (op) {
              case "In" -> Operator.IN;
              case "NotIn" -> Operator.NOT_IN;
              case "Exists" -> Operator.EXISTS;
              case "DoesNotExist" -> Operator.DOES_NOT_EXIST;
              default ->
                  throw new SelectorException(
                      LabelValidation.goQuote(op) + " is not a valid label selector operator");
            };
        List<String> values = new ArrayList<>();
        JsonNode vals = expr.path("values");
        if (vals.isArray()) {
          for (JsonNode v : vals.values()) {
            if (!v.isString()) {
              throw new SelectorException(
                  "matchExpressions values must be strings, not " + kind(v));
            }
            values.add(v.stringValue());
          }
        } else if (!vals.isMissingNode() && !vals.isNull()) {
          throw new SelectorException("matchExpressions values must be a list of strings");
        }
        reqs.add(newRequirement(key, operator, values));
      }
    }
    return reqs.isEmpty() ? EVERYTHING : new LabelSelector(reqs);
  }

  /** The requirements, sorted by key. */
  public List<Requirement> requirements() {
    return requirements;
  }

  /** Whether every requirement holds for these labels (a null map counts as no labels). */
  public boolean matches(Map<String, String> labels) {
    Map<String, String> ls = labels == null ? Map.of() : labels;
    for (Requirement r : requirements) {
      if (!r.matches(ls)) {
        return false;
      }
    }
    return true;
  }

  /** Whether this selector selects everything (has no requirements). */
  public boolean empty() {
    return requirements.isEmpty();
  }

  /** Go's {@code Selector.String()}: requirements sorted by key, joined with ",". */
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
    return o instanceof LabelSelector other && toString().equals(other.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  /** The JSON type of a node in words (not its text: printing a node needs a mapper). */
  private static String kind(JsonNode node) {
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  private static Long parseLong(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * apimachinery's labels.NewRequirement: validates and builds one requirement. Errors are joined
   * the way field.ErrorList.ToAggregate() prints them.
   */
  static Requirement newRequirement(String key, Operator op, List<String> vals) {
    List<String> errs = new ArrayList<>();
    List<String> keyErrs = LabelValidation.keyErrors(key);
    if (!keyErrs.isEmpty()) {
      errs.add(LabelValidation.invalid("key", key, keyErrs));
    }
    switch (op) {
      case IN, NOT_IN -> {
        if (vals.isEmpty()) {
          errs.add(
              "values: Invalid value: "
                  + goSlice(vals)
                  + ": for 'in', 'notin' operators, values set can't be empty");
        }
      }
      case EQUALS, DOUBLE_EQUALS, NOT_EQUALS -> {
        if (vals.size() != 1) {
          errs.add(
              "values: Invalid value: "
                  + goSlice(vals)
                  + ": exact-match compatibility requires one single value");
        }
      }
      case EXISTS, DOES_NOT_EXIST -> {
        if (!vals.isEmpty()) {
          errs.add(
              "values: Invalid value: "
                  + goSlice(vals)
                  + ": values set must be empty for exists and does not exist");
        }
      }
      case GREATER_THAN, LESS_THAN -> {
        if (vals.size() != 1) {
          errs.add(
              "values: Invalid value: "
                  + goSlice(vals)
                  + ": for 'Gt', 'Lt' operators, exactly one value is required");
        }
        for (int i = 0; i < vals.size(); i++) {
          if (parseLong(vals.get(i)) == null) {
            errs.add(
                "values["
                    + i
                    + "]: Invalid value: "
                    + LabelValidation.goQuote(vals.get(i))
                    + ": for 'Gt', 'Lt' operators, the value must be an integer");
          }
        }
      }
    }
    for (int i = 0; i < vals.size(); i++) {
      List<String> valueErrs = LabelValidation.valueErrors(vals.get(i));
      if (!valueErrs.isEmpty()) {
        errs.add(LabelValidation.invalid("values[" + i + "][" + key + "]", vals.get(i), valueErrs));
      }
    }
    if (!errs.isEmpty()) {
      String msg = errs.size() == 1 ? errs.get(0) : "[" + String.join(", ", errs) + "]";
      throw new SelectorException(msg);
    }
    return new Requirement(key, op, vals);
  }

  /** Go's %#v of a []string, e.g. {@code []string{"a", "b"}}. */
  private static String goSlice(List<String> vals) {
    List<String> quoted = new ArrayList<>();
    for (String v : vals) {
      quoted.add(LabelValidation.goQuote(v));
    }
    return "[]string{" + String.join(", ", quoted) + "}";
  }

  // ---------------------------------------------------------------------------------------------
  // Lexer and parser for the string grammar (same token rules and error texts as pkg/labels).

  private enum Tok {
    IDENTIFIER,
    IN,
    NOT_IN,
    DOES_NOT_EXIST, // "!"
    NOT_EQUALS, // "!="
    EQUALS, // "="
    DOUBLE_EQUALS, // "=="
    GREATER_THAN, // ">"
    LESS_THAN, // "<"
    OPEN_PAR,
    CLOSED_PAR,
    COMMA,
    END
  }

  private record Token(Tok tok, String lit) {}

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private static boolean isSpecial(char c) {
    return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
  }

  private static Tok symbol(String s) {
    return switch (s) {
      case "!" -> Tok.DOES_NOT_EXIST;
      case "!=" -> Tok.NOT_EQUALS;
      case "=" -> Tok.EQUALS;
      case "==" -> Tok.DOUBLE_EQUALS;
      case ">" -> Tok.GREATER_THAN;
      case "<" -> Tok.LESS_THAN;
      case "(" -> Tok.OPEN_PAR;
      case ")" -> Tok.CLOSED_PAR;
      case "," -> Tok.COMMA;
      default -> null;
    };
  }

  /** Splits the text into tokens; symbols are matched longest-first ("==" before "="). */
  private static List<Token> lex(String s) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (true) {
      while (i < n && isWhitespace(s.charAt(i))) {
        i++;
      }
      if (i >= n) {
        out.add(new Token(Tok.END, ""));
        return out;
      }
      char c = s.charAt(i);
      if (isSpecial(c)) {
        Tok best = symbol(String.valueOf(c));
        int end = i + 1;
        while (end < n && isSpecial(s.charAt(end)) && symbol(s.substring(i, end + 1)) != null) {
          best = symbol(s.substring(i, end + 1));
          end++;
        }
        out.add(new Token(best, s.substring(i, end)));
        i = end;
      } else {
        int start = i;
        while (i < n && !isWhitespace(s.charAt(i)) && !isSpecial(s.charAt(i))) {
          i++;
        }
        String word = s.substring(start, i);
        Tok t =
            switch (word) {
              case "in" -> Tok.IN;
              case "notin" -> Tok.NOT_IN;
              default -> Tok.IDENTIFIER;
            };
        out.add(new Token(t, word));
      }
    }
  }

  private static final String BINARY_OPERATORS = "in, notin, =, ==, !=, gt, lt";

  private static final class Parser {
    private final List<Token> tokens;
    private int pos;

    Parser(String text) {
      this.tokens = lex(text);
    }

    /** In a value position "in" and "notin" are plain identifiers. */
    private Token lookahead(boolean values) {
      Token t = tokens.get(pos);
      if (values && (t.tok == Tok.IN || t.tok == Tok.NOT_IN)) {
        return new Token(Tok.IDENTIFIER, t.lit);
      }
      return t;
    }

    private Token consume(boolean values) {
      Token t = lookahead(values);
      if (pos < tokens.size() - 1) {
        pos++;
      }
      return t;
    }

    List<Requirement> parse() {
      List<Requirement> reqs = new ArrayList<>();
      while (true) {
        Token t = lookahead(true);
        switch (t.tok) {
          case IDENTIFIER, DOES_NOT_EXIST -> {
            reqs.add(parseRequirement());
            Token next = consume(true);
            if (next.tok == Tok.END) {
              return reqs;
            } else if (next.tok == Tok.COMMA) {
              Token after = lookahead(true);
              if (after.tok != Tok.IDENTIFIER && after.tok != Tok.DOES_NOT_EXIST) {
                throw new SelectorException(
                    "found '" + after.lit + "', expected: identifier after ','");
              }
            } else {
              throw new SelectorException(
                  "found '" + next.lit + "', expected: ',' or 'end of string'");
            }
          }
          case END -> {
            return reqs;
          }
          default ->
              throw new SelectorException(
                  "found '" + t.lit + "', expected: !, identifier, or 'end of string'");
        }
      }
    }

    private Requirement parseRequirement() {
      try {
        Operator op = null;
        Token t = consume(true);
        if (t.tok == Tok.DOES_NOT_EXIST) {
          op = Operator.DOES_NOT_EXIST;
          t = consume(true);
        }
        if (t.tok != Tok.IDENTIFIER) {
          throw new SelectorException("found '" + t.lit + "', expected: identifier");
        }
        String key = t.lit;
        List<String> keyErrs = LabelValidation.keyErrors(key);
        if (!keyErrs.isEmpty()) {
          // the parser validates the key without a field path, which Go prints as "<nil>"
          throw new SelectorException(LabelValidation.invalid("<nil>", key, keyErrs));
        }
        Tok next = lookahead(true).tok;
        if (op == null && (next == Tok.END || next == Tok.COMMA)) {
          op = Operator.EXISTS;
        }
        if (op != null) {
          return newRequirement(key, op, List.of());
        }
        op = parseOperator();
        List<String> values =
            switch (op) {
              case IN, NOT_IN -> parseValues();
              default -> parseExactValue();
            };
        return newRequirement(key, op, values);
      } catch (SelectorException e) {
        throw new SelectorException("unable to parse requirement: " + e.getMessage());
      }
    }

    private Operator parseOperator() {
      Token t = consume(false);
      return switch (t.tok) {
        case IN -> Operator.IN;
        case NOT_IN -> Operator.NOT_IN;
        case EQUALS -> Operator.EQUALS;
        case DOUBLE_EQUALS -> Operator.DOUBLE_EQUALS;
        case NOT_EQUALS -> Operator.NOT_EQUALS;
        case GREATER_THAN -> Operator.GREATER_THAN;
        case LESS_THAN -> Operator.LESS_THAN;
        default ->
            throw new SelectorException("found '" + t.lit + "', expected: " + BINARY_OPERATORS);
      };
    }

    private List<String> parseValues() {
      Token t = consume(true);
      if (t.tok != Tok.OPEN_PAR) {
        throw new SelectorException("found '" + t.lit + "' expected: '('");
      }
      Token la = lookahead(true);
      switch (la.tok) {
        case IDENTIFIER, COMMA -> {
          TreeSet<String> set = parseIdentifiersList();
          Token close = consume(true);
          if (close.tok != Tok.CLOSED_PAR) {
            throw new SelectorException("found '" + close.lit + "', expected: ')'");
          }
          return new ArrayList<>(set);
        }
        case CLOSED_PAR -> {
          consume(true);
          return List.of("");
        }
        default ->
            throw new SelectorException("found '" + la.lit + "', expected: ',', ')' or identifier");
      }
    }

    private TreeSet<String> parseIdentifiersList() {
      TreeSet<String> set = new TreeSet<>();
      while (true) {
        Token t = consume(true);
        switch (t.tok) {
          case IDENTIFIER -> {
            set.add(t.lit);
            Token la = lookahead(true);
            if (la.tok == Tok.CLOSED_PAR) {
              return set;
            } else if (la.tok != Tok.COMMA) {
              throw new SelectorException("found '" + la.lit + "', expected: ',' or ')'");
            }
          }
          case COMMA -> {
            // "(,a)", "(a,,b)" and "(a,)" all contain the empty value
            if (set.isEmpty()) {
              set.add("");
            }
            Token la = lookahead(true);
            if (la.tok == Tok.CLOSED_PAR) {
              set.add("");
              return set;
            }
            if (la.tok == Tok.COMMA) {
              consume(true);
              set.add("");
            }
          }
          default ->
              throw new SelectorException("found '" + t.lit + "', expected: ',', or identifier");
        }
      }
    }

    private List<String> parseExactValue() {
      Token la = lookahead(true);
      if (la.tok == Tok.END || la.tok == Tok.COMMA) {
        return List.of("");
      }
      Token t = consume(true);
      if (t.tok == Tok.IDENTIFIER) {
        return List.of(t.lit);
      }
      throw new SelectorException("found '" + t.lit + "', expected: identifier");
    }
  }
}

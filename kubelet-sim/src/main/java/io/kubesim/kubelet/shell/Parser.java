package io.kubesim.kubelet.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The grammar of the simulated {@code sh}: lists ({@code ;}, newlines, {@code &&}, {@code ||}),
 * pipelines ({@code |}), {@code while ...; do ...; done}, {@code if ...; then ...; [else ...;] fi},
 * and simple commands with words and redirections ({@code >}, {@code >>}, {@code <}, {@code 2>},
 * {@code 2>&1}). Words keep which parts were quoted, so that {@code $VAR} is expanded in double
 * quotes and bare words but not in single quotes.
 */
final class Parser {

  /** A piece of a word: {@code expand} unless it came from single quotes or a backslash. */
  record Part(String text, boolean expand) {}

  /** A word of the script, in pieces. */
  record Word(List<Part> parts) {
    static Word literal(String text) {
      return new Word(List.of(new Part(text, false)));
    }

    /** The text with the quotes taken out and nothing expanded. */
    String raw() {
      StringBuilder b = new StringBuilder();
      parts.forEach(p -> b.append(p.text()));
      return b.toString();
    }
  }

  /** {@code fd> target}, {@code fd>> target}, {@code < target} or {@code 2>&1}. */
  record Redirect(int fd, String op, Word target) {}

  sealed interface Node {}

  record Simple(List<Word> words, List<Redirect> redirects) implements Node {}

  record Pipeline(List<Node> commands) implements Node {}

  record AndOr(List<Node> commands, List<String> operators) implements Node {}

  record Sequence(List<Node> items) implements Node {}

  record While(Node condition, Node body) implements Node {}

  record If(Node condition, Node then, Node otherwise) implements Node {}

  /** A token: an operator ({@code ;}, {@code &&}, {@code >} ...) or a word. */
  record Token(String op, Word word) {
    boolean isOp(String text) {
      return text.equals(op);
    }

    boolean isWord(String text) {
      return word != null
          && word.parts().size() == 1
          && word.raw().equals(text)
          && word.parts().get(0).expand();
    }
  }

  private final List<Token> tokens;
  private int pos;

  private Parser(List<Token> tokens) {
    this.tokens = tokens;
  }

  /** The script's syntax tree; IllegalArgumentException with the shell's message if it has none. */
  static Node parse(String script) {
    Parser p = new Parser(tokens(script));
    Node program = p.list(Set.of());
    if (p.pos < p.tokens.size()) {
      Token t = p.tokens.get(p.pos);
      throw new IllegalArgumentException(
          "sh: syntax error: unexpected \"" + (t.op() != null ? t.op() : t.word().raw()) + "\"");
    }
    return program;
  }

  // --- tokens -----------------------------------------------------------------------------------

  static List<Token> tokens(String text) {
    List<Token> out = new ArrayList<>();
    List<Part> parts = new ArrayList<>();
    StringBuilder plain = new StringBuilder();
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\'') {
        flush(plain, parts, true);
        int end = text.indexOf('\'', i + 1);
        end = end < 0 ? text.length() : end;
        parts.add(new Part(text.substring(i + 1, end), false));
        inWord = true;
        i = end;
      } else if (c == '"') {
        flush(plain, parts, true);
        int end = i + 1;
        StringBuilder quoted = new StringBuilder();
        while (end < text.length() && text.charAt(end) != '"') {
          char q = text.charAt(end);
          if (q == '\\' && end + 1 < text.length() && "\"\\$`".indexOf(text.charAt(end + 1)) >= 0) {
            flush(quoted, parts, true);
            parts.add(new Part(String.valueOf(text.charAt(end + 1)), false));
            end += 2;
            continue;
          }
          quoted.append(q);
          end++;
        }
        flush(quoted, parts, true);
        if (parts.isEmpty()) {
          parts.add(new Part("", false));
        }
        inWord = true;
        i = end;
      } else if (c == '\\' && i + 1 < text.length()) {
        flush(plain, parts, true);
        char next = text.charAt(++i);
        if (next != '\n') {
          parts.add(new Part(String.valueOf(next), false));
          inWord = true;
        }
      } else if (c == '#' && !inWord) {
        while (i + 1 < text.length() && text.charAt(i + 1) != '\n') {
          i++;
        }
      } else if (" \t\n;&|<>".indexOf(c) >= 0) {
        String fd = null;
        if ((c == '>' || c == '<') && inWord && parts.isEmpty() && isDigits(plain)) {
          fd = plain.toString(); // 2> and 1>: the number belongs to the operator
          plain.setLength(0);
          inWord = false;
        }
        if (inWord) {
          flush(plain, parts, true);
          out.add(new Token(null, new Word(List.copyOf(parts))));
          parts.clear();
          inWord = false;
        }
        boolean doubled = i + 1 < text.length() && text.charAt(i + 1) == c;
        switch (c) {
          case ';', '\n' -> out.add(new Token(";", null));
          case '&' -> {
            out.add(new Token(doubled ? "&&" : ";", null));
            i += doubled ? 1 : 0;
          }
          case '|' -> {
            out.add(new Token(doubled ? "||" : "|", null));
            i += doubled ? 1 : 0;
          }
          case '>', '<' -> {
            String op = (fd == null ? "" : fd) + c + (doubled && c == '>' ? ">" : "");
            i += doubled && c == '>' ? 1 : 0;
            if (c == '>' && i + 1 < text.length() && text.charAt(i + 1) == '&') {
              op += "&"; // 2>&1
              i++;
            }
            out.add(new Token(op, null));
          }
          default -> {}
        }
      } else {
        plain.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      flush(plain, parts, true);
      out.add(new Token(null, new Word(List.copyOf(parts))));
    }
    return out;
  }

  private static boolean isDigits(StringBuilder b) {
    return b.length() == 1 && Character.isDigit(b.charAt(0));
  }

  private static void flush(StringBuilder text, List<Part> parts, boolean expand) {
    if (text.length() > 0) {
      parts.add(new Part(text.toString(), expand));
      text.setLength(0);
    }
  }

  // --- grammar ----------------------------------------------------------------------------------

  private boolean atOp(String op) {
    return pos < tokens.size() && tokens.get(pos).isOp(op);
  }

  private boolean atKeyword(Set<String> keywords) {
    if (pos >= tokens.size()) {
      return false;
    }
    Token t = tokens.get(pos);
    return keywords.stream().anyMatch(t::isWord);
  }

  private Node list(Set<String> terminators) {
    List<Node> items = new ArrayList<>();
    while (pos < tokens.size() && !atKeyword(terminators)) {
      if (atOp(";")) {
        pos++;
        continue;
      }
      int before = pos;
      items.add(andOr(terminators));
      if (pos == before) {
        break; // an operator no command can start with: reported by parse
      }
    }
    return new Sequence(items);
  }

  private Node andOr(Set<String> terminators) {
    List<Node> commands = new ArrayList<>(List.of(pipeline(terminators)));
    List<String> operators = new ArrayList<>();
    while (atOp("&&") || atOp("||")) {
      requireCommand(commands.get(commands.size() - 1));
      operators.add(tokens.get(pos++).op());
      while (atOp(";")) {
        pos++;
      }
      commands.add(pipeline(terminators));
    }
    return commands.size() == 1 ? commands.get(0) : new AndOr(commands, operators);
  }

  private Node pipeline(Set<String> terminators) {
    List<Node> commands = new ArrayList<>(List.of(command(terminators)));
    while (atOp("|")) {
      requireCommand(commands.get(commands.size() - 1));
      pos++;
      commands.add(command(terminators));
    }
    return commands.size() == 1 ? commands.get(0) : new Pipeline(commands);
  }

  private Node command(Set<String> terminators) {
    if (atKeyword(Set.of("while"))) {
      pos++;
      Node condition = list(Set.of("do"));
      expect("do");
      Node body = list(Set.of("done"));
      expect("done");
      return new While(condition, body);
    }
    if (atKeyword(Set.of("if"))) {
      pos++;
      Node condition = list(Set.of("then"));
      expect("then");
      Node then = list(Set.of("else", "fi"));
      Node otherwise = new Sequence(List.of());
      if (atKeyword(Set.of("else"))) {
        pos++;
        otherwise = list(Set.of("fi"));
      }
      expect("fi");
      return new If(condition, then, otherwise);
    }
    List<Word> words = new ArrayList<>();
    List<Redirect> redirects = new ArrayList<>();
    while (pos < tokens.size()) {
      Token t = tokens.get(pos);
      if (t.op() != null && (t.op().contains(">") || t.op().contains("<"))) {
        pos++;
        redirects.add(redirect(t.op()));
        continue;
      }
      if (t.op() != null || (words.isEmpty() && atKeyword(terminators))) {
        break;
      }
      words.add(t.word());
      pos++;
    }
    return new Simple(words, redirects);
  }

  /** An operator with no command before it ({@code | x}, {@code && x}) is a syntax error. */
  private void requireCommand(Node before) {
    if (before instanceof Simple s && s.words().isEmpty() && s.redirects().isEmpty()) {
      throw new IllegalArgumentException(
          "sh: syntax error: unexpected \"" + tokens.get(pos).op() + "\"");
    }
  }

  private Redirect redirect(String op) {
    int fd = Character.isDigit(op.charAt(0)) ? op.charAt(0) - '0' : (op.startsWith("<") ? 0 : 1);
    String kind = Character.isDigit(op.charAt(0)) ? op.substring(1) : op;
    if (pos >= tokens.size() || tokens.get(pos).word() == null) {
      throw new IllegalArgumentException("sh: syntax error: unexpected newline");
    }
    return new Redirect(fd, kind, tokens.get(pos++).word());
  }

  private void expect(String keyword) {
    if (!atKeyword(Set.of(keyword))) {
      throw new IllegalArgumentException("sh: syntax error: expected \"" + keyword + "\"");
    }
    pos++;
  }
}

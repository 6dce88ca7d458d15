package io.kubesim.kubelet.exec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A terminal's line discipline in canonical mode, as the pseudo-terminal of a {@code kubectl exec
 * -t} session does it: kubectl puts the local terminal in raw mode and sends each key as typed, the
 * tty in the container echoes it, edits the line (backspace, ^U), hands complete lines to the
 * program, turns ^C into an interrupt and ^D on an empty line into the end of input; output
 * newlines become CR LF. Pure: {@link #type} says what to echo and what happened.
 */
public final class LineDiscipline {

  /** What typing some bytes did. */
  public record Result(String echo, List<String> lines, boolean interrupt, boolean endOfInput) {}

  private final StringBuilder line = new StringBuilder();
  private boolean lastWasCr;

  /** Handles bytes typed by the client. */
  public Result type(byte[] bytes) {
    StringBuilder echo = new StringBuilder();
    List<String> lines = new ArrayList<>();
    boolean interrupt = false;
    boolean end = false;
    String text = new String(bytes, StandardCharsets.UTF_8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' && lastWasCr) {
        lastWasCr = false;
        continue; // CR LF from a client that sends both: one line
      }
      lastWasCr = c == '\r';
      switch (c) {
        case '\r', '\n' -> {
          echo.append("\r\n");
          lines.add(line.toString());
          line.setLength(0);
        }
        case 0x7f, '\b' -> {
          if (line.length() > 0) {
            line.setLength(line.length() - 1);
            echo.append("\b \b");
          }
        }
        case 0x15 -> { // ^U: kill the line
          echo.append("\b \b".repeat(line.length()));
          line.setLength(0);
        }
        case 0x03 -> {
          echo.append("^C\r\n");
          line.setLength(0);
          interrupt = true;
        }
        case 0x04 -> {
          if (line.length() == 0) {
            end = true;
          } else {
            lines.add(line.toString()); // ^D on a partial line hands it over without a newline
            line.setLength(0);
          }
        }
        case 0x1b -> i = skipEscape(text, i); // arrow keys and the like: not simulated
        default -> {
          if (c >= ' ' || c == '\t') {
            line.append(c);
            echo.append(c);
          }
        }
      }
    }
    return new Result(echo.toString(), lines, interrupt, end);
  }

  /** The end of an escape sequence such as {@code ESC [ A} that starts at {@code i}. */
  private static int skipEscape(String text, int i) {
    int j = i + 1;
    if (j < text.length() && (text.charAt(j) == '[' || text.charAt(j) == 'O')) {
      j++;
      while (j < text.length() && !Character.isLetter(text.charAt(j)) && text.charAt(j) != '~') {
        j++;
      }
    }
    return Math.min(j, text.length() - 1);
  }

  /** Output onto the terminal: each newline becomes CR LF (onlcr). */
  public static String output(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' && (i == 0 || text.charAt(i - 1) != '\r')) {
        out.append('\r');
      }
      out.append(c);
    }
    return out.toString();
  }
}

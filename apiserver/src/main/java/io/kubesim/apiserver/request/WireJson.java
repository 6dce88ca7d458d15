package io.kubesim.apiserver.request;

import tools.jackson.core.SerializableString;
import tools.jackson.core.io.CharacterEscapes;
import tools.jackson.core.io.SerializedString;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON as kube-apiserver's serializer writes it (Go's encoding/json Encoder, HTML escaping on):
 * {@code <}, {@code >} and {@code &} as {@code \u003c}, {@code \u003e}, {@code \u0026}; U+2028 and
 * U+2029 escaped; control characters as {@code \n}, {@code \t} ... or lower-case {@code \u001b};
 * every other character as it is. A body or watch event ends with the {@code \n} the Encoder writes
 * after each value.
 */
public final class WireJson {
  private WireJson() {}

  private static final JsonMapper MAPPER =
      JsonMapper.builder(JsonFactory.builder().characterEscapes(new GoEscapes()).build()).build();

  private static final byte NEWLINE = '\n';

  public static byte[] bytes(JsonNode node) {
    return MAPPER.writeValueAsBytes(node);
  }

  /** The value and the newline json.Encoder ends it with. */
  public static byte[] line(JsonNode node) {
    byte[] json = bytes(node);
    byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
    line[json.length] = NEWLINE;
    return line;
  }

  /** Go's escaping where it differs from Jackson's. */
  private static final class GoEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] ascii = standardAsciiEscapesForJSON();

    GoEscapes() {
      ascii['<'] = ESCAPE_CUSTOM;
      ascii['>'] = ESCAPE_CUSTOM;
      ascii['&'] = ESCAPE_CUSTOM;
      for (int c = 0; c < 0x20; c++) {
        if (c != '\n' && c != '\r' && c != '\t' && c != '\b' && c != '\f') {
          ascii[c] = ESCAPE_CUSTOM; // Jackson writes \u001B, Go \u001b
        }
      }
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int c) {
      if (c < 0x80 || c == 0x2028 || c == 0x2029) {
        String hex = Integer.toHexString(c);
        return new SerializedString("\\u" + "0".repeat(4 - hex.length()) + hex);
      }
      return null;
    }
  }
}

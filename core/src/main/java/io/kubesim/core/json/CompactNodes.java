package io.kubesim.core.json;

import java.util.ArrayList;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * The trees every process keeps: objects in a {@link CompactMap}, arrays sized to what they hold,
 * and short strings shared. A Running pod's tree took 16.3 KB with Jackson's defaults and takes 5.0
 * KB so (BENCHMARKS.md, Scale); its JSON is 2.9 KB.
 *
 * <p>The string cache is lossy: a slot per hash, the last string wins, so it never grows and needs
 * no lock (a string node is immutable, and its final field publishes it safely). What repeats
 * across objects ({@code "True"}, {@code "Running"}, an image, a node's name, a namespace) is found
 * there; what is unique (a uid, a timestamp) costs a replaced slot.
 */
public final class CompactNodes extends JsonNodeFactory {
  private static final long serialVersionUID = 1L;
  private static final int MAX_SHARED_LENGTH = 64;
  private static final int SLOTS_BITS = 16;

  /** The one factory of the process. */
  public static final CompactNodes INSTANCE = new CompactNodes();

  private final transient StringNode[] strings = new StringNode[1 << SLOTS_BITS];

  private CompactNodes() {}

  private Object readResolve() {
    return INSTANCE;
  }

  @Override
  public ObjectNode objectNode() {
    return new ObjectNode(this, new CompactMap());
  }

  @Override
  public ArrayNode arrayNode() {
    return new ArrayNode(this, new ArrayList<>(2));
  }

  @Override
  public StringNode stringNode(String text) {
    if (text == null) {
      return null;
    }
    if (text.length() > MAX_SHARED_LENGTH) {
      return new StringNode(text);
    }
    int slot = (text.hashCode() * 0x9E3779B9) >>> (32 - SLOTS_BITS);
    StringNode node = strings[slot];
    if (node != null && node.stringValue().equals(text)) {
      return node;
    }
    node = new StringNode(text);
    strings[slot] = node;
    return node;
  }
}

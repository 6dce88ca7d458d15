package io.kubesim.coredns.server;

import io.kubesim.coredns.kubernetes.Answers;
import io.kubesim.coredns.kubernetes.ClusterView;
import io.kubesim.coredns.kubernetes.Reply;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.Name;

/**
 * Replies already computed from the current view, by name (dnsjava compares names without case) and
 * type: a repeated question costs a map lookup. A new view starts an empty cache, so no answer
 * outlives the cluster state it came from. Bounded: random names (a pod record for every address)
 * empty it when it grows past {@link #MAX_ENTRIES}.
 */
final class AnswerCache {
  static final int MAX_ENTRIES = 100_000;

  private record Key(Name name, int type) {}

  private record Generation(ClusterView view, Map<Key, Optional<Reply>> replies) {}

  private volatile Generation current = new Generation(null, new ConcurrentHashMap<>());

  /** The reply to the question in {@code view}, or null when the name is in none of the zones. */
  Reply get(ClusterView view, Name name, int type) {
    Generation generation = current;
    if (generation.view() != view) {
      generation = new Generation(view, new ConcurrentHashMap<>());
      current = generation;
    }
    Map<Key, Optional<Reply>> replies = generation.replies();
    Key key = new Key(name, type);
    Optional<Reply> reply = replies.get(key);
    if (reply == null) {
      if (replies.size() >= MAX_ENTRIES) {
        replies.clear();
      }
      reply = Optional.ofNullable(Answers.answer(view, name, type));
      replies.put(key, reply);
    }
    return reply.orElse(null);
  }
}

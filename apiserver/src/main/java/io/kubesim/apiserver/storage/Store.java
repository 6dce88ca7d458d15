package io.kubesim.apiserver.storage;

import io.kubesim.apiserver.request.WireJson;
import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.resource.Resources;
import io.kubesim.core.json.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The apiserver's storage: every object in memory (for reads), each commit in the data directory
 * (for restarts) and in the Hazelcast mirror (for the cluster), and watch events in order.
 *
 * <p>Invariant: every write goes through {@link #commit}, under one lock, which assigns the next
 * cluster-wide resourceVersion, so resourceVersions are strictly increasing in commit order and
 * every watcher sees events in that order. Stored trees are never mutated after commit: readers
 * share them, writers copy.
 */
public final class Store implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Store.class);
  private static final long COMPACT_AFTER = 20_000;

  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, NavigableMap<String, Stored>> data = new ConcurrentHashMap<>();
  private final Map<String, CommitIndex> indexes = new ConcurrentHashMap<>();
  private final Persistence persistence;
  private final Mirror mirror;
  private final WatchHub hub;
  private final ScheduledExecutorService background;

  /**
   * Runs, in commit order and outside the commit lock, what follows a commit: the mirror write and
   * the watch fan-out. The lock then covers only the index, the log and the resourceVersion.
   */
  private final java.util.concurrent.ExecutorService dispatcher;

  private volatile long resourceVersion;
  private volatile boolean compacting;

  /** What a writer wants done with the current object (null when absent). */
  public sealed interface Change {
    record Put(ObjectNode object) implements Change {}

    record Delete() implements Change {}

    /** Nothing to write; {@code result} is returned as is (a no-op update, a dry run). */
    record None(ObjectNode result) implements Change {}
  }

  /** A committed change: the object as stored (or as deleted) and the event type. */
  public record Result(String eventType, ObjectNode object) {}

  /** A consistent-enough list: entries, and a resourceVersion no newer than any of them. */
  public record Snapshot(List<Stored> entries, long resourceVersion) {
    public List<ObjectNode> items() {
      return entries.stream().map(Stored::object).toList();
    }
  }

  private Store(Path dataDir, Mirror mirror, int historyCapacity) {
    this.persistence = dataDir == null ? null : new Persistence(dataDir);
    this.mirror = mirror;
    this.background =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "store-background");
              thread.setDaemon(true);
              return thread;
            });
    this.dispatcher =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread thread = new Thread(r, "store-dispatch");
              thread.setDaemon(true);
              return thread;
            });
    Persistence.Recovered recovered =
        persistence == null
            ? new Persistence.Recovered(0, List.of(), List.of())
            : persistence.recover();
    long diskRv = recovered.snapshotRv();
    for (Persistence.Entry entry : recovered.log()) {
      diskRv = entry.rv();
    }
    long mirrorRv = mirror.resourceVersion();
    if (mirrorRv > diskRv) {
      // The cluster has newer data than this disk (say, a new volume): take the cluster's copy.
      LOG.warn(
          "data directory is behind the cluster ({} < {}); recovering from the cluster",
          diskRv,
          mirrorRv);
      mirror.contents().forEach(this::indexMirrored);
      this.hub = new WatchHub(historyCapacity, mirrorRv);
      this.resourceVersion = mirrorRv;
    } else {
      for (Persistence.Entry entry : recovered.snapshot()) {
        index(entry.resource())
            .put(keyOf(entry.object()), Stored.of(entry.resource(), entry.object(), null));
      }
      this.hub = new WatchHub(historyCapacity, recovered.snapshotRv());
      replay(recovered.log());
      this.resourceVersion = diskRv;
      if (mirrorRv < diskRv) {
        long rv = diskRv;
        data.forEach((r, index) -> index.forEach((k, o) -> mirror.put(r + "/" + k, o.json(), rv)));
      }
    }
    if (persistence != null) {
      persistence.openSegment(resourceVersion);
      if (!recovered.log().isEmpty() || mirrorRv > diskRv) {
        compactNow();
      }
    }
    LOG.info("storage ready: {} objects at resourceVersion {}", count(), resourceVersion);
  }

  /** Opens the store on a data directory (null: memory only), recovering what it holds. */
  public static Store open(Path dataDir, Mirror mirror, int historyCapacity) {
    return new Store(dataDir, mirror, historyCapacity);
  }

  private void indexMirrored(String key, byte[] bytes) {
    ObjectNode object = (ObjectNode) Json.parse(bytes);
    String resource = key.substring(0, key.indexOf('/'));
    index(resource).put(keyOf(object), Stored.of(resource, object, bytes));
  }

  /** Applies recovered log entries to memory and to the watch history, in order. */
  private void replay(List<Persistence.Entry> log) {
    for (Persistence.Entry entry : log) {
      NavigableMap<String, Stored> index = index(entry.resource());
      String key = keyOf(entry.object());
      Stored before =
          entry.delete()
              ? index.remove(key)
              : index.put(key, Stored.of(entry.resource(), entry.object(), null));
      ObjectNode previous = before == null ? null : before.object();
      ResourceType type = typeOf(entry.resource());
      if (type != null) {
        String eventType =
            entry.delete()
                ? WatchEvent.DELETED
                : previous == null ? WatchEvent.ADDED : WatchEvent.MODIFIED;
        hub.record(new WatchEvent(eventType, type, entry.object(), previous, entry.rv()));
      }
    }
  }

  private static ResourceType typeOf(String qualified) {
    return Resources.all().stream()
        .filter(t -> t.qualified().equals(qualified))
        .findFirst()
        .orElse(null);
  }

  private NavigableMap<String, Stored> index(String qualified) {
    return data.computeIfAbsent(qualified, k -> new ConcurrentSkipListMap<>());
  }

  /** {@code namespace/name}, with an empty namespace for cluster-scoped objects. */
  static String keyOf(ObjectNode object) {
    ObjectNode metadata = (ObjectNode) object.path("metadata");
    return metadata.path("namespace").asString("") + "/" + metadata.path("name").asString("");
  }

  public long resourceVersion() {
    return resourceVersion;
  }

  public ObjectNode get(ResourceType type, String namespace, String name) {
    Stored stored = stored(type, namespace, name);
    return stored == null ? null : stored.object();
  }

  /** The object with its JSON, or null. */
  public Stored stored(ResourceType type, String namespace, String name) {
    ResourceType storage = StorageViews.storageOf(type);
    if (storage != null) {
      Stored stored = stored(storage, namespace, name);
      return stored == null ? null : Stored.tree(StorageViews.toView(stored.object()));
    }
    NavigableMap<String, Stored> index = data.get(type.qualified());
    return index == null ? null : index.get(nz(namespace) + "/" + name);
  }

  /** All objects of a type, in one namespace or (namespace null) all, sorted by key. */
  public Snapshot list(ResourceType type, String namespace) {
    return list(type, namespace, null);
  }

  /**
   * As {@link #list(ResourceType, String)}, only the objects whose key sorts after {@code after} (a
   * continue token's key; null for all): each page of a paged list starts where the last ended
   * instead of copying and skipping everything before it.
   */
  public Snapshot list(ResourceType type, String namespace, String after) {
    ResourceType storage = StorageViews.storageOf(type);
    if (storage != null) {
      Snapshot stored = list(storage, namespace, after);
      List<Stored> entries = new ArrayList<>(stored.entries().size());
      for (Stored entry : stored.entries()) {
        entries.add(Stored.tree(StorageViews.toView(entry.object())));
      }
      return new Snapshot(entries, stored.resourceVersion());
    }
    long rv = resourceVersion;
    NavigableMap<String, Stored> index = data.get(type.qualified());
    if (index == null) {
      return new Snapshot(List.of(), rv);
    }
    String from = namespace == null ? "" : namespace + "/";
    String to = namespace == null ? null : namespace + "0";
    boolean inclusive = true;
    if (after != null && after.compareTo(from) >= 0) {
      // A key from anywhere (a client's token): past the namespace's keys means nothing is left.
      if (to != null && after.compareTo(to) >= 0) {
        return new Snapshot(List.of(), rv);
      }
      from = after;
      inclusive = false;
    }
    NavigableMap<String, Stored> range =
        to == null ? index.tailMap(from, inclusive) : index.subMap(from, inclusive, to, false);
    return new Snapshot(new ArrayList<>(range.values()), rv);
  }

  /**
   * The index of {@code type}'s objects made by {@code make} on first use (fed every stored object,
   * then every commit), or the one already made.
   */
  @SuppressWarnings("unchecked")
  public <T extends CommitIndex> T index(ResourceType type, java.util.function.Supplier<T> make) {
    lock.lock();
    try {
      return (T)
          indexes.computeIfAbsent(
              type.qualified(),
              k -> {
                T index = make.get();
                for (Stored stored : list(type, null).entries()) {
                  index.committed(null, stored.object());
                }
                return index;
              });
    } finally {
      lock.unlock();
    }
  }

  public int count(ResourceType type) {
    ResourceType storage = StorageViews.storageOf(type);
    if (storage != null) {
      return count(storage);
    }
    NavigableMap<String, Stored> index = data.get(type.qualified());
    return index == null ? 0 : index.size();
  }

  private int count() {
    return data.values().stream().mapToInt(Map::size).sum();
  }

  /**
   * The only way to write. {@code decide} sees the current object (null when absent) and returns
   * the change; it runs under the commit lock, so it must be quick and must not call the store.
   * Throwing from it (a Status error) aborts the commit and leaves the store as it was; returning
   * null does too, and commit then returns null.
   */
  public Result commit(
      ResourceType type, String namespace, String name, Function<ObjectNode, Change> decide) {
    ResourceType storage = StorageViews.storageOf(type);
    if (storage != null) {
      return inView(commit(storage, namespace, name, inStorage(decide)));
    }
    String key = nz(namespace) + "/" + name;
    lock.lock();
    try {
      NavigableMap<String, Stored> index = index(type.qualified());
      Stored stored = index.get(key);
      ObjectNode current = stored == null ? null : stored.object();
      Change change = decide.apply(current);
      if (change == null) {
        return null; // guaranteedUpdate: the object moved on since its decision
      }
      if (change instanceof Change.None none) {
        return new Result(null, none.result());
      }
      long rv = resourceVersion + 1;
      String mirrorKey = type.qualified() + "/" + key;
      WatchEvent event;
      if (change instanceof Change.Put put) {
        ObjectNode object = put.object();
        ((ObjectNode) object.get("metadata")).put("resourceVersion", Long.toString(rv));
        byte[] bytes = WireJson.bytes(object);
        if (persistence != null) {
          persistence.append(rv, false, type.qualified(), bytes);
        }
        index.put(key, Stored.of(type.qualified(), object, bytes));
        committed(type, current, object);
        dispatcher.execute(() -> mirror.put(mirrorKey, bytes, rv));
        event =
            new WatchEvent(
                current == null ? WatchEvent.ADDED : WatchEvent.MODIFIED,
                type,
                object,
                current,
                rv,
                bytes);
      } else {
        ObjectNode deleted = current.deepCopy();
        ((ObjectNode) deleted.get("metadata")).put("resourceVersion", Long.toString(rv));
        byte[] bytes = WireJson.bytes(deleted);
        if (persistence != null) {
          persistence.append(rv, true, type.qualified(), bytes);
        }
        index.remove(key);
        committed(type, current, null);
        dispatcher.execute(() -> mirror.remove(mirrorKey, rv));
        event = new WatchEvent(WatchEvent.DELETED, type, deleted, current, rv, bytes);
      }
      resourceVersion = rv;
      WatchEvent published = event;
      dispatcher.execute(() -> publish(published));
      maybeCompact();
      return new Result(event.type(), event.object());
    } finally {
      lock.unlock();
    }
  }

  /**
   * As etcd3's GuaranteedUpdate: {@code decide} runs without the commit lock against the current
   * object (null when absent), and its change is committed only if that object is still the current
   * one; otherwise it decides again on the newer one. For decisions too costly to make under the
   * lock, such as the whole update pipeline; {@code decide} must not have side effects.
   */
  public Result guaranteedUpdate(
      ResourceType type, String namespace, String name, Function<ObjectNode, Change> decide) {
    ResourceType storage = StorageViews.storageOf(type);
    if (storage != null) {
      return inView(guaranteedUpdate(storage, namespace, name, inStorage(decide)));
    }
    while (true) {
      Stored stored = stored(type, namespace, name);
      ObjectNode seen = stored == null ? null : stored.object();
      Change change = decide.apply(seen);
      Result result =
          commit(
              type,
              namespace,
              name,
              now -> sameVersion(now, seen) && admits(type, seen, change) ? change : null);
      if (result != null) {
        return result;
      }
    }
  }

  /**
   * Whether two reads are of the same commit: by resourceVersion, which every commit changes (a
   * lean kind's reads are new trees, so identity would never match).
   */
  private static boolean sameVersion(ObjectNode now, ObjectNode seen) {
    if (now == null || seen == null) {
      return now == seen;
    }
    return now == seen
        || now.path("metadata")
            .path("resourceVersion")
            .asString("")
            .equals(seen.path("metadata").path("resourceVersion").asString(""));
  }

  private boolean admits(ResourceType type, ObjectNode before, Change change) {
    CommitIndex index = indexes.get(type.qualified());
    return index == null
        || !(change instanceof Change.Put put)
        || index.admits(before, put.object());
  }

  private void committed(ResourceType type, ObjectNode before, ObjectNode after) {
    CommitIndex index = indexes.get(type.qualified());
    if (index != null) {
      index.committed(before, after);
    }
  }

  /**
   * A view's decision on its storage: it sees the object in the view and puts it back as stored.
   */
  private static Function<ObjectNode, Change> inStorage(Function<ObjectNode, Change> decide) {
    return current -> {
      Change change = decide.apply(current == null ? null : StorageViews.toView(current));
      return change instanceof Change.Put put
          ? new Change.Put(StorageViews.toStorage(put.object()))
          : change;
    };
  }

  /** A storage's result as the view shows it (a None's result is the view's already). */
  private static Result inView(Result result) {
    if (result == null || result.eventType() == null) {
      return result;
    }
    return new Result(result.eventType(), StorageViews.toView(result.object()));
  }

  /**
   * Registers a watcher for events after {@code fromRv}, first replaying the history it missed; 410
   * Gone when that history is no longer kept. Returns the handle that stops the watch.
   */
  public Runnable watch(long fromRv, Watcher watcher) {
    lock.lock();
    try {
      return hub.watch(fromRv, watcher);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Lists and registers in one step: the watcher first gets every current object of the type as
   * ADDED (what a watch without resourceVersion sends), then every later change.
   */
  public Runnable listAndWatch(ResourceType type, String namespace, Watcher watcher) {
    lock.lock();
    try {
      for (Stored stored : list(type, namespace).entries()) {
        ObjectNode object = stored.object();
        long rv = Long.parseLong(object.path("metadata").path("resourceVersion").asString("0"));
        watcher.onEvent(new WatchEvent(WatchEvent.ADDED, type, object, null, rv, stored.json()));
      }
      return hub.register(watcher, resourceVersion);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Sends a BOOKMARK to every watcher that asked for them, at the last resourceVersion published to
   * the watchers (after every event before it, since it goes the same way).
   */
  public void bookmark() {
    dispatcher.execute(hub::bookmark);
  }

  /** Waits until everything committed so far has gone out to the mirror and the watchers. */
  public void awaitPublished() {
    try {
      dispatcher.submit(() -> {}).get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("the store's dispatcher is stuck", e);
    }
  }

  /** One committed event out to the watchers; a failing watcher must not stop the others. */
  private void publish(WatchEvent event) {
    try {
      hub.publish(event);
    } catch (RuntimeException e) {
      LOG.error("publishing resourceVersion {} failed", event.resourceVersion(), e);
    }
  }

  public int watcherCount() {
    return hub.watcherCount();
  }

  private void maybeCompact() {
    if (persistence != null && !compacting && persistence.entriesInSegment() >= COMPACT_AFTER) {
      compacting = true;
      long rv = resourceVersion;
      persistence.openSegment(rv);
      List<Persistence.Snapshotted> copy = copyAll();
      background.execute(
          () -> {
            try {
              persistence.writeSnapshot(rv, copy);
            } catch (RuntimeException e) {
              LOG.error("snapshot at resourceVersion {} failed; the log still holds it", rv, e);
            } finally {
              compacting = false;
            }
          });
    }
  }

  private void compactNow() {
    persistence.writeSnapshot(resourceVersion, copyAll());
  }

  /**
   * Every stored object, taken under the commit lock: references only (stored objects never
   * change), serialized later on the snapshot's thread. Taking trees here parsed every lean Event
   * under the lock (14 % of the apiserver's CPU at 10,000 pods).
   */
  private List<Persistence.Snapshotted> copyAll() {
    List<Persistence.Snapshotted> copy = new ArrayList<>();
    data.forEach(
        (resource, index) ->
            index.values().forEach(o -> copy.add(new Persistence.Snapshotted(resource, o))));
    return copy;
  }

  private static String nz(String namespace) {
    return namespace == null ? "" : namespace;
  }

  @Override
  public void close() {
    lock.lock();
    try {
      dispatcher.shutdown();
      dispatcher.awaitTermination(10, TimeUnit.SECONDS);
      mirror.close();
      background.shutdown();
      background.awaitTermination(10, TimeUnit.SECONDS);
      if (persistence != null) {
        persistence.close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }
}

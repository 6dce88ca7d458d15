package io.kubesim.apiserver.storage;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.kubesim.core.MapNames;
import io.kubesim.core.cluster.RemoveEntry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's copy of every object: {@code kubesim.objects}, keyed like the store.
 *
 * <p>Writes are batched: every {@link #FLUSH_MILLIS} ms the writes since the last flush go out as
 * one {@code setAll} and one batched removal, each key once with its last bytes, and the mirror's
 * resourceVersion follows when both are done. One Hazelcast operation per object write cost every
 * member (owner and backup) a share of the cluster's write rate: at 20,000 pods, 9 s of CPU in each
 * process that does nothing else (2026-12-08, BENCHMARKS.md). A pod written four times while it
 * starts is now mirrored about once, and a thousand nodes' Lease renewals (100 a second) go out as
 * one batch a second instead of one operation each. The mirror lags the store by up to a flush; it
 * is the fallback copy behind the data directory, so a restart that needs it loses at most that
 * much.
 */
public final class HazelcastMirror implements Mirror {
  private static final Logger LOG = LoggerFactory.getLogger(HazelcastMirror.class);
  private static final String RV = "resourceVersion";
  static final long FLUSH_MILLIS = 1000;

  private final IMap<String, byte[]> objects;
  private final IMap<String, Long> meta;
  private final MirrorBatch pending = new MirrorBatch();
  private final ScheduledExecutorService flusher;

  /** A flush starts when the previous one is done. */
  private volatile boolean flushing;

  public HazelcastMirror(HazelcastInstance hazelcast) {
    this.objects = hazelcast.getMap(MapNames.OBJECTS);
    this.meta = hazelcast.getMap(MapNames.META);
    this.flusher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "mirror-flush");
              thread.setDaemon(true);
              return thread;
            });
    flusher.scheduleWithFixedDelay(this::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
  }

  @Override
  public void put(String key, byte[] object, long rv) {
    synchronized (pending) {
      pending.put(key, object, rv);
    }
  }

  @Override
  public void remove(String key, long rv) {
    synchronized (pending) {
      pending.remove(key, rv);
    }
  }

  /** Sends the pending writes unless the previous flush is still going. */
  private void flush() {
    if (flushing) {
      return;
    }
    try {
      CompletableFuture<Void> sent = send();
      if (sent != null) {
        flushing = true;
        sent.whenComplete((v, e) -> flushing = false);
      }
    } catch (RuntimeException e) {
      // Hazelcast refusing at once (shutting down): the periodic flush must go on regardless.
      LOG.warn("mirroring failed: {}", e.toString());
    }
  }

  /** The pending writes out to the map, then the resourceVersion; null when nothing is pending. */
  private CompletableFuture<Void> send() {
    MirrorBatch.Drained batch;
    synchronized (pending) {
      if (pending.size() == 0) {
        return null;
      }
      batch = pending.drain();
    }
    // Puts and removals touch different keys (the batch coalesced them), so they may run at once;
    // the next batch waits for both, so each key's writes reach the map in commit order.
    CompletableFuture<?> puts =
        batch.puts().isEmpty()
            ? CompletableFuture.completedFuture(null)
            : objects.setAllAsync(batch.puts()).toCompletableFuture();
    CompletableFuture<?> removals =
        batch.removals().isEmpty()
            ? CompletableFuture.completedFuture(null)
            : objects.submitToKeys(batch.removals(), new RemoveEntry<>()).toCompletableFuture();
    return CompletableFuture.allOf(puts, removals)
        .thenCompose(v -> meta.setAsync(RV, batch.resourceVersion()).toCompletableFuture())
        .whenComplete(
            (v, e) -> {
              if (e != null) {
                LOG.warn(
                    "mirroring up to resourceVersion {} failed: {}", batch.resourceVersion(), e);
              }
            });
  }

  @Override
  public long resourceVersion() {
    Long rv = meta.get(RV);
    return rv == null ? 0 : rv;
  }

  @Override
  public Map<String, byte[]> contents() {
    return new HashMap<>(objects);
  }

  /** Number of objects held cluster-wide (for metrics). */
  public int size() {
    return objects.size();
  }

  /** Stops flushing and sends what is pending (waiting up to 10 s for it). */
  @Override
  public void close() {
    flusher.shutdown();
    try {
      flusher.awaitTermination(5, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (flushing && System.nanoTime() < deadline) {
        Thread.sleep(10); // the last periodic flush, still in flight
      }
      CompletableFuture<Void> last = send();
      if (last != null) {
        last.get(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      LOG.warn("the mirror's last writes did not complete: {}", e.toString());
    }
  }
}

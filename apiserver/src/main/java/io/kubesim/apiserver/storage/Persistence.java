package io.kubesim.apiserver.storage;

import io.kubesim.core.json.Json;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The apiserver's data directory: a snapshot plus write-ahead log segments.
 *
 * <p>Every commit is one JSON line in the current segment {@code wal-<firstRv>.log}, written to the
 * OS before the client gets its answer, so a SIGKILL of the process loses nothing (a power loss may
 * lose the last writes: there is no fsync per commit). Compaction writes {@code snapshot.jsonl}
 * (first line {@code {"rv":N}}, then one object per line) and drops the segments it covers.
 * Recovery = snapshot + every log line with a greater resourceVersion; a torn last line is ignored.
 */
final class Persistence implements AutoCloseable {
  static final String SNAPSHOT = "snapshot.jsonl";

  private final Path dir;
  private OutputStream out;
  private Path segment;
  private long entriesInSegment;

  /** One recovered log entry. */
  record Entry(long rv, boolean delete, String resource, ObjectNode object) {}

  /** What a data directory holds: the snapshot's objects and the log entries after it. */
  record Recovered(long snapshotRv, List<Entry> snapshot, List<Entry> log) {}

  Persistence(Path dir) {
    this.dir = dir;
  }

  Recovered recover() {
    try {
      Files.createDirectories(dir);
      long snapshotRv = 0;
      List<Entry> objects = new ArrayList<>();
      Path snapshotFile = dir.resolve(SNAPSHOT);
      if (Files.exists(snapshotFile)) {
        snapshotRv = readSnapshot(snapshotFile, objects);
      }
      List<Entry> log = new ArrayList<>();
      for (Path file : segments()) {
        readSegment(file, snapshotRv, log);
      }
      return new Recovered(snapshotRv, objects, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long readSnapshot(Path file, List<Entry> objects) throws IOException {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      long rv = Json.MAPPER.readTree(reader.readLine()).path("rv").asLong();
      String line;
      while ((line = reader.readLine()) != null) {
        JsonNode node = Json.MAPPER.readTree(line);
        objects.add(new Entry(rv, false, node.path("r").asString(), (ObjectNode) node.get("o")));
      }
      return rv;
    }
  }

  private static void readSegment(Path file, long afterRv, List<Entry> log) throws IOException {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        JsonNode node;
        try {
          node = Json.MAPPER.readTree(line);
        } catch (JacksonException torn) {
          return; // the process died in the middle of this line: nothing after it was committed
        }
        long rv = node.path("rv").asLong();
        if (rv > afterRv) {
          log.add(
              new Entry(
                  rv,
                  node.path("op").asString().equals("DELETE"),
                  node.path("r").asString(),
                  (ObjectNode) node.get("o")));
        }
      }
    }
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().matches("wal-\\d+\\.log"))
          .sorted()
          .toList();
    }
  }

  /** Starts a new segment whose entries begin after {@code rv}. */
  void openSegment(long rv) {
    try {
      if (out != null) {
        out.close();
      }
      segment = dir.resolve(String.format("wal-%020d.log", rv + 1));
      out =
          new BufferedOutputStream(
              Files.newOutputStream(segment, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
              1 << 16);
      entriesInSegment = 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Appends one commit and hands it to the OS. */
  void append(long rv, boolean delete, String resource, byte[] object) {
    try {
      String head =
          "{\"rv\":"
              + rv
              + ",\"op\":\""
              + (delete ? "DELETE" : "PUT")
              + "\",\"r\":\""
              + resource
              + "\",\"o\":";
      out.write(head.getBytes(StandardCharsets.UTF_8));
      out.write(object);
      out.write('}');
      out.write('\n');
      out.flush();
      entriesInSegment++;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long entriesInSegment() {
    return entriesInSegment;
  }

  /**
   * Writes a snapshot at {@code rv} and removes the segments it covers. The caller has already
   * rotated to a segment starting after {@code rv}, so only older segments are deleted.
   */
  /** One object of a snapshot: its stored form, serialized (if not yet) while writing. */
  record Snapshotted(String resource, Stored stored) {}

  void writeSnapshot(long rv, List<Snapshotted> objects) {
    try {
      Path tmp = dir.resolve(SNAPSHOT + ".tmp");
      try (OutputStream snapshot = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
        snapshot.write(("{\"rv\":" + rv + "}\n").getBytes(StandardCharsets.UTF_8));
        for (Snapshotted entry : objects) {
          snapshot.write(
              ("{\"r\":\"" + entry.resource() + "\",\"o\":").getBytes(StandardCharsets.UTF_8));
          snapshot.write(entry.stored().json());
          snapshot.write('}');
          snapshot.write('\n');
        }
      }
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      Files.move(tmp, dir.resolve(SNAPSHOT), StandardCopyOption.ATOMIC_MOVE);
      for (Path file : segments()) {
        if (file.compareTo(segment) < 0) {
          Files.delete(file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      if (out != null) {
        out.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

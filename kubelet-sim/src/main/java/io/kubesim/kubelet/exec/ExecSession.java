package io.kubesim.kubelet.exec;

import io.kubesim.core.Addresses;
import io.kubesim.core.client.ExecStream;
import io.kubesim.core.json.Json;
import io.kubesim.kubelet.shell.Files;
import io.kubesim.kubelet.shell.Machine;
import io.kubesim.kubelet.shell.Network;
import io.kubesim.kubelet.shell.Shell;
import io.kubesim.kubelet.shell.World;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One {@code kubectl exec} process in a container: the shell simulation runs on a thread of its own
 * in real time, reading stdin from the apiserver's messages (through a {@link LineDiscipline} with
 * a tty) and writing its output back; the last message is the v4 Status, as the kubelet writes it
 * on the error stream. See {@link ExecStream} for the messages.
 */
public final class ExecSession {
  private static final Logger LOG = LoggerFactory.getLogger(ExecSession.class);
  private static final Pattern WIDTH = Pattern.compile("\"Width\"\\s*:\\s*(\\d+)");
  private static final String EOF = "\u0004EOF";

  /** How often the session asks whether the apiserver still reads it. */
  static final long PING_MILLIS = 10_000;

  /** A session the apiserver never starts (it died in between) is dropped after this long. */
  static final long START_TIMEOUT_MILLIS = 60_000;

  /** What the process reads and writes: PodExecOptions, with stderr dropped for a tty. */
  public record Options(boolean stdin, boolean stdout, boolean stderr, boolean tty) {
    public static Options parse(Map<String, List<String>> query) {
      boolean tty = flag(query, "tty");
      return new Options(
          flag(query, "stdin"), flag(query, "stdout"), flag(query, "stderr") && !tty, tty);
    }

    private static boolean flag(Map<String, List<String>> query, String name) {
      List<String> v = query.get(name);
      return v != null
          && !v.isEmpty()
          && List.of("1", "t", "T", "true", "TRUE", "True").contains(v.get(0));
    }
  }

  private final Vertx vertx;
  private final Context context;
  private final ExecutorService threads;
  private final String out;
  private final String in = Addresses.EXEC_SESSION_PREFIX + UUID.randomUUID();
  private final List<String> argv;
  private final Options options;
  private final Machine machine;
  private final Files files;
  private final Network network;
  private final Clock clock;
  private final int pid;
  private final Runnable onEnd;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final LineDiscipline tty = new LineDiscipline();
  private final java.io.ByteArrayOutputStream pendingOut = new java.io.ByteArrayOutputStream();
  private final java.io.ByteArrayOutputStream pendingErr = new java.io.ByteArrayOutputStream();

  /** Standard input without a tty, as it came (tar reads an archive): chunks, then {@link #END}. */
  private final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();

  private static final byte[] END = new byte[0];

  /** What the process has taken from {@link #chunks} and not read yet (its thread only). */
  private final java.io.ByteArrayOutputStream unread = new java.io.ByteArrayOutputStream();

  private boolean inputEnded;
  private MessageConsumer<Buffer> consumer;
  private volatile int columns = 80;
  private volatile boolean busy;
  private volatile boolean killed;
  private volatile int killedWith = -1;
  private boolean flushScheduled;
  private boolean ended;
  private long pingTimer = -1;
  private java.util.concurrent.Future<?> running;
  private volatile Thread worker;

  public ExecSession(
      Vertx vertx,
      ExecutorService threads,
      String out,
      List<String> argv,
      Options options,
      Machine machine,
      Files files,
      Network network,
      Clock clock,
      int pid,
      Runnable onEnd) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.threads = threads;
    this.out = out;
    this.argv = argv;
    this.options = options;
    this.machine = machine;
    this.files = files;
    this.network = network;
    this.clock = clock;
    this.pid = pid;
    this.onEnd = onEnd;
  }

  /** Listens for the apiserver's messages; completes with the address it listens on. */
  public Future<String> listen() {
    consumer = vertx.eventBus().consumer(in, this::onMessage);
    vertx.setTimer(
        START_TIMEOUT_MILLIS,
        t -> {
          if (running == null) {
            kill();
          }
        });
    return consumer.completion().map(v -> in);
  }

  public int pid() {
    return pid;
  }

  public List<String> argv() {
    return argv;
  }

  private void onMessage(Message<Buffer> message) {
    var headers = message.headers();
    if (headers.contains(ExecStream.START)) {
      start();
    } else if (headers.contains(ExecStream.CANCEL)) {
      kill();
    } else if (String.valueOf(ExecStream.RESIZE).equals(headers.get(ExecStream.CHANNEL))) {
      Matcher m = WIDTH.matcher(message.body().toString(StandardCharsets.UTF_8));
      int width = m.find() ? Integer.parseInt(m.group(1)) : 0;
      if (width > 0) { // a terminal that knows no size says 0: keep 80
        columns = width;
      }
    } else if (String.valueOf(ExecStream.STDIN).equals(headers.get(ExecStream.CHANNEL))) {
      if (headers.contains(ExecStream.CLOSE)) {
        chunks.add(END);
        lines.add(EOF);
      } else {
        stdin(message.body().getBytes());
      }
    }
  }

  private void stdin(byte[] bytes) {
    if (!options.stdin()) {
      return;
    }
    if (!options.tty()) {
      chunks.add(bytes);
      return;
    }
    LineDiscipline.Result typed = tty.type(bytes);
    if (!typed.echo().isEmpty()) {
      write(typed.echo(), false);
    }
    lines.addAll(typed.lines());
    if (typed.interrupt()) {
      Thread t = worker;
      if (busy && t != null) {
        t.interrupt(); // the command stops (status 130); an interactive shell goes on
      } else {
        lines.add(Shell.INTERRUPTED);
      }
    }
    if (typed.endOfInput()) {
      lines.add(EOF);
    }
  }

  private void start() {
    if (running != null) {
      return;
    }
    pingTimer = vertx.setPeriodic(PING_MILLIS, t -> ping());
    running = threads.submit(this::run);
  }

  /** The session's thread: the process from start to exit. */
  private void run() {
    worker = Thread.currentThread();
    ObjectNode status;
    try {
      int code =
          Shell.exec(argv, machine, files, new RealWorld(clock, network), pid, new Terminal());
      status = code == 0 ? ExecStream.success() : exited(code);
    } catch (Shell.NotExecutable e) {
      status =
          ExecStream.internal(
              "error executing command in container: failed to exec in container: failed to start"
                  + " exec \""
                  + HexFormat.of().formatHex(new SecureRandom().generateSeed(32))
                  + "\": OCI runtime exec failed: exec failed: unable to start container process: "
                  + e.getMessage());
    } catch (World.Stop e) {
      status = !killed ? exited(130) : killedWith >= 0 ? exited(killedWith) : null;
    } catch (RuntimeException e) {
      LOG.error("exec {} failed", argv, e);
      status = ExecStream.internal("error executing command in container: " + e);
    }
    worker = null;
    Thread.interrupted(); // a ^C that came too late must not reach the pool's next task
    ObjectNode last = status;
    context.runOnContext(v -> end(last));
  }

  /** containerd's exit error, as the kubelet wraps it. */
  private ObjectNode exited(int code) {
    return ExecStream.exitCode(
        code,
        "command terminated with non-zero exit code: error executing command ["
            + String.join(" ", argv)
            + "], exit code "
            + code);
  }

  private void end(ObjectNode status) {
    if (ended) {
      return;
    }
    ended = true;
    flush();
    if (status != null) {
      send(Buffer.buffer(Json.bytes(status)), ExecStream.ERROR);
    }
    close();
  }

  /** The container stopped: the process dies of SIGKILL (137) and the client is told. */
  public void containerStopped() {
    killedWith = 137;
    kill();
  }

  /** The apiserver went away or asked to stop: the process is killed. */
  public void kill() {
    killed = true;
    lines.add(EOF);
    chunks.add(END);
    Thread t = worker;
    if (t != null) {
      t.interrupt();
    } else if (running == null) {
      close();
    }
  }

  private void close() {
    vertx.cancelTimer(pingTimer);
    if (consumer != null) {
      consumer.unregister();
    }
    onEnd.run();
  }

  private void ping() {
    vertx
        .eventBus()
        .<Buffer>request(
            out,
            Buffer.buffer(),
            new DeliveryOptions().addHeader(ExecStream.PING, "true").setSendTimeout(PING_MILLIS))
        .onComplete(
            r -> {
              if (r.failed() || !"ok".equals(r.result().body().toString())) {
                kill();
              }
            });
  }

  // --- output: coalesced and sent in order from the session's context --------------------------

  private void write(String text, boolean stderr) {
    write(text.getBytes(StandardCharsets.UTF_8), stderr);
  }

  private void write(byte[] data, boolean stderr) {
    synchronized (pendingOut) {
      (stderr ? pendingErr : pendingOut).writeBytes(data);
      if (flushScheduled) {
        return;
      }
      flushScheduled = true;
    }
    context.runOnContext(v -> flush());
  }

  private void flush() {
    byte[] o;
    byte[] e;
    synchronized (pendingOut) {
      o = pendingOut.toByteArray();
      e = pendingErr.toByteArray();
      pendingOut.reset();
      pendingErr.reset();
      flushScheduled = false;
    }
    if (e.length > 0 && options.stderr()) {
      send(Buffer.buffer(e), ExecStream.STDERR);
    }
    if (o.length > 0 && options.stdout()) {
      send(Buffer.buffer(o), ExecStream.STDOUT);
    }
  }

  private void send(Buffer body, int channel) {
    vertx
        .eventBus()
        .send(
            out,
            body,
            new DeliveryOptions().addHeader(ExecStream.CHANNEL, Integer.toString(channel)));
  }

  /** The process's side of the session. */
  private final class Terminal implements Shell.Terminal {
    @Override
    public void out(String text) {
      write(options.tty() ? LineDiscipline.output(text) : text, false);
    }

    @Override
    public void err(String text) {
      write(options.tty() ? LineDiscipline.output(text) : text, !options.tty());
    }

    @Override
    public void outBytes(byte[] data) {
      write(data, false);
    }

    @Override
    public byte[] readAllBytes() {
      if (!options.stdin() || options.tty()) {
        return Shell.Terminal.super.readAllBytes();
      }
      while (take()) {
        // until the end of input
      }
      byte[] all = unread.toByteArray();
      unread.reset();
      return all;
    }

    /** Moves the next chunk of input to {@link #unread}; false at the end of input. */
    private boolean take() {
      if (inputEnded) {
        return false;
      }
      try {
        byte[] chunk = chunks.take();
        if (chunk == END) {
          inputEnded = true;
          return false;
        }
        unread.writeBytes(chunk);
        return true;
      } catch (InterruptedException e) {
        if (killed) {
          inputEnded = true;
          return false;
        }
        throw new World.Stop();
      }
    }

    /** The next line of input without a tty: up to a newline, or what is left at the end. */
    private String rawLine() {
      while (true) {
        byte[] have = unread.toByteArray();
        for (int i = 0; i < have.length; i++) {
          if (have[i] == '\n') {
            unread.reset();
            unread.write(have, i + 1, have.length - i - 1);
            return new String(have, 0, i, StandardCharsets.UTF_8);
          }
        }
        if (!take()) {
          unread.reset();
          return have.length == 0 ? null : new String(have, StandardCharsets.UTF_8);
        }
      }
    }

    @Override
    public String readLine() {
      if (!options.stdin()) {
        return null;
      }
      if (!options.tty()) {
        return rawLine();
      }
      try {
        String line = lines.take();
        return line.equals(EOF) ? null : line;
      } catch (InterruptedException e) {
        if (killed) {
          return null;
        }
        throw new World.Stop();
      }
    }

    @Override
    public boolean tty() {
      return options.tty();
    }

    @Override
    public int columns() {
      return columns;
    }

    @Override
    public void busy(boolean now) {
      busy = now;
    }
  }
}

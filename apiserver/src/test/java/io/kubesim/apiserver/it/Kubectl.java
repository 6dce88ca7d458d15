package io.kubesim.apiserver.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the real {@code kubectl} binary against the shared test apiserver, with its own kubeconfig
 * and a discovery cache directory private to one instance (so discovery is cached within a test
 * class but always fresh per run).
 */
public final class Kubectl implements AutoCloseable {
  static final long TIMEOUT_SECONDS = 60;

  private final Path kubeconfig;
  private final Path cacheDir;

  public Kubectl() {
    this(null);
  }

  /** kubectl with a copy of the given kubeconfig (null: one for the shared test server). */
  public Kubectl(Path source) {
    try {
      if (source == null) {
        this.kubeconfig = TestCluster.kubeconfig();
      } else {
        this.kubeconfig = Files.createTempFile("kubeconfig", ".yaml");
        Files.copy(source, kubeconfig, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      this.cacheDir = Files.createTempDirectory("kubectl-cache");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes the kubeconfig file and the discovery cache. */
  @Override
  public void close() {
    try (Stream<Path> files = Files.walk(cacheDir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(kubeconfig);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The outcome of one finished kubectl command. */
  public record Result(int exitCode, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
  }

  /** Runs {@code kubectl args...} with no stdin. */
  public Result run(String... args) {
    return runWithInput(null, args);
  }

  /** Runs {@code kubectl args...}, writing {@code stdin} (if not null) to its standard input. */
  public Result runWithInput(String stdin, String... args) {
    return runWithEnv(Map.of(), stdin, args);
  }

  /**
   * Runs {@code kubectl args...} with extra environment variables (such as {@code KUBE_EDITOR}),
   * writing {@code stdin} (if not null) to its standard input.
   */
  public Result runWithEnv(Map<String, String> env, String stdin, String... args) {
    Process process = start(env, args);
    try {
      // Drain both streams concurrently so a chatty command cannot block on a full pipe.
      Drain out = new Drain(process.getInputStream());
      Drain err = new Drain(process.getErrorStream());
      try (OutputStream in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
        throw new AssertionError(
            "kubectl "
                + String.join(" ", args)
                + " did not finish within "
                + TIMEOUT_SECONDS
                + " s\n--- stdout\n"
                + out.text()
                + "--- stderr\n"
                + err.text());
      }
      out.finish();
      err.finish();
      return new Result(process.exitValue(), out.text(), err.text());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException(e);
    }
  }

  /** Starts a long-running command such as {@code get -w}; read it while it runs, then stop it. */
  public Background background(String... args) {
    return background(Map.of(), args);
  }

  /** {@link #background(String...)} with extra environment variables. */
  public Background background(Map<String, String> env, String... args) {
    Process process = start(env, args);
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Background(
        process, new Drain(process.getInputStream()), new Drain(process.getErrorStream()));
  }

  /**
   * Starts {@code kubectl args...} on a pseudo-terminal made by util-linux {@code script}, so that
   * kubectl sees a terminal (and {@code -t} gives a tty); what is typed goes to it as keys.
   */
  public Terminal terminal(String... args) {
    StringBuilder line =
        new StringBuilder("exec kubectl --kubeconfig ").append(quote(kubeconfig.toString()));
    for (String a : args) {
      line.append(' ').append(quote(a));
    }
    ProcessBuilder builder = new ProcessBuilder("script", "-qefc", line.toString(), "/dev/null");
    builder.environment().put("KUBECACHEDIR", cacheDir.toString());
    builder.environment().remove("KUBECONFIG");
    builder.redirectErrorStream(true);
    try {
      Process process = builder.start();
      return new Terminal(process, new Drain(process.getInputStream()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String quote(String arg) {
    return "'" + arg.replace("'", "'\\''") + "'";
  }

  /** kubectl on a pseudo-terminal: type into it, read what the terminal shows. */
  public static final class Terminal implements AutoCloseable {
    private final Process process;
    private final Drain screen;

    private Terminal(Process process, Drain screen) {
      this.process = process;
      this.screen = screen;
    }

    /** Sends keys as a terminal does (Enter is {@code \r}). */
    public void type(String keys) {
      try {
        process.getOutputStream().write(keys.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Everything the terminal showed so far (kubectl's stdout and stderr alike). */
    public String screen() {
      return screen.text();
    }

    public boolean isAlive() {
      return process.isAlive();
    }

    /** kubectl's exit code once it ended, or -1 while it runs. */
    public int exitCode() {
      return process.isAlive() ? -1 : process.exitValue();
    }

    @Override
    public void close() {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      try {
        process.waitFor(5, TimeUnit.SECONDS);
        screen.finish();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public String toString() {
      return "--- screen\n" + screen();
    }
  }

  private Process start(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add("kubectl");
    command.add("--kubeconfig");
    command.add(kubeconfig.toString());
    command.addAll(Arrays.asList(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("KUBECACHEDIR", cacheDir.toString());
    builder.environment().remove("KUBECONFIG");
    builder.environment().putAll(env);
    try {
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A kubectl process still running, whose output so far can be read. */
  public static final class Background implements AutoCloseable {
    private final Process process;
    private final Drain out;
    private final Drain err;

    private Background(Process process, Drain out, Drain err) {
      this.process = process;
      this.out = out;
      this.err = err;
    }

    public String stdout() {
      return out.text();
    }

    public String stderr() {
      return err.text();
    }

    public boolean isAlive() {
      return process.isAlive();
    }

    /** Kills the process (and any child the dispatcher started) and waits for it to end. */
    @Override
    public void close() {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
          process.waitFor(5, TimeUnit.SECONDS);
        }
        out.finish();
        err.finish();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public String toString() {
      return "--- stdout\n" + stdout() + "--- stderr\n" + stderr();
    }
  }

  /** Copies a stream into a buffer on its own thread; the buffer can be read at any time. */
  private static final class Drain extends Thread {
    private final InputStream in;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    Drain(InputStream in) {
      this.in = in;
      setDaemon(true);
      start();
    }

    @Override
    public void run() {
      byte[] chunk = new byte[8192];
      try {
        int n;
        while ((n = in.read(chunk)) >= 0) {
          synchronized (buffer) {
            buffer.write(chunk, 0, n);
          }
        }
      } catch (IOException e) {
        // the process was killed; keep what was read
      }
    }

    String text() {
      synchronized (buffer) {
        return buffer.toString(StandardCharsets.UTF_8);
      }
    }

    void finish() throws InterruptedException {
      join(TimeUnit.SECONDS.toMillis(5));
    }
  }
}

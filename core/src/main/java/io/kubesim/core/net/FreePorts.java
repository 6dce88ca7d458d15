package io.kubesim.core.net;

import java.io.IOException;
import java.net.BindException;
import java.net.ServerSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ports for tests and benchmarks that must name a port before a server binds it (in a config, on a
 * command line). A port found free may be taken by another process before the bind, so a start that
 * fails to bind is tried again on fresh ports. A server that can listen on port 0 and report the
 * port it bound needs none of this.
 */
public final class FreePorts {
  static final int ATTEMPTS = 5;
  private static final Logger LOG = LoggerFactory.getLogger(FreePorts.class);
  private static final String IN_USE = "Address already in use";

  private FreePorts() {}

  /** A start that chooses its ports with {@link #free()} each time it runs. */
  @FunctionalInterface
  public interface Attempt<T> {
    T run() throws Exception;
  }

  /** A port nothing listens on at this moment (the kernel's choice): no promise for later. */
  public static int free() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Runs {@code attempt}, again while it fails to bind, {@value #ATTEMPTS} times at most. */
  public static <T> T retryOnBind(Attempt<T> attempt) throws Exception {
    for (int tries = 1; ; tries++) {
      try {
        return attempt.run();
      } catch (Exception e) {
        if (tries == ATTEMPTS || !isBindFailure(e)) {
          throw e;
        }
        LOG.warn(
            "a port was taken before the bind ({}); trying again on fresh ports", e.toString());
      }
    }
  }

  /**
   * Throws a BindException when another process's output shows one (a Java process logs the
   * exception that ended its start), so that its failed start is retried as one in this JVM.
   */
  public static void failIfBindFailedIn(String output) throws BindException {
    if (output.contains(BindException.class.getName())) {
      throw new BindException("the process could not bind its port: " + IN_USE);
    }
  }

  /** A BindException anywhere in the causes (Vert.x and futures wrap it), or its message. */
  static boolean isBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException
          || (t.getMessage() != null && t.getMessage().contains(IN_USE))) {
        return true;
      }
    }
    return false;
  }
}

package io.kubesim.core.client;

import io.kubesim.core.json.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * An exec or attach session between the apiserver and the kubelet of the pod's node, on the event
 * bus (where the real apiserver opens a SPDY connection to the kubelet's {@code /exec} endpoint).
 *
 * <ol>
 *   <li>The apiserver listens on an address of its own and sends the kubelet ({@code
 *       Addresses.KUBELET_PREFIX + node}) an {@link ApiCall} for {@code .../pods/<name>/exec} (or
 *       {@code attach}) with the client's query and {@link ApiCall#STREAM_ADDRESS} naming that
 *       address.
 *   <li>The kubelet replies with an {@link ApiReply}: 200 with the address of the session's input
 *       as text, or the kubelet's error (a 404 or 500 with a text body, as its HTTP endpoint
 *       answers).
 *   <li>Once the client's streams are set up, the apiserver sends the input address a message with
 *       header {@link #START}; the command runs from then on.
 *   <li>Both directions carry Buffer messages with header {@link #CHANNEL} (the channel numbers of
 *       the {@code channel.k8s.io} protocols: {@link #STDIN} ... {@link #RESIZE}); {@link #CLOSE}
 *       marks the end of a channel (stdin at EOF). The kubelet's last message is the v4 Status on
 *       {@link #ERROR}; the apiserver ends a session early with header {@link #CANCEL}.
 *   <li>The kubelet asks every few seconds whether the apiserver is still there (a request with
 *       header {@link #PING}); a session nobody answers for is cancelled.
 * </ol>
 */
public final class ExecStream {
  public static final String CHANNEL = "channel";
  public static final String CLOSE = "close";
  public static final String START = "start";
  public static final String CANCEL = "cancel";
  public static final String PING = "ping";

  public static final int STDIN = 0;
  public static final int STDOUT = 1;
  public static final int STDERR = 2;
  public static final int ERROR = 3;
  public static final int RESIZE = 4;

  /** Reason of the Status a command that exited with a code other than 0 ends with. */
  public static final String NON_ZERO_EXIT_CODE = "NonZeroExitCode";

  private ExecStream() {}

  /** {@code {"metadata":{},"status":"Success"}}: the command exited 0. */
  public static ObjectNode success() {
    ObjectNode status = Json.object();
    status.putObject("metadata");
    status.put("status", "Success");
    return status;
  }

  /**
   * The command exited with {@code code}, as the kubelet reports it: reason NonZeroExitCode and the
   * code as the message of an ExitCode cause (a StatusCause's type is "reason" in JSON).
   */
  public static ObjectNode exitCode(int code, String message) {
    ObjectNode status = Json.object();
    status.putObject("metadata");
    status.put("status", "Failure");
    status.put("message", message);
    status.put("reason", NON_ZERO_EXIT_CODE);
    ObjectNode cause = status.putObject("details").putArray("causes").addObject();
    cause.put("reason", "ExitCode");
    cause.put("message", Integer.toString(code));
    return status;
  }

  /** apierrors.NewInternalError: the message gets "Internal error occurred: " in front. */
  public static ObjectNode internal(String error) {
    ObjectNode status = Json.object();
    status.putObject("metadata");
    status.put("status", "Failure");
    status.put("message", "Internal error occurred: " + error);
    status.put("reason", "InternalError");
    status.putObject("details").putArray("causes").addObject().put("message", error);
    status.put("code", 500);
    return status;
  }

  /** The exit code of a NonZeroExitCode Status, or -1 for any other Status. */
  public static int exitCodeOf(ObjectNode status) {
    if (!NON_ZERO_EXIT_CODE.equals(status.path("reason").asString(""))) {
      return -1;
    }
    for (var cause : status.path("details").path("causes")) {
      if ("ExitCode".equals(cause.path("reason").asString(""))) {
        try {
          return Integer.parseInt(cause.path("message").asString(""));
        } catch (NumberFormatException e) {
          return -1;
        }
      }
    }
    return -1;
  }
}

package io.kubesim.kubelet.shell;

import java.util.List;

/** HTTP from inside the container, as {@code wget} and {@code curl} do it. */
public interface Network {

  /**
   * The answer: status code and reason, header lines ({@code Name: value}) and body; or the reason
   * no answer came.
   */
  record Response(int status, String reason, List<String> headers, String body, Failure failure) {
    public static Response failed(Failure failure) {
      return new Response(0, "", List.of(), "", failure);
    }
  }

  /** Why a request got no answer. */
  enum Failure {
    /** The host name does not resolve (there is no cluster DNS yet). */
    UNKNOWN_HOST,
    /** Nothing listens there. */
    REFUSED
  }

  /**
   * {@code GET path} (or {@code HEAD}) from {@code host:port}: host an IP, {@code localhost} or a
   * name; {@code userAgent} as the tool sends it.
   */
  Response get(String method, String host, int port, String path, String userAgent);
}

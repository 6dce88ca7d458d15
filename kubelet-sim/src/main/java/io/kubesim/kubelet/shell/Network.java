package io.kubesim.kubelet.shell;

import java.util.List;
import org.xbill.DNS.Message;

/**
 * The container's network: HTTP as {@code wget} and {@code curl} do it, and DNS queries to a
 * nameserver, as {@code nslookup} and the resolver send them.
 */
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
    /** The host name does not resolve. */
    UNKNOWN_HOST,
    /** Nothing listens there. */
    REFUSED
  }

  /**
   * {@code GET path} (or {@code HEAD}) from {@code host:port}: host an IP, {@code localhost} or a
   * name; {@code userAgent} as the tool sends it.
   */
  Response get(String method, String host, int port, String path, String userAgent);

  /**
   * Sends {@code query} over UDP to port 53 of {@code nameserver} (an address of resolv.conf, or
   * nslookup's argument) as the pod's packet would go; the reply, or null when none comes (no such
   * server, or it did not answer in time).
   */
  default Message query(String nameserver, Message query) {
    return null;
  }
}

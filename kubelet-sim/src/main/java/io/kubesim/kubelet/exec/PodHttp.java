package io.kubesim.kubelet.exec;

import io.kubesim.core.client.ApiClient;
import io.kubesim.core.net.PodNetwork;
import io.kubesim.kubelet.shell.Network;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.xbill.DNS.Message;

/**
 * The network of a container (blocking: an exec session's thread calls it). HTTP to pod IPs, and to
 * the container's own {@code localhost}, goes through the pod network table to the real server of
 * the simulated app. Any other address (a Service's cluster IP, a load balancer's, a node's) goes
 * through the node's kube-proxy, as the packet would: its proxy into the cluster network
 * (KUBESIM_PROXY_URL, {@code http://127.0.0.1:3128}) sends it through this node's rules as a packet
 * from this pod. Names arrive resolved: the shell's resolver asks the cluster DNS, whose queries
 * {@link ClusterDns} delivers.
 */
public final class PodHttp implements Network {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private static final Map<Integer, String> REASONS =
      Map.of(
          200, "OK",
          201, "Created",
          204, "No Content",
          301, "Moved Permanently",
          302, "Found",
          400, "Bad Request",
          403, "Forbidden",
          404, "Not Found",
          500, "Internal Server Error",
          503, "Service Unavailable");

  /** KUBESIM_PROXY_URL (a system property of that name wins: in-process tests). */
  private static final URI PROXY =
      URI.create(
          System.getProperty(
              "KUBESIM_PROXY_URL",
              System.getenv().getOrDefault("KUBESIM_PROXY_URL", "http://127.0.0.1:3128")));

  private static final HttpClient PROXIED =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .proxy(
              java.net.ProxySelector.of(
                  new java.net.InetSocketAddress(PROXY.getHost(), PROXY.getPort())))
          .build();

  private final PodNetwork network;
  private final String ownIp;
  private final String node;
  private final ClusterDns dns;

  /**
   * @param node the pod's node, whose rules its packets take
   * @param api where the cluster DNS's endpoint is read
   */
  public PodHttp(PodNetwork network, String ownIp, String node, ApiClient api) {
    this.network = network;
    this.ownIp = ownIp;
    this.node = node;
    this.dns = new ClusterDns(api);
  }

  @Override
  public Message query(String nameserver, Message query) {
    return dns.query(nameserver, query);
  }

  @Override
  public Response get(String method, String host, int port, String path, String userAgent) {
    String ip = host.equals("localhost") || host.startsWith("127.") ? ownIp : host;
    if (!IPV4.matcher(ip).matches()) {
      return Response.failed(Failure.UNKNOWN_HOST);
    }
    String real;
    try {
      real =
          network
              .lookup(ip, port)
              .toCompletionStage()
              .toCompletableFuture()
              .get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Response.failed(Failure.REFUSED);
    } catch (Exception e) {
      return Response.failed(Failure.REFUSED);
    }
    if (real == null) {
      return ip.equals(ownIp)
          ? Response.failed(Failure.REFUSED)
          : viaKubeProxy(method, ip, port, path, userAgent);
    }
    return send(
        CLIENT,
        HttpRequest.newBuilder(URI.create("http://" + real + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .header("User-Agent", userAgent)
            .header("Accept", "*/*")
            .timeout(Duration.ofSeconds(10))
            .build());
  }

  /**
   * Through the node's kube-proxy: its answer when it routed the request (an endpoint header), its
   * refusal as the client's error (a name it does not know, REJECT or DROP, nothing listening).
   */
  private Response viaKubeProxy(
      String method, String host, int port, String path, String userAgent) {
    Response answer =
        send(
            PROXIED,
            HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("User-Agent", userAgent)
                .header("Accept", "*/*")
                .header("X-Kubesim-Node", node)
                .header("X-Kubesim-Source", ownIp)
                .timeout(Duration.ofSeconds(10))
                .build());
    if (answer.failure() != null
        || answer.body() == null
        || !answer.body().startsWith("kubesim proxy:")) {
      return answer;
    }
    return Response.failed(
        answer.body().contains("no such host") ? Failure.UNKNOWN_HOST : Failure.REFUSED);
  }

  private static Response send(HttpClient client, HttpRequest request) {
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      List<String> headers = new ArrayList<>();
      response
          .headers()
          .map()
          .forEach((name, values) -> values.forEach(v -> headers.add(title(name) + ": " + v)));
      int status = response.statusCode();
      return new Response(status, REASONS.getOrDefault(status, ""), headers, response.body(), null);
    } catch (IOException e) {
      return Response.failed(Failure.REFUSED);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Response.failed(Failure.REFUSED);
    }
  }

  /** {@code content-type} as servers write it: {@code Content-Type}. */
  static String title(String name) {
    StringBuilder b = new StringBuilder(name.length());
    boolean upper = true;
    for (char c : name.toCharArray()) {
      b.append(upper ? Character.toUpperCase(c) : c);
      upper = c == '-';
    }
    return b.toString();
  }
}

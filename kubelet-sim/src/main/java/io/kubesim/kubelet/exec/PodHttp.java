package io.kubesim.kubelet.exec;

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

/**
 * HTTP from inside a container (blocking: an exec session's thread calls it). Pod IPs, and the
 * container's own {@code localhost}, go through the pod network table to the real server of the
 * simulated app; names do not resolve (there is no cluster DNS yet), and nothing answers on an
 * address no pod serves (Service cluster IPs included: there is no kube-proxy in the path).
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

  private final PodNetwork network;
  private final String ownIp;

  public PodHttp(PodNetwork network, String ownIp) {
    this.network = network;
    this.ownIp = ownIp;
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
      return Response.failed(Failure.REFUSED);
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + real + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .header("User-Agent", userAgent)
            .header("Accept", "*/*")
            .timeout(Duration.ofSeconds(10))
            .build();
    try {
      HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
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

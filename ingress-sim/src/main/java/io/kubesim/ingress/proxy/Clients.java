package io.kubesim.ingress.proxy;

import io.kubesim.ingress.annotations.BackendProtocol;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * One event loop's HTTP clients to the pods, by backend protocol: HTTP/1.1 with keep-alive (the
 * upstream keepalive ingress-nginx configures), TLS without verifying the pod's certificate (as
 * proxy_ssl_verify off), HTTP/2 in clear text (grpc://) and over TLS (grpcs://).
 */
final class Clients {
  /** proxy-connect-timeout. */
  static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  private final Vertx vertx;
  private HttpClient plain;
  private HttpClient tls;
  private HttpClient h2c;
  private HttpClient h2;

  Clients(Vertx vertx) {
    this.vertx = vertx;
  }

  HttpClient client(BackendProtocol protocol, boolean clientTls) {
    boolean secure = protocol.tls(clientTls);
    if (protocol.http2()) {
      return secure ? h2() : h2c();
    }
    return secure ? tls() : plain();
  }

  private HttpClient plain() {
    if (plain == null) {
      plain = create(base());
    }
    return plain;
  }

  private HttpClient tls() {
    if (tls == null) {
      tls = create(base().setSsl(true).setTrustAll(true).setVerifyHost(false));
    }
    return tls;
  }

  private HttpClient h2c() {
    if (h2c == null) {
      h2c = create(base().setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
    }
    return h2c;
  }

  private HttpClient h2() {
    if (h2 == null) {
      h2 =
          create(
              base()
                  .setProtocolVersion(HttpVersion.HTTP_2)
                  .setSsl(true)
                  .setUseAlpn(true)
                  .setTrustAll(true)
                  .setVerifyHost(false));
    }
    return h2;
  }

  private static HttpClientOptions base() {
    return new HttpClientOptions()
        .setKeepAlive(true)
        .setConnectTimeout(CONNECT_TIMEOUT_MILLIS)
        .setMaxRedirects(0)
        .setDecompressionSupported(false);
  }

  private HttpClient create(HttpClientOptions options) {
    return vertx
        .httpClientBuilder()
        .with(options)
        .with(new PoolOptions().setHttp1MaxSize(256).setMaxWaitQueueSize(-1))
        .build();
  }

  Future<Void> close() {
    List<Future<Void>> closing = new ArrayList<>();
    for (HttpClient c : new HttpClient[] {plain, tls, h2c, h2}) {
      if (c != null) {
        closing.add(c.close());
      }
    }
    return Future.all(closing).mapEmpty();
  }
}

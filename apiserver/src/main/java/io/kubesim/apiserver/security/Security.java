package io.kubesim.apiserver.security;

import io.kubesim.apiserver.ApiServerConfig;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * The secure port as the config asks: with TLS, the cluster certificates and the admin token (made
 * on first start) and the admin kubeconfig written for users; without, plain HTTP and no
 * authentication (only when explicitly configured).
 *
 * @param tokens null when authentication is off
 */
public record Security(HttpServerOptions serverOptions, Tokens tokens) {

  public static Security setUp(ApiServerConfig config) {
    if (!config.tls()) {
      if (config.kubeconfigOut() != null) {
        Kubeconfig.write(
            config.kubeconfigOut(), Kubeconfig.render(config.kubeconfigServer(), null, null));
      }
      return new Security(new HttpServerOptions(), null);
    }
    Pki pki = Pki.ensure(config.pkiDir(), config.extraSans());
    Tokens tokens = Tokens.ensure(config.pkiDir().resolve("admin.token"));
    try {
      byte[] ca = Files.readAllBytes(pki.caCert());
      Kubeconfig.write(
          config.kubeconfigOut(),
          Kubeconfig.render(config.kubeconfigServer(), ca, tokens.adminToken()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    HttpServerOptions options =
        new HttpServerOptions()
            .setSsl(true)
            .setKeyCertOptions(
                new PemKeyCertOptions()
                    .setCertPath(pki.servingCert().toString())
                    .setKeyPath(pki.servingKey().toString()));
    return new Security(options, tokens);
  }
}

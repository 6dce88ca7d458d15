package io.kubesim.ingress.conf;

import io.kubesim.ingress.annotations.Annotations;
import io.kubesim.ingress.annotations.Canary;
import io.kubesim.ingress.model.Configuration;
import io.kubesim.ingress.model.Endpoint;
import io.kubesim.ingress.model.Location;
import io.kubesim.ingress.model.PathType;
import io.kubesim.ingress.model.Server;
import io.kubesim.ingress.model.Upstream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The configuration as ingress-nginx's nginx.conf shows it, cut to what routing needs: a server per
 * host with its listeners and certificate, a location per path with the variables and directives
 * ingress-nginx sets there (allow/deny, the redirect flags, rewrite, proxy_pass), and, since
 * ingress-nginx keeps its endpoints in Lua rather than in the file, each upstream written out as an
 * nginx upstream block with its endpoints and canary. Pure and deterministic: the same
 * configuration, the same text (the file is rewritten only when it changes).
 */
public final class NginxConf {
  private NginxConf() {}

  /**
   * @param httpPort the port nginx listens on for HTTP (80 in the container)
   * @param httpsPort for HTTPS (443)
   */
  public static String render(Configuration config, int httpPort, int httpsPort) {
    StringBuilder b = new StringBuilder(4096);
    b.append(
        "\n# setup custom paths that do not require root access\npid /tmp/nginx/nginx.pid;\n\n");
    b.append("daemon off;\n\nworker_processes 2;\n\nevents {\n\tmulti_accept        on;\n");
    b.append("\tworker_connections  16384;\n\tuse                 epoll;\n}\n\nhttp {\n");
    b.append("\tserver_tokens off;\n\tssl_protocols TLSv1.2 TLSv1.3;\n");
    b.append("\tssl_certificate     /etc/ingress-controller/ssl/default-fake-certificate.pem;\n");
    b.append("\tssl_certificate_key /etc/ingress-controller/ssl/default-fake-certificate.pem;\n\n");
    b.append("\tupstream upstream_balancer {\n\t\t### Attention!!!\n\t\t#\n");
    b.append("\t\t# We no longer create \"upstream\" section for every backend.\n");
    b.append("\t\t# Backends are handled dynamically using Lua. If you would like to debug\n");
    b.append("\t\t# and see what backends ingress-nginx has in its memory you can\n");
    b.append(
        "\t\t# install our kubectl plugin https://kubernetes.github.io/ingress-nginx/kubectl-plugin.\n");
    b.append(
        "\t\t# Once you have the plugin you can use \"kubectl ingress-nginx backends\" command to\n");
    b.append("\t\t# inspect current backends.\n\t\t#\n\t\t###\n\n");
    b.append("\t\tserver 0.0.0.1; # placeholder\n\t\tbalancer_by_lua_block {\n");
    b.append("\t\t\tbalancer.balance()\n\t\t}\n\t\tkeepalive 320;\n\t}\n\n");
    for (Server server : config.servers()) {
      server(b, server, httpPort, httpsPort);
    }
    b.append(
        "\t# kubesim: what \"kubectl ingress-nginx backends\" would list, as upstream blocks\n");
    b.append("\t# (round robin over the ready endpoints of each Service port)\n");
    Map<String, Upstream> upstreams = config.upstreamsByName();
    for (Upstream u : config.upstreams()) {
      upstream(b, u, upstreams);
    }
    b.append("}\n");
    CRC32 crc = new CRC32();
    crc.update(b.toString().getBytes(StandardCharsets.UTF_8));
    return "# Configuration checksum: " + crc.getValue() + "\n" + b;
  }

  private static void server(StringBuilder b, Server server, int httpPort, int httpsPort) {
    boolean catchAll = server.hostname().equals(Server.CATCH_ALL);
    String name = serverName(server.hostname());
    b.append("\t## start server ").append(server.hostname()).append('\n');
    b.append("\tserver {\n\t\tserver_name ").append(name).append(" ;\n\n");
    String flags = catchAll ? " default_server reuseport backlog=4096" : "";
    b.append("\t\tlisten ").append(httpPort).append(flags).append(" ;\n");
    b.append("\t\tlisten [::]:").append(httpPort).append(flags).append(" ;\n");
    b.append("\t\tlisten ").append(httpsPort).append(flags).append(" ssl http2 ;\n");
    b.append("\t\tlisten [::]:").append(httpsPort).append(flags).append(" ssl http2 ;\n\n");
    b.append("\t\tset $proxy_upstream_name \"-\";\n\n");
    b.append("\t\t# certificate: ").append(certificate(server.certificate())).append("\n");
    b.append("\t\tssl_certificate_by_lua_block {\n\t\t\tcertificate.call()\n\t\t}\n\n");
    boolean regex = server.regex();
    for (Location l : server.locations()) {
      location(b, l, regex);
    }
    b.append("\t}\n\t## end server ").append(server.hostname()).append("\n\n");
  }

  private static String certificate(String certificate) {
    if (certificate == null) {
      return "none for this host: the default fake certificate answers";
    }
    if (certificate.equals(Server.DEFAULT_CERTIFICATE)) {
      return "the default fake certificate (CN=Kubernetes Ingress Controller Fake Certificate)";
    }
    return "secret " + certificate;
  }

  /** buildServerName: a wildcard host is a regular expression matching one label. */
  static String serverName(String host) {
    if (!host.startsWith("*.")) {
      return host;
    }
    return "~^(?<subdomain>[\\w-]+)\\." + host.substring(2).replace(".", "\\.") + "$";
  }

  private static void location(StringBuilder b, Location l, boolean regex) {
    String modifier;
    if (regex) {
      modifier = "~* \"^" + l.path() + "\"";
    } else if (l.pathType() == PathType.EXACT) {
      modifier = "= " + l.path();
    } else {
      modifier = l.path();
    }
    Annotations a = l.annotations();
    String ns = l.ingress() == null ? "" : l.ingress().namespace();
    String ing = l.ingress() == null ? "" : l.ingress().name();
    b.append("\t\tlocation ").append(modifier).append(" {\n");
    b.append("\t\t\tset $namespace      \"").append(ns).append("\";\n");
    b.append("\t\t\tset $ingress_name   \"").append(ing).append("\";\n");
    b.append("\t\t\tset $service_name   \"").append(l.service()).append("\";\n");
    b.append("\t\t\tset $location_path  \"").append(l.ingressPath()).append("\";\n\n");
    b.append("\t\t\tset $force_ssl_redirect \"").append(a.forceSslRedirect()).append("\";\n");
    b.append("\t\t\tset $ssl_redirect \"").append(a.sslRedirect()).append("\";\n");
    if (!a.backendProtocol().name().equals("HTTP")) {
      b.append("\t\t\t# backend-protocol: ").append(a.backendProtocol()).append('\n');
    }
    if (a.denied() != null) {
      b.append("\t\t\t# Location denied. Reason: ").append(a.denied()).append("\n");
      b.append("\t\t\treturn 503;\n\t\t}\n\n");
      return;
    }
    for (String range : a.allowlist().ranges()) {
      b.append("\t\t\tallow ").append(range).append(";\n");
    }
    if (!a.allowlist().isEmpty()) {
      b.append("\t\t\tdeny all;\n");
    }
    b.append("\t\t\tset $proxy_upstream_name \"").append(l.backend()).append("\";\n");
    b.append("\t\t\tset $proxy_alternative_upstream_name \"\";\n");
    if (l.rewrites()) {
      b.append("\t\t\trewrite \"(?i)")
          .append(l.path())
          .append("\" ")
          .append(a.rewriteTarget())
          .append(" break;\n");
    }
    String pass = a.backendProtocol().http2() ? "grpc_pass" : "proxy_pass";
    String scheme =
        switch (a.backendProtocol()) {
          case HTTPS -> "https://";
          case GRPC -> "grpc://";
          case GRPCS -> "grpcs://";
          case AUTO_HTTP -> "$scheme://";
          default -> "http://";
        };
    if (l.backend().equals(Upstream.DEFAULT_BACKEND)) {
      pass = "proxy_pass";
      scheme = "http://";
    }
    b.append("\t\t\t").append(pass).append(' ').append(scheme).append("upstream_balancer;\n");
    b.append("\t\t}\n\n");
  }

  private static void upstream(StringBuilder b, Upstream u, Map<String, Upstream> all) {
    b.append("\tupstream ").append(u.name()).append(" {\n");
    if (u.isDefaultBackend()) {
      b.append("\t\t# the controller's default backend: its own 404 page\n");
    } else if (!u.service().isEmpty()) {
      b.append("\t\t# service ")
          .append(u.namespace())
          .append('/')
          .append(u.service())
          .append(", port ")
          .append(u.port())
          .append('\n');
    }
    List<Endpoint> endpoints = u.endpoints();
    if (endpoints.isEmpty()) {
      b.append("\t\t# no ready endpoints: requests get 503 Service Temporarily Unavailable\n");
    }
    for (Endpoint e : endpoints) {
      b.append("\t\tserver ").append(e.hostPort()).append(';');
      if (!e.target().isEmpty()) {
        b.append(" # pod ").append(e.target());
      }
      b.append('\n');
    }
    if (u.noServer()) {
      Canary c = u.canary();
      b.append("\t\t# canary: weight ").append(c.weight()).append('/').append(c.total());
      if (!c.header().isEmpty()) {
        b.append(", header ").append(c.header());
        if (!c.headerValue().isEmpty()) {
          b.append(": ").append(c.headerValue());
        }
      }
      if (!c.cookie().isEmpty()) {
        b.append(", cookie ").append(c.cookie());
      }
      b.append('\n');
    }
    for (String alt : u.alternatives()) {
      Upstream a = all.get(alt);
      b.append("\t\t# alternative (canary): ").append(alt);
      if (a != null && a.endpoints().isEmpty()) {
        b.append(" (no ready endpoints: not used)");
      }
      b.append('\n');
    }
    b.append("\t}\n\n");
  }
}

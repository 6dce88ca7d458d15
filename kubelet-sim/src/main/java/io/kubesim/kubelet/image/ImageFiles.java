package io.kubesim.kubelet.image;

import io.kubesim.kubelet.app.HttpApp;
import io.kubesim.kubelet.shell.Flavor;
import io.kubesim.kubelet.shell.Layer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files of the images kubesim knows, as read-only {@link Layer}s shared by every container of
 * the image: busybox's (also for alpine and any image kubesim does not know), and nginx's (Debian
 * bookworm, or alpine for {@code nginx:*-alpine}). Only what a learner looks at first is there: the
 * programs the shell simulates, /etc, /root, /tmp, nginx's configuration and web root.
 */
public final class ImageFiles {
  /** When the images were built: their files' modification time. */
  static final Instant BUILT = Instant.parse("2025-04-16T18:42:00Z");

  private static final Map<String, Layer> LAYERS = new ConcurrentHashMap<>();

  private ImageFiles() {}

  /** Which userland {@code image} has. */
  public static Flavor flavor(String image) {
    return nginx(image) && !alpine(image) ? Flavor.DEBIAN : Flavor.BUSYBOX;
  }

  /** The image's files; one instance per kind of image. */
  public static Layer layer(String image) {
    String key = flavor(image) + (nginx(image) ? "+nginx" : "") + (alpine(image) ? "+alpine" : "");
    return LAYERS.computeIfAbsent(key, k -> build(image));
  }

  private static boolean nginx(String image) {
    return HttpApp.kind(image) == HttpApp.Kind.NGINX;
  }

  private static boolean alpine(String image) {
    String tag = io.kubesim.kubelet.runtime.Images.tag(image).toLowerCase(Locale.ROOT);
    return tag.contains("alpine") || image.toLowerCase(Locale.ROOT).contains("alpine");
  }

  private static Layer build(String image) {
    Map<String, String> files = new LinkedHashMap<>();
    if (flavor(image) == Flavor.DEBIAN) {
      debian(files);
    } else {
      busybox(files, alpine(image));
    }
    if (nginx(image)) {
      nginx(files, image);
    }
    return new Layer(files, BUILT);
  }

  private static void common(Map<String, String> f) {
    for (String dir :
        new String[] {"/dev/", "/home/", "/lib/", "/proc/", "/root/", "/sys/", "/tmp/", "/var/"}) {
      f.put(dir, "");
    }
    for (String dev : new String[] {"/dev/null", "/dev/zero", "/dev/random", "/dev/urandom"}) {
      f.put(dev, "");
    }
  }

  private static void busybox(Map<String, String> f, boolean alpine) {
    common(f);
    for (String program :
        new String[] {
          "[",
          "ash",
          "busybox",
          "cat",
          "clear",
          "date",
          "echo",
          "env",
          "false",
          "grep",
          "head",
          "hostname",
          "id",
          "ifconfig",
          "ip",
          "ls",
          "mkdir",
          "nslookup",
          "printenv",
          "ps",
          "pwd",
          "rm",
          "sh",
          "sleep",
          "tail",
          "test",
          "touch",
          "true",
          "uname",
          "wc",
          "wget",
          "which",
          "whoami"
        }) {
      f.put("/bin/" + program, "");
    }
    f.put("/usr/sbin/", "");
    f.put("/var/spool/mail/", "");
    f.put("/var/www/", "");
    f.put(
        "/etc/passwd",
        """
        root:x:0:0:root:/root:/bin/sh
        daemon:x:1:1:daemon:/usr/sbin:/bin/false
        bin:x:2:2:bin:/bin:/bin/false
        sys:x:3:3:sys:/dev:/bin/false
        sync:x:4:100:sync:/bin:/bin/sync
        mail:x:8:8:mail:/var/spool/mail:/bin/false
        www-data:x:33:33:www-data:/var/www:/bin/false
        operator:x:37:37:Operator:/var:/bin/false
        nobody:x:65534:65534:nobody:/home:/bin/false
        """);
    f.put(
        "/etc/group",
        """
        root:x:0:
        daemon:x:1:
        bin:x:2:
        sys:x:3:
        adm:x:4:
        tty:x:5:
        disk:x:6:
        wheel:x:10:root
        mail:x:12:
        www-data:x:33:
        nogroup:x:65534:
        """);
    if (alpine) {
      f.put("/etc/alpine-release", "3.21.3\n");
      f.put(
          "/etc/os-release",
          """
          NAME="Alpine Linux"
          ID=alpine
          VERSION_ID=3.21.3
          PRETTY_NAME="Alpine Linux v3.21"
          HOME_URL="https://alpinelinux.org/"
          BUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"
          """);
    }
  }

  private static void debian(Map<String, String> f) {
    common(f);
    for (String program :
        new String[] {
          "[", "bash", "cat", "clear", "curl", "dash", "date", "echo", "env", "false", "grep",
          "head", "hostname", "id", "ls", "mkdir", "printenv", "pwd", "rm", "sh", "sleep", "tail",
          "test", "touch", "true", "uname", "wc", "which", "whoami"
        }) {
      f.put("/usr/bin/" + program, "");
    }
    for (String dir :
        new String[] {"/bin/", "/boot/", "/media/", "/mnt/", "/opt/", "/run/", "/sbin/", "/srv/"}) {
      f.put(dir, "");
    }
    f.put("/usr/sbin/", "");
    f.put("/var/log/", "");
    f.put("/etc/debian_version", "12.10\n");
    f.put(
        "/etc/os-release",
        """
        PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
        NAME="Debian GNU/Linux"
        VERSION_ID="12"
        VERSION="12 (bookworm)"
        VERSION_CODENAME=bookworm
        ID=debian
        HOME_URL="https://www.debian.org/"
        SUPPORT_URL="https://www.debian.org/support"
        BUG_REPORT_URL="https://bugs.debian.org/"
        """);
    f.put(
        "/etc/passwd",
        """
        root:x:0:0:root:/root:/bin/bash
        daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
        bin:x:2:2:bin:/bin:/usr/sbin/nologin
        sys:x:3:3:sys:/dev:/usr/sbin/nologin
        www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
        nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
        """);
    f.put(
        "/etc/group",
        """
        root:x:0:
        daemon:x:1:
        bin:x:2:
        sys:x:3:
        adm:x:4:
        tty:x:5:
        www-data:x:33:
        nogroup:x:65534:
        """);
    f.put(
        "/root/.bashrc",
        """
        # ~/.bashrc: executed by bash(1) for non-login shells.

        # You may uncomment the following lines if you want `ls' to be colorized:
        # export LS_OPTIONS='--color=auto'
        # eval "$(dircolors)"
        # alias ls='ls $LS_OPTIONS'
        """);
  }

  private static void nginx(Map<String, String> f, String image) {
    boolean debian = flavor(image) == Flavor.DEBIAN;
    f.put(debian ? "/usr/sbin/nginx" : "/usr/sbin/nginx", "");
    f.put("/usr/share/nginx/html/index.html", HttpApp.NGINX_WELCOME);
    f.put(
        "/usr/share/nginx/html/50x.html",
        """
        <!DOCTYPE html>
        <html>
        <head>
        <title>Error</title>
        <style>
        html { color-scheme: light dark; }
        body { width: 35em; margin: 0 auto;
        font-family: Tahoma, Verdana, Arial, sans-serif; }
        </style>
        </head>
        <body>
        <h1>An error occurred.</h1>
        <p>Sorry, the page you are looking for is currently unavailable.<br/>
        Please try again later.</p>
        <p>If you are the system administrator of this resource then you should check
        the error log for details.</p>
        <p><em>Faithfully yours, nginx.</em></p>
        </body>
        </html>
        """);
    f.put("/etc/nginx/nginx.conf", NGINX_CONF);
    f.put("/etc/nginx/conf.d/default.conf", DEFAULT_CONF);
    f.put(
        "/etc/nginx/mime.types",
        "types {\n    text/html                                        html htm shtml;\n    text/css                                         css;\n    application/javascript                           js;\n    image/png                                        png;\n}\n");
    f.put("/var/cache/nginx/", "");
    f.put("/var/log/nginx/access.log", "");
    f.put("/var/log/nginx/error.log", "");
    f.put("/var/run/nginx.pid", "1\n");
    f.put("/docker-entrypoint.sh", "#!/bin/sh\n# vim:sw=4:ts=4:et\n\nset -e\n");
    f.put("/docker-entrypoint.d/10-listen-on-ipv6-by-default.sh", "#!/bin/sh\n");
    f.put("/docker-entrypoint.d/15-local-resolvers.envsh", "#!/bin/sh\n");
    f.put("/docker-entrypoint.d/20-envsubst-on-templates.sh", "#!/bin/sh\n");
    f.put("/docker-entrypoint.d/30-tune-worker-processes.sh", "#!/bin/sh\n");
  }

  /** The nginx image's /etc/nginx/nginx.conf. */
  static final String NGINX_CONF =
      """

      user  nginx;
      worker_processes  auto;

      error_log  /var/log/nginx/error.log notice;
      pid        /var/run/nginx.pid;


      events {
          worker_connections  1024;
      }


      http {
          include       /etc/nginx/mime.types;
          default_type  application/octet-stream;

          log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                            '$status $body_bytes_sent "$http_referer" '
                            '"$http_user_agent" "$http_x_forwarded_for"';

          access_log  /var/log/nginx/access.log  main;

          sendfile        on;
          #tcp_nopush     on;

          keepalive_timeout  65;

          #gzip  on;

          include /etc/nginx/conf.d/*.conf;
      }
      """;

  /** The nginx image's /etc/nginx/conf.d/default.conf (its comments left out). */
  static final String DEFAULT_CONF =
      """
      server {
          listen       80;
          listen  [::]:80;
          server_name  localhost;

          #access_log  /var/log/nginx/host.access.log  main;

          location / {
              root   /usr/share/nginx/html;
              index  index.html index.htm;
          }

          #error_page  404              /404.html;

          # redirect server error pages to the static page /50x.html
          #
          error_page   500 502 503 504  /50x.html;
          location = /50x.html {
              root   /usr/share/nginx/html;
          }
      }
      """;

  /** Environment variables the image's Dockerfile sets (ENV), after PATH. */
  public static Map<String, String> env(String image) {
    Map<String, String> env = new LinkedHashMap<>();
    if (nginx(image)) {
      String version = HttpApp.nginxVersion(image).substring("nginx/".length());
      env.put("NGINX_VERSION", version);
      env.put("NJS_VERSION", "0.8.10");
      env.put("NJS_RELEASE", "1~bookworm");
      env.put("PKG_RELEASE", "1~bookworm");
      env.put("DYNPKG_RELEASE", "1~bookworm");
    }
    return env;
  }
}

package io.kubesim.console;

import io.kubesim.console.cluster.ClusterCache;
import io.kubesim.console.web.Push;
import io.kubesim.console.web.ReadOnly;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.process.Component;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The learner's window: a page that draws the cluster live from the console's watches, and its API
 * ({@code /api/...}, read-only unless {@code --allow-chaos}), on the process's port beside
 * /metrics. Routes are added to the process's router once the caches exist; each feature ({@link
 * ConsoleRoutes}) brings its own.
 */
public final class Console implements Component {
  private static final Logger LOG = LoggerFactory.getLogger(Console.class);

  private final ConsoleConfig config;
  private final List<ConsoleRoutes> features;
  private final Clock clock;
  private volatile Router router;

  public Console(ConsoleConfig config, List<ConsoleRoutes> features) {
    this(config, features, Clock.systemUTC());
  }

  public Console(ConsoleConfig config, List<ConsoleRoutes> features, Clock clock) {
    this.config = config;
    this.features = List.copyOf(features);
    this.clock = clock;
  }

  @Override
  public void routes(Router router) {
    this.router = router;
  }

  @Override
  public String extraMetrics() {
    return features.stream().map(ConsoleRoutes::extraMetrics).collect(Collectors.joining());
  }

  @Override
  public Future<Running> start(Vertx vertx, ApiClient api, MeterRegistry registry) {
    if (router == null) {
      return Future.failedFuture("the console's routes were not mounted: call routes() first");
    }
    // one context for the informers and every feature's timers: the caches' listeners and the
    // view rebuilds never race
    Context context = vertx.getOrCreateContext();
    Promise<Running> started = Promise.promise();
    context.runOnContext(v -> begin(vertx, api, registry).onComplete(started));
    return started.future();
  }

  private Future<Running> begin(Vertx vertx, ApiClient api, MeterRegistry registry) {
    ClusterCache cluster = new ClusterCache(vertx, api);
    Push push = new Push();
    ConsoleContext context = new ConsoleContext(vertx, api, registry, config, cluster, push, clock);
    router.route("/api/*").handler(ctx -> ReadOnly.guard(ctx, config.allowChaos()));
    router.get("/api/stream").handler(push::stream);
    return cluster
        .start()
        .compose(v -> startFeatures(context))
        .map(
            v -> {
              mount(context);
              LOG.info(
                  "console: {} features, chaos {}",
                  features.size(),
                  config.allowChaos() ? "allowed" : "not allowed (read-only)");
              return (Running) new Started(cluster, push, features);
            });
  }

  private Future<Void> startFeatures(ConsoleContext context) {
    Future<Void> chain = Future.succeededFuture();
    for (ConsoleRoutes feature : features) {
      chain = chain.compose(v -> feature.start(context));
    }
    return chain;
  }

  private void mount(ConsoleContext context) {
    for (ConsoleRoutes feature : features) {
      feature.readRoutes(router, context);
      if (config.allowChaos()) {
        feature.mutatingRoutes(router, context);
      }
    }
    // the drawing libraries, from their webjars in this jar
    router.route("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars"));
    router.route("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false));
  }

  private record Started(ClusterCache cluster, Push push, List<ConsoleRoutes> features)
      implements Running {
    @Override
    public boolean ready() {
      return cluster.synced();
    }

    @Override
    public Future<Void> stop() {
      push.close();
      Future<Void> chain = Future.succeededFuture();
      for (ConsoleRoutes feature : features) {
        chain = chain.transform(v -> feature.stop());
      }
      return chain.transform(v -> cluster.stop());
    }
  }
}

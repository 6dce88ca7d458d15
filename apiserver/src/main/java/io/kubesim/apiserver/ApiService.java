package io.kubesim.apiserver;

import io.kubesim.apiserver.authorization.AccessReviews;
import io.kubesim.apiserver.authorization.Rbac;
import io.kubesim.apiserver.discovery.Discovery;
import io.kubesim.apiserver.discovery.Version;
import io.kubesim.apiserver.metrics.ApiMetrics;
import io.kubesim.apiserver.metricsapi.MetricsApi;
import io.kubesim.apiserver.metricsapi.MetricsServer;
import io.kubesim.apiserver.metricsapi.MetricsStorage;
import io.kubesim.apiserver.openapi.OpenApi;
import io.kubesim.apiserver.registry.ResourceHandler;
import io.kubesim.apiserver.request.ApiRequest;
import io.kubesim.apiserver.request.ApiResponse;
import io.kubesim.apiserver.request.RequestInfo;
import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.resource.Resources;
import io.kubesim.apiserver.storage.Store;
import io.kubesim.core.api.ApiException;
import io.kubesim.core.api.Status;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API, independent of transport: HTTP and the event bus both call {@link #handle}. Errors are
 * turned into Status objects here, once; nothing else in the apiserver formats an error reply.
 */
public final class ApiService {
  private static final Logger LOG = LoggerFactory.getLogger(ApiService.class);

  private final Store store;
  private final ResourceHandler resources;
  private final Discovery discovery;
  private final OpenApi openApi = new OpenApi();
  private final ApiMetrics metrics;
  private final Clock clock;
  private final Rbac rbac;
  private final MetricsApi metricsApi;

  public ApiService(Store store, Clock clock, String serverAddress, ApiMetrics metrics) {
    this.store = store;
    this.clock = clock;
    this.resources = new ResourceHandler(store, clock);
    this.metricsApi = new MetricsApi(store, new MetricsStorage(), clock);
    this.discovery = new Discovery(serverAddress, metricsApi::discoveryTypes);
    this.metrics = metrics;
    this.rbac = new Rbac(store);
  }

  public Store store() {
    return store;
  }

  public Clock clock() {
    return clock;
  }

  public ApiMetrics metrics() {
    return metrics;
  }

  public ResourceHandler resources() {
    return resources;
  }

  /** metrics.k8s.io, served here as metrics-server would serve it. */
  public MetricsApi metricsApi() {
    return metricsApi;
  }

  public ApiResponse handle(ApiRequest request) {
    long start = System.nanoTime();
    RequestInfo info = null;
    ApiResponse response;
    try {
      info = RequestInfo.parse(request.method(), request.path(), request.flag("watch"));
      response = dispatch(request, info);
    } catch (ApiException e) {
      response = ApiResponse.error(e);
    } catch (tools.jackson.core.JacksonException e) {
      // A value of a type the code did not expect got past the checks: bad input, not a crash.
      LOG.info("{} {}: {}", request.method(), request.path(), e.getOriginalMessage());
      response = ApiResponse.error(Status.badRequest(e.getOriginalMessage()));
    } catch (RuntimeException e) {
      LOG.error("{} {} failed", request.method(), request.path(), e);
      response = ApiResponse.error(Status.internal(String.valueOf(e.getMessage())));
    }
    metrics.request(
        info,
        request.method(),
        request.header("content-type"),
        response.kubeletNode() != null ? 200 : response.code(),
        System.nanoTime() - start);
    return response;
  }

  private ApiResponse dispatch(ApiRequest request, RequestInfo info) {
    String path = request.path();
    if (path.equals("/version") || path.equals("/version/")) {
      return ApiResponse.rawJson(200, Version.info());
    }
    ApiResponse found = discovery.handle(request);
    if (found == null) {
      found = openApi.handle(path);
    }
    if (found != null) {
      return found;
    }
    if (info == null) {
      throw Status.pathNotFound();
    }
    if (info.group().equals(MetricsServer.GROUP)) {
      return metricsApi.handle(request, info);
    }
    ResourceType type = type(info);
    if (!Resources.stored(type)) {
      return AccessReviews.answer(request, info, rbac);
    }
    return resources.handle(request, info, type);
  }

  /** The served type a request names; 404 for unknown groups, versions or resources. */
  public static ResourceType type(RequestInfo info) {
    return Resources.find(info.group(), info.version(), info.resource())
        .orElseThrow(Status::pathNotFound);
  }
}

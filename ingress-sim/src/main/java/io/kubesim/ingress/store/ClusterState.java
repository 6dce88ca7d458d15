package io.kubesim.ingress.store;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.controller.EventHandler;
import io.kubesim.core.controller.Informer;
import io.kubesim.core.controller.InformerOptions;
import io.kubesim.core.controller.Keys;
import io.kubesim.ingress.tls.Pem;
import io.kubesim.ingress.tls.TlsCertificate;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the controller watches, each decoded once per change into its fabric8 type (one cache for
 * the process): Ingresses, IngressClasses, Services, EndpointSlices, and the certificates of TLS
 * Secrets (a Secret is parsed when it changes, not per request or per sync). Listeners hear that
 * something changed; ingress changes also say which ingress, for its Sync event.
 */
public final class ClusterState {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterState.class);

  /** What a sync is told. */
  public interface Listener {
    void changed();

    /** An ingress was added or its spec or metadata changed (not a resync). */
    default void ingressChanged(ObjectNode ingress) {}
  }

  private final List<Informer> informers = new ArrayList<>();
  private final Informer ingressInformer;
  private final Map<String, Ingress> ingresses = new ConcurrentHashMap<>();
  private final Map<String, IngressClass> classes = new ConcurrentHashMap<>();
  private final Map<String, Service> services = new ConcurrentHashMap<>();
  private final Map<String, EndpointSlice> slices = new ConcurrentHashMap<>();
  private final Map<String, TlsCertificate> certificates = new ConcurrentHashMap<>();
  private final List<Listener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  public ClusterState(Vertx vertx, ApiClient api, Duration resync) {
    ingressInformer =
        informer(vertx, api, ResourcePath.of("networking.k8s.io/v1", "ingresses"), resync);
    ingressInformer.addHandler(handler(ingresses, o -> ApiClient.as(o, Ingress.class), true));
    informer(vertx, api, ResourcePath.of("networking.k8s.io/v1", "ingressclasses"), resync)
        .addHandler(handler(classes, o -> ApiClient.as(o, IngressClass.class), false));
    informer(vertx, api, ResourcePath.core("services"), resync)
        .addHandler(handler(services, o -> ApiClient.as(o, Service.class), false));
    informer(vertx, api, ResourcePath.of("discovery.k8s.io/v1", "endpointslices"), resync)
        .addHandler(handler(slices, o -> ApiClient.as(o, EndpointSlice.class), false));
    informer(vertx, api, ResourcePath.core("secrets"), resync)
        .addHandler(handler(certificates, ClusterState::certificate, false));
  }

  private Informer informer(Vertx vertx, ApiClient api, ResourcePath path, Duration resync) {
    Informer i = new Informer(vertx, api, InformerOptions.of(path).withResync(resync));
    informers.add(i);
    return i;
  }

  /** Keeps {@code cache} decoded; a resync of an unchanged object is no change. */
  private <T> EventHandler handler(
      Map<String, T> cache, Function<ObjectNode, T> decode, boolean ingress) {
    return new EventHandler() {
      @Override
      public void onAdd(ObjectNode object) {
        put(cache, object, decode);
        if (ingress) {
          listeners.forEach(l -> l.ingressChanged(object));
        }
        listeners.forEach(Listener::changed);
      }

      @Override
      public void onUpdate(ObjectNode old, ObjectNode object) {
        if (old == object || old.equals(object)) {
          return;
        }
        put(cache, object, decode);
        if (ingress && !sameSpec(old, object)) {
          listeners.forEach(l -> l.ingressChanged(object));
        }
        listeners.forEach(Listener::changed);
      }

      @Override
      public void onDelete(ObjectNode object) {
        cache.remove(Keys.of(object));
        listeners.forEach(Listener::changed);
      }
    };
  }

  private static <T> void put(
      Map<String, T> cache, ObjectNode object, Function<ObjectNode, T> decode) {
    T value = decode.apply(object);
    if (value == null) {
      cache.remove(Keys.of(object));
    } else {
      cache.put(Keys.of(object), value);
    }
  }

  /** A status-only change (ours, writing the address) is no reason for a Sync event. */
  private static boolean sameSpec(ObjectNode a, ObjectNode b) {
    return a.path("spec").equals(b.path("spec"))
        && a.path("metadata").path("annotations").equals(b.path("metadata").path("annotations"));
  }

  /** The certificate of a Secret holding tls.crt and tls.key, else null. */
  static TlsCertificate certificate(ObjectNode secret) {
    String crt = secret.path("data").path("tls.crt").asString("");
    String key = secret.path("data").path("tls.key").asString("");
    if (crt.isEmpty() || key.isEmpty()) {
      return null;
    }
    try {
      return Pem.parse(decode(crt), decode(key));
    } catch (Pem.InvalidCertificate | IllegalArgumentException e) {
      LOG.warn("secret {}: {}", Keys.of(secret), e.getMessage());
      return null;
    }
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  public void addListener(Listener listener) {
    listeners.add(listener);
  }

  public Future<Void> start() {
    return Future.all(informers.stream().map(Informer::start).toList()).mapEmpty();
  }

  public Future<Void> stop() {
    return Future.all(informers.stream().map(Informer::stop).toList()).mapEmpty();
  }

  public boolean synced() {
    return informers.stream().allMatch(Informer::hasSynced);
  }

  public List<Ingress> ingresses() {
    return List.copyOf(ingresses.values());
  }

  /** The stored ingress, as the API has it (for status writes). */
  public ObjectNode rawIngress(String key) {
    return ingressInformer.get(key);
  }

  public Map<String, IngressClass> ingressClasses() {
    Map<String, IngressClass> out = new LinkedHashMap<>();
    classes.values().forEach(c -> out.put(c.getMetadata().getName(), c));
    return out;
  }

  public Map<String, Service> services() {
    return Map.copyOf(services);
  }

  /** The EndpointSlices of each Service, by {@code namespace/service}. */
  public Map<String, List<EndpointSlice>> slicesByService() {
    Map<String, List<EndpointSlice>> out = new LinkedHashMap<>();
    for (EndpointSlice s : slices.values()) {
      Map<String, String> labels = s.getMetadata().getLabels();
      String service = labels == null ? null : labels.get("kubernetes.io/service-name");
      if (service != null) {
        out.computeIfAbsent(s.getMetadata().getNamespace() + "/" + service, k -> new ArrayList<>())
            .add(s);
      }
    }
    return out;
  }

  public Map<String, TlsCertificate> certificates() {
    return Map.copyOf(certificates);
  }
}

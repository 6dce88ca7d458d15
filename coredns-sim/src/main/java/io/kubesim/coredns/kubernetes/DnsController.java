package io.kubesim.coredns.kubernetes;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.controller.EventHandler;
import io.kubesim.core.controller.Informer;
import io.kubesim.core.controller.InformerOptions;
import io.kubesim.core.controller.Keys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Function;
import tools.jackson.databind.node.ObjectNode;

/**
 * The kubernetes plugin's informers (CoreDNS's dnsControl): Services, EndpointSlices and
 * Namespaces, each object decoded once into what answers need, and the {@link ClusterView} rebuilt
 * from them a few milliseconds after a change (one rebuild for a burst of events, such as the first
 * list). A resync that changes nothing rebuilds nothing and leaves the SOA serial alone.
 */
public final class DnsController {
  /** How long events are gathered before the view is rebuilt. */
  static final long REBUILD_DELAY_MILLIS = 10;

  private final Vertx vertx;
  private final Informer services;
  private final Informer slices;
  private final Informer namespaces;
  private final Map<String, ServiceInfo> serviceByKey = new ConcurrentHashMap<>();
  private final Map<String, EndpointsInfo> sliceByKey = new ConcurrentHashMap<>();
  private final Map<String, String> namespaceNames = new ConcurrentHashMap<>();
  private final List<String> localIps;
  private final Clock clock;
  private final AtomicBoolean rebuildPending = new AtomicBoolean();
  private final List<BiConsumer<ClusterView, ClusterView>> listeners = new CopyOnWriteArrayList<>();
  private volatile long serial;
  private volatile ClusterView view;

  /**
   * @param localIps this server's own addresses (its endpoint in kube-dns)
   * @param resync how often the informers deliver every object again
   */
  public DnsController(
      Vertx vertx, ApiClient api, List<String> localIps, Clock clock, Duration resync) {
    this.vertx = vertx;
    this.localIps = List.copyOf(localIps);
    this.clock = clock;
    this.view = ClusterView.empty(localIps);
    services =
        new Informer(
            vertx, api, InformerOptions.of(ResourcePath.core("services")).withResync(resync));
    slices =
        new Informer(
            vertx,
            api,
            InformerOptions.of(ResourcePath.of("discovery.k8s.io/v1", "endpointslices"))
                .withResync(resync));
    namespaces =
        new Informer(
            vertx, api, InformerOptions.of(ResourcePath.core("namespaces")).withResync(resync));
    services.addHandler(
        handler(serviceByKey, o -> Decode.service(ApiClient.as(o, Service.class)), true));
    slices.addHandler(
        handler(sliceByKey, o -> Decode.slice(ApiClient.as(o, EndpointSlice.class)), true));
    // CoreDNS's serial counts Service and endpoint changes only
    namespaces.addHandler(handler(namespaceNames, Keys::of, false));
  }

  /** The current view: what a query is answered from. */
  public ClusterView view() {
    return view;
  }

  /** Tells {@code listener} each rebuilt view, with the one before it. */
  public void onChange(BiConsumer<ClusterView, ClusterView> listener) {
    listeners.add(listener);
  }

  /** Lists and watches; the view is synced when every first list is in. */
  public Future<Void> start() {
    return Future.all(services.start(), slices.start(), namespaces.start())
        .onSuccess(all -> rebuild())
        .mapEmpty();
  }

  public Future<Void> stop() {
    return Future.all(services.stop(), slices.stop(), namespaces.stop()).mapEmpty();
  }

  public boolean synced() {
    return view.synced();
  }

  private <T> EventHandler handler(
      Map<String, T> cache, Function<ObjectNode, T> decode, boolean countsForSerial) {
    return new EventHandler() {
      @Override
      public void onAdd(ObjectNode object) {
        put(object);
      }

      @Override
      public void onUpdate(ObjectNode old, ObjectNode object) {
        put(object);
      }

      @Override
      public void onDelete(ObjectNode object) {
        if (cache.remove(Keys.of(object)) != null) {
          changed(countsForSerial);
        }
      }

      private void put(ObjectNode object) {
        T decoded = decode.apply(object);
        String key = Keys.of(object);
        T old = decoded == null ? cache.remove(key) : cache.put(key, decoded);
        if (!Objects.equals(old, decoded)) {
          changed(countsForSerial);
        }
      }
    };
  }

  private void changed(boolean countsForSerial) {
    if (countsForSerial) {
      serial = clock.instant().getEpochSecond();
    }
    if (rebuildPending.compareAndSet(false, true)) {
      vertx.setTimer(REBUILD_DELAY_MILLIS, t -> rebuild());
    }
  }

  private void rebuild() {
    rebuildPending.set(false);
    boolean synced = services.hasSynced() && slices.hasSynced() && namespaces.hasSynced();
    ClusterView old = view;
    view =
        ClusterView.of(
            new ArrayList<>(serviceByKey.values()),
            new ArrayList<>(sliceByKey.values()),
            Set.copyOf(namespaceNames.keySet()),
            serial,
            localIps,
            synced);
    ClusterView now = view;
    listeners.forEach(l -> l.accept(old, now));
  }
}

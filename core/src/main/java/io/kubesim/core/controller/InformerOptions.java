package io.kubesim.core.controller;

import io.kubesim.core.client.ResourcePath;
import java.time.Duration;

/**
 * What an {@link Informer} watches and how often it looks again.
 *
 * @param namespace null or "" for every namespace
 * @param labelSelector null or "" for every object
 * @param fieldSelector null or "" for every object
 * @param resyncPeriod how often every cached object is re-delivered as an update (zero: never);
 *     client-go's controllers use from 30 s to 12 h; this is what re-drives a level-triggered
 *     controller whose reconcile left nothing to requeue
 * @param minWatchTimeout each watch asks for a timeoutSeconds chosen at random between this and
 *     twice this (client-go's reflector: 5 min), so that informers do not all re-watch at once
 * @param relistPeriod when a watch ends and the last full list is at least this old, the informer
 *     lists again instead of resuming from its resourceVersion. Event-bus messages can be lost when
 *     a member fails, and only a list repairs that; zero lists again at every watch end. Default 5
 *     min: with the default watch timeouts every timed-out watch re-lists, while a watch cut short
 *     (cancelled, apiserver failover) resumes from the last resourceVersion.
 */
public record InformerOptions(
    ResourcePath resource,
    String namespace,
    String labelSelector,
    String fieldSelector,
    Duration resyncPeriod,
    Duration minWatchTimeout,
    Duration relistPeriod) {

  public static InformerOptions of(ResourcePath resource) {
    return new InformerOptions(
        resource, null, null, null, Duration.ZERO, Duration.ofMinutes(5), Duration.ofMinutes(5));
  }

  public InformerOptions inNamespace(String ns) {
    return new InformerOptions(
        resource, ns, labelSelector, fieldSelector, resyncPeriod, minWatchTimeout, relistPeriod);
  }

  public InformerOptions withLabelSelector(String selector) {
    return new InformerOptions(
        resource, namespace, selector, fieldSelector, resyncPeriod, minWatchTimeout, relistPeriod);
  }

  public InformerOptions withFieldSelector(String selector) {
    return new InformerOptions(
        resource, namespace, labelSelector, selector, resyncPeriod, minWatchTimeout, relistPeriod);
  }

  public InformerOptions withResync(Duration period) {
    return new InformerOptions(
        resource, namespace, labelSelector, fieldSelector, period, minWatchTimeout, relistPeriod);
  }

  public InformerOptions withMinWatchTimeout(Duration timeout) {
    return new InformerOptions(
        resource, namespace, labelSelector, fieldSelector, resyncPeriod, timeout, relistPeriod);
  }

  public InformerOptions withRelistPeriod(Duration period) {
    return new InformerOptions(
        resource, namespace, labelSelector, fieldSelector, resyncPeriod, minWatchTimeout, period);
  }

  public String path() {
    return resource.collection(namespace);
  }
}

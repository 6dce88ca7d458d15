package io.kubesim.kubeproxy.iptables;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times a full sync, not a test: {@code mvn -q -pl kube-proxy-sim -am test-compile} then {@code mvn
 * -q -pl kube-proxy-sim exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.kubesim.kubeproxy.iptables.GeneratorTiming [-Dexec.args="1000 10000"]}. For
 * each size: NodePort Services with 10 ready endpoints each, spread over 3 nodes; the median of
 * several runs after warm-up, for computing the rule set (wall clock, this thread's CPU time and
 * the time the collector paused it) and for printing it as iptables-save.
 */
public final class GeneratorTiming {
  private static final int ENDPOINTS = 10;
  private static final int RUNS = 7;

  private GeneratorTiming() {}

  public static void main(String[] args) {
    int[] sizes =
        args.length == 0
            ? new int[] {1_000, 10_000}
            : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    for (int size : sizes) {
      ProxySnapshot snapshot = snapshot(size);
      long[] generate = new long[RUNS];
      long[] generateCpu = new long[RUNS];
      long[] generateGc = new long[RUNS];
      long[] render = new long[RUNS];
      RuleSet rules = null;
      int length = 0;
      for (int warmup = 0; warmup < 3; warmup++) {
        length = IptablesSave.render(RuleGenerator.generate(snapshot), Instant.EPOCH).length();
      }
      for (int i = 0; i < RUNS; i++) {
        rules = null;
        long gcBefore = gcMillis();
        long cpuBefore = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        rules = RuleGenerator.generate(snapshot);
        long generated = System.nanoTime();
        generateCpu[i] = THREADS.getCurrentThreadCpuTime() - cpuBefore;
        generateGc[i] = gcMillis() - gcBefore;
        length = IptablesSave.render(rules, Instant.EPOCH).length();
        generate[i] = generated - start;
        render[i] = System.nanoTime() - generated;
      }
      System.out.printf(
          "%,d Services x %d endpoints: generate %d ms (thread CPU %d ms, GC %d ms),"
              + " iptables-save text %d ms (%,d nat rules, %,d filter rules, %,d characters)%n",
          size,
          ENDPOINTS,
          median(generate) / 1_000_000,
          median(generateCpu) / 1_000_000,
          median(generateGc),
          median(render) / 1_000_000,
          rules.ruleCount(TableName.NAT),
          rules.ruleCount(TableName.FILTER),
          length);
    }
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private static long gcMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(GarbageCollectorMXBean::getCollectionTime)
        .sum();
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  static ProxySnapshot snapshot(int services) {
    List<Service> svcs = new ArrayList<>(services);
    List<EndpointSlice> slices = new ArrayList<>(services);
    for (int s = 0; s < services; s++) {
      String name = "svc-" + s;
      svcs.add(
          new ServiceBuilder()
              .withNewMetadata()
              .withNamespace("bench")
              .withName(name)
              .endMetadata()
              .withNewSpec()
              .withType("NodePort")
              .withClusterIP(Ipv4.format(Ipv4.parse("10.96.0.0") + 10 + s))
              .addNewPort()
              .withName("http")
              .withPort(80)
              .withProtocol("TCP")
              .withNodePort(30000 + s % 2768)
              .endPort()
              .endSpec()
              .build());
      EndpointSliceBuilder slice =
          new EndpointSliceBuilder()
              .withNewMetadata()
              .withNamespace("bench")
              .withName(name + "-abcde")
              .addToLabels(EndpointsMap.SERVICE_NAME_LABEL, name)
              .endMetadata()
              .withAddressType("IPv4")
              .addNewPort()
              .withName("http")
              .withPort(8080)
              .withProtocol("TCP")
              .endPort();
      for (int e = 0; e < ENDPOINTS; e++) {
        int pod = s * ENDPOINTS + e;
        slice.addToEndpoints(
            new EndpointBuilder()
                .withAddresses(Ipv4.format(Ipv4.parse("10.244.0.0") + pod))
                .withNewConditions()
                .withReady(true)
                .withServing(true)
                .withTerminating(false)
                .endConditions()
                .withNodeName("kubesim-worker" + (pod % 3 == 0 ? "" : String.valueOf(pod % 3 + 1)))
                .build());
      }
      slices.add(slice.build());
    }
    return new ProxySnapshot(Scenarios.NODE, svcs, slices, ProxyConfig.kind());
  }
}

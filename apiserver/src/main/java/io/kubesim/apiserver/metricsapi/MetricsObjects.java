package io.kubesim.apiserver.metricsapi;

import io.kubesim.apiserver.metricsapi.MetricsStorage.ContainerUsage;
import io.kubesim.apiserver.metricsapi.MetricsStorage.PodUsage;
import io.kubesim.apiserver.metricsapi.MetricsStorage.Usage;
import io.kubesim.core.json.Json;
import io.kubesim.core.quantity.Quantity;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * metrics.k8s.io/v1beta1 objects as metrics-server writes them, fields in the Go structs' order:
 * kind, apiVersion, metadata (name, namespace, creationTimestamp: the time of the request, labels:
 * the node's or pod's), timestamp (the last point's, to the second), window (a Go duration), then
 * usage or containers. CPU is in nanocores written as a canonical decimal quantity ({@code
 * 250000000n} is {@code 250m}), memory in bytes as a binary one ({@code 14664Ki}).
 */
public final class MetricsObjects {
  public static final String API_VERSION = MetricsServer.GROUP + "/" + MetricsServer.VERSION;

  private MetricsObjects() {}

  public static ObjectNode nodeMetrics(JsonNode node, Usage usage, Instant now) {
    ObjectNode metrics = head("NodeMetrics", node, now);
    metrics.put("timestamp", time(Instant.ofEpochMilli(usage.timestampMillis())));
    metrics.put("window", goDuration(usage.windowMillis()));
    metrics.set("usage", usage(usage.cpuNanoCores(), usage.memoryBytes()));
    return metrics;
  }

  public static ObjectNode podMetrics(JsonNode pod, PodUsage usage, Instant now) {
    ObjectNode metrics = head("PodMetrics", pod, now);
    metrics.put("timestamp", time(Instant.ofEpochMilli(usage.timestampMillis())));
    metrics.put("window", goDuration(usage.windowMillis()));
    ArrayNode containers = metrics.putArray("containers");
    for (ContainerUsage c : usage.containers()) {
      ObjectNode container = containers.addObject();
      container.put("name", c.name());
      container.set("usage", usage(c.cpuNanoCores(), c.memoryBytes()));
    }
    return metrics;
  }

  /** {@code NodeMetricsList} or {@code PodMetricsList}, with empty list metadata. */
  public static ObjectNode list(String kind, List<ObjectNode> items) {
    ObjectNode list = Json.object();
    list.put("kind", kind + "List");
    list.put("apiVersion", API_VERSION);
    list.putObject("metadata");
    ArrayNode array = list.putArray("items");
    items.forEach(array::add);
    return list;
  }

  /**
   * The Table metrics-server converts to for {@code kubectl get nodemetrics|podmetrics}: Name, one
   * column per resource (sorted: cpu, memory), Window; a pod's usage is its containers' sum.
   */
  public static ObjectNode table(List<ObjectNode> items, String includeObject) {
    ObjectNode table = Json.object();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    table.putObject("metadata");
    ArrayNode columns = table.putArray("columnDefinitions");
    column(columns, "Name", "name", "Name of the resource");
    column(columns, "cpu", "quantity", "");
    column(columns, "memory", "quantity", "");
    column(columns, "Window", "duration", "");
    ArrayNode rows = table.putArray("rows");
    for (ObjectNode item : items) {
      long cpu = 0;
      long memory = 0;
      JsonNode usages =
          item.has("usage") ? Json.MAPPER.createArrayNode().add(item) : item.path("containers");
      for (JsonNode u : usages) {
        cpu += nanoCores(u.path("usage").path("cpu").asString("0"));
        memory += Quantity.parse(u.path("usage").path("memory").asString("0")).longValue();
      }
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      cells.add(item.path("metadata").path("name").asString(""));
      cells.add(cpu(cpu));
      cells.add(memory(memory));
      cells.add(item.path("window").asString(""));
      switch (includeObject) {
        case "None" -> row.putNull("object");
        case "Object" -> row.set("object", item);
        default -> {
          ObjectNode partial = row.putObject("object");
          partial.put("kind", "PartialObjectMetadata");
          partial.put("apiVersion", "meta.k8s.io/v1");
          partial.set("metadata", item.path("metadata"));
        }
      }
    }
    return table;
  }

  private static void column(ArrayNode columns, String name, String format, String description) {
    ObjectNode c = columns.addObject();
    c.put("name", name);
    c.put("type", "string");
    c.put("format", format);
    c.put("description", description);
    c.put("priority", 0);
  }

  private static ObjectNode head(String kind, JsonNode object, Instant now) {
    ObjectNode metrics = Json.object();
    metrics.put("kind", kind);
    metrics.put("apiVersion", API_VERSION);
    ObjectNode metadata = metrics.putObject("metadata");
    JsonNode source = object.path("metadata");
    metadata.put("name", source.path("name").asString(""));
    if (source.has("namespace")) {
      metadata.put("namespace", source.path("namespace").asString(""));
    }
    metadata.put("creationTimestamp", time(now));
    if (source.path("labels").isObject() && !source.path("labels").isEmpty()) {
      metadata.set("labels", source.path("labels").deepCopy());
    }
    return metrics;
  }

  private static ObjectNode usage(long cpuNanoCores, long memoryBytes) {
    ObjectNode usage = Json.object();
    usage.put("cpu", cpu(cpuNanoCores));
    usage.put("memory", memory(memoryBytes));
    return usage;
  }

  /**
   * metrics-server's {@code uint64Quantity(cpu, DecimalSI, -9)}: {@code 329087452n}, {@code 2m}.
   */
  static String cpu(long nanoCores) {
    return Quantity.of(BigDecimal.valueOf(nanoCores, 9), Quantity.Format.DECIMAL_SI).canonical();
  }

  /** {@code uint64Quantity(bytes, BinarySI, 0)}: {@code 2748180Ki}, {@code 64Mi}. */
  static String memory(long bytes) {
    return Quantity.of(BigDecimal.valueOf(bytes), Quantity.Format.BINARY_SI).canonical();
  }

  private static long nanoCores(String quantity) {
    return Quantity.parse(quantity).value().movePointRight(9).longValue();
  }

  /** metav1.Time: RFC 3339 to the second, UTC. */
  static String time(Instant at) {
    return DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.SECONDS));
  }

  /**
   * Go's {@code time.Duration.String()} of whole milliseconds: {@code 0s}, {@code 500ms}, {@code
   * 15s}, {@code 15.001s}, {@code 1m0.5s}, {@code 1h0m0s}.
   */
  static String goDuration(long millis) {
    if (millis == 0) {
      return "0s";
    }
    String sign = millis < 0 ? "-" : "";
    long ms = Math.abs(millis);
    if (ms < 1000) {
      return sign + ms + "ms";
    }
    long hours = ms / 3_600_000;
    long minutes = ms / 60_000 % 60;
    BigDecimal seconds = BigDecimal.valueOf(ms % 60_000, 3).stripTrailingZeros();
    String s = seconds.signum() == 0 ? "0" : seconds.toPlainString();
    StringBuilder out = new StringBuilder(sign);
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      out.append(minutes).append('m');
    }
    return out.append(s).append('s').toString();
  }
}

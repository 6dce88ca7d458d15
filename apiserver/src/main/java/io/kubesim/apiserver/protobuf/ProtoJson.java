package io.kubesim.apiserver.protobuf;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.kubesim.core.json.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a parsed k8s.io/api protobuf message into the JSON the Go encoder writes for the same
 * object, by one walk over the message's descriptor.
 *
 * <ul>
 *   <li>Field names are the proto field names, which go-to-protobuf takes from the Go JSON tags
 *       ({@code clusterIP}, {@code hostIPC}, ...); fields appear in declaration (= Go struct)
 *       order.
 *   <li>A singular field appears when it is on the wire (proto2 presence); repeated fields and maps
 *       appear when non-empty, as {@code omitempty} does. Go writes every non-pointer field, so a
 *       kubectl body carries zero values ({@code ""}, {@code 0}) for fields it never set; those are
 *       kept (they decode to the same Go object), except in {@code ObjectMeta}, whose scalar fields
 *       are all non-pointer and {@code omitempty}, so empty ones are dropped there.
 *   <li>Map keys are sorted, as encoding/json sorts them; {@code bytes} are standard base64.
 *   <li>Embedded Go structs ({@code json:",inline"}) are flattened into their parent.
 *   <li>apimachinery types with their own JSON form: Time, MicroTime, Duration, FieldsV1, Verbs,
 *       IntOrString, Quantity, RawExtension.
 * </ul>
 */
final class ProtoJson {
  private static final JsonNodeFactory NODES = Json.NODES;

  private static final String META = "k8s.io.apimachinery.pkg.apis.meta.v1.";
  private static final String TIME = META + "Time";
  private static final String MICRO_TIME = META + "MicroTime";
  private static final String DURATION = META + "Duration";
  private static final String FIELDS_V1 = META + "FieldsV1";
  private static final String VERBS = META + "Verbs";
  private static final String OBJECT_META = META + "ObjectMeta";
  private static final String INT_OR_STRING = "k8s.io.apimachinery.pkg.util.intstr.IntOrString";
  private static final String QUANTITY = "k8s.io.apimachinery.pkg.api.resource.Quantity";
  private static final String RAW_EXTENSION = "k8s.io.apimachinery.pkg.runtime.RawExtension";

  /**
   * Embedded Go structs ({@code json:",inline"}) that go-to-protobuf made into a message field:
   * {@code Message.field} by the containing message's simple name, so the v1beta1 twins match too.
   */
  private static final Set<String> INLINE =
      Set.of(
          "Volume.volumeSource",
          "PersistentVolumeSpec.persistentVolumeSource",
          "Probe.handler",
          "EphemeralContainer.ephemeralContainerCommon",
          "PodResourceClaim.source",
          "IngressRule.ingressRuleValue",
          "RuleWithOperations.rule",
          "NamedRuleWithOperations.ruleWithOperations");

  /** ObjectMeta fields that are non-pointer and {@code omitempty} in Go. */
  private static final List<String> OBJECT_META_OMITEMPTY =
      List.of("name", "generateName", "namespace", "selfLink", "uid", "resourceVersion");

  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter RFC3339_MICRO =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private ProtoJson() {}

  static ObjectNode objectNode() {
    return NODES.objectNode();
  }

  /** The JSON object for a message that is a Kubernetes object (not one of the special types). */
  static ObjectNode toJson(Message message) {
    return object(message);
  }

  private static JsonNode message(Message message) {
    Descriptor type = message.getDescriptorForType();
    return switch (type.getFullName()) {
      case TIME -> time(message, RFC3339);
      case MICRO_TIME -> time(message, RFC3339_MICRO);
      case DURATION -> NODES.stringNode(goDuration(longField(message, "duration")));
      case FIELDS_V1 -> rawJson(bytesField(message, "Raw"), "FieldsV1");
      case RAW_EXTENSION -> rawJson(bytesField(message, "raw"), "RawExtension");
      case VERBS -> repeated(message, type.findFieldByName("items"));
      case INT_OR_STRING -> intOrString(message);
      case QUANTITY -> {
        String quantity = (String) message.getField(type.findFieldByName("string"));
        yield NODES.stringNode(quantity.isEmpty() ? "0" : quantity);
      }
      default -> object(message);
    };
  }

  private static ObjectNode object(Message message) {
    Descriptor type = message.getDescriptorForType();
    ObjectNode out = NODES.objectNode();
    for (FieldDescriptor field : type.getFields()) {
      JsonNode value;
      if (field.isMapField()) {
        if (message.getRepeatedFieldCount(field) == 0) {
          continue;
        }
        value = map(message, field);
      } else if (field.isRepeated()) {
        if (message.getRepeatedFieldCount(field) == 0) {
          continue;
        }
        value = repeated(message, field);
      } else {
        if (!message.hasField(field) || zeroOfNonPointer(field, message.getField(field))) {
          continue;
        }
        value = value(field, message.getField(field));
      }
      if (value instanceof ObjectNode inlined && isInline(type, field)) {
        out.setAll(inlined);
      } else {
        out.set(field.getName(), value);
      }
    }
    if (type.getFullName().equals(OBJECT_META)) {
      for (String name : OBJECT_META_OMITEMPTY) {
        if (out.path(name).isString() && out.path(name).asString().isEmpty()) {
          out.remove(name);
        }
      }
      if (out.path("generation").isNumber() && out.path("generation").asLong() == 0) {
        out.remove("generation");
      }
    }
    return out;
  }

  /**
   * Go writes every non-pointer field, so kubectl's bodies carry {@code ""}, {@code false} and
   * {@code 0} for fields nobody set. Those fields are {@code omitempty} in JSON, so the real
   * apiserver never shows them; we drop them too. Pointer fields, where a zero is a real value
   * ({@code replicas: 0}, {@code suspend: false}), are kept: they are named here.
   */
  private static final java.util.Set<String> POINTER_SCALARS =
      java.util.Set.of(
          "replicas",
          "parallelism",
          "completions",
          "backoffLimit",
          "backoffLimitPerIndex",
          "maxFailedIndexes",
          "activeDeadlineSeconds",
          "terminationGracePeriodSeconds",
          "startingDeadlineSeconds",
          "successfulJobsHistoryLimit",
          "failedJobsHistoryLimit",
          "revisionHistoryLimit",
          "progressDeadlineSeconds",
          "ttlSecondsAfterFinished",
          "partition",
          "suspend",
          "immutable",
          "storageClassName",
          "automountServiceAccountToken",
          "enableServiceLinks",
          "hostUsers",
          "shareProcessNamespace",
          "setHostnameAsFQDN",
          "runAsUser",
          "runAsGroup",
          "runAsNonRoot",
          "privileged",
          "readOnlyRootFilesystem",
          "allowPrivilegeEscalation",
          "fsGroup",
          "optional",
          "defaultMode",
          "mode",
          "expirationSeconds",
          "allowVolumeExpansion",
          "leaseDurationSeconds",
          "leaseTransitions",
          "ready",
          "serving",
          "terminating",
          "priority",
          "allocateLoadBalancerNodePorts",
          "timeoutSeconds",
          "gracePeriodSeconds",
          "minAvailable",
          "maxUnavailable",
          "maxSurge",
          "timeZone");

  private static boolean zeroOfNonPointer(FieldDescriptor field, Object value) {
    if (POINTER_SCALARS.contains(field.getName())) {
      return false;
    }
    return switch (field.getJavaType()) {
      case STRING -> ((String) value).isEmpty();
      case BOOLEAN -> !((Boolean) value);
      case INT, LONG -> ((Number) value).longValue() == 0;
      default -> false;
    };
  }

  private static boolean isInline(Descriptor type, FieldDescriptor field) {
    return field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
        && (field.getName().equals("localObjectReference")
            || INLINE.contains(type.getName() + "." + field.getName()));
  }

  private static ArrayNode repeated(Message message, FieldDescriptor field) {
    ArrayNode array = NODES.arrayNode();
    int count = message.getRepeatedFieldCount(field);
    for (int i = 0; i < count; i++) {
      array.add(value(field, message.getRepeatedField(field, i)));
    }
    return array;
  }

  private static ObjectNode map(Message message, FieldDescriptor field) {
    Descriptor entry = field.getMessageType();
    FieldDescriptor keyField = entry.findFieldByNumber(1);
    FieldDescriptor valueField = entry.findFieldByNumber(2);
    TreeMap<String, JsonNode> sorted = new TreeMap<>();
    int count = message.getRepeatedFieldCount(field);
    for (int i = 0; i < count; i++) {
      Message pair = (Message) message.getRepeatedField(field, i);
      sorted.put(
          String.valueOf(pair.getField(keyField)), value(valueField, pair.getField(valueField)));
    }
    ObjectNode out = NODES.objectNode();
    sorted.forEach(out::set);
    return out;
  }

  private static JsonNode value(FieldDescriptor field, Object value) {
    return switch (field.getType()) {
      case MESSAGE, GROUP -> message((Message) value);
      case STRING -> NODES.stringNode((String) value);
      case BYTES ->
          NODES.stringNode(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
      case BOOL -> NODES.booleanNode((Boolean) value);
      case INT32, SINT32, SFIXED32 -> NODES.numberNode((Integer) value);
      case INT64, SINT64, SFIXED64 -> number((Long) value);
      case UINT32, FIXED32 -> NODES.numberNode(Integer.toUnsignedLong((Integer) value));
      case UINT64, FIXED64 ->
          NODES.numberNode(new java.math.BigInteger(Long.toUnsignedString((Long) value)));
      case DOUBLE -> NODES.numberNode((Double) value);
      case FLOAT -> NODES.numberNode((Float) value);
      case ENUM -> NODES.stringNode(((EnumValueDescriptor) value).getName());
    };
  }

  /** An int node when the value fits, as a JSON parser would read the same number. */
  private static JsonNode number(long value) {
    return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
  }

  // --- apimachinery types with their own JSON form ---

  /** metav1.Time / MicroTime: null when nothing was written (Go's zero time), else UTC RFC 3339. */
  private static JsonNode time(Message message, DateTimeFormatter format) {
    Descriptor type = message.getDescriptorForType();
    FieldDescriptor seconds = type.findFieldByName("seconds");
    FieldDescriptor nanos = type.findFieldByName("nanos");
    if (!message.hasField(seconds) && !message.hasField(nanos)) {
      return NODES.nullNode();
    }
    // metav1.Time drops the nanoseconds when it reads protobuf, and its JSON has whole seconds.
    long nano = format == RFC3339 ? 0 : (Integer) message.getField(nanos);
    Instant instant = Instant.ofEpochSecond((Long) message.getField(seconds), nano);
    return NODES.stringNode(format.format(instant));
  }

  /** IntOrString: {@code type} 1 is a string, anything else the int. */
  private static JsonNode intOrString(Message message) {
    Descriptor type = message.getDescriptorForType();
    long kind = ((Number) message.getField(type.findFieldByName("type"))).longValue();
    if (kind == 1) {
      return NODES.stringNode((String) message.getField(type.findFieldByName("strVal")));
    }
    return NODES.numberNode((Integer) message.getField(type.findFieldByName("intVal")));
  }

  /** RawExtension and FieldsV1 carry JSON bytes; empty is JSON null, as in Go. */
  private static JsonNode rawJson(ByteString raw, String what) {
    if (raw.isEmpty()) {
      return NODES.nullNode();
    }
    try {
      return Json.STRICT.readTree(raw.toByteArray());
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          "the " + what + " in the protobuf body is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static long longField(Message message, String name) {
    return (Long) message.getField(message.getDescriptorForType().findFieldByName(name));
  }

  private static ByteString bytesField(Message message, String name) {
    return (ByteString) message.getField(message.getDescriptorForType().findFieldByName(name));
  }

  /** Go's time.Duration.String: "1h2m3.5s", "1.5ms", "2µs", "0s". */
  static String goDuration(long nanos) {
    if (nanos == 0) {
      return "0s";
    }
    String sign = nanos < 0 ? "-" : "";
    java.math.BigInteger abs = java.math.BigInteger.valueOf(nanos).abs();
    if (abs.compareTo(java.math.BigInteger.valueOf(1_000_000_000L)) < 0) {
      long u = abs.longValue();
      if (u < 1_000L) {
        return sign + u + "ns";
      }
      if (u < 1_000_000L) {
        return sign + decimal(u, 1_000L, 3) + "µs";
      }
      return sign + decimal(u, 1_000_000L, 6) + "ms";
    }
    java.math.BigInteger[] split =
        abs.divideAndRemainder(java.math.BigInteger.valueOf(1_000_000_000L));
    long totalSeconds = split[0].longValue();
    long fraction = split[1].longValue();
    StringBuilder out = new StringBuilder(sign);
    if (totalSeconds >= 3600) {
      out.append(totalSeconds / 3600).append('h');
    }
    if (totalSeconds >= 60) {
      out.append(totalSeconds / 60 % 60).append('m');
    }
    out.append(decimal(totalSeconds % 60 * 1_000_000_000L + fraction, 1_000_000_000L, 9));
    return out.append('s').toString();
  }

  /** {@code value / unit} with the fraction's trailing zeros (and a bare point) dropped. */
  private static String decimal(long value, long unit, int digits) {
    String whole = Long.toString(value / unit);
    long fraction = value % unit;
    if (fraction == 0) {
      return whole;
    }
    String text = String.format("%0" + digits + "d", fraction);
    int end = text.length();
    while (text.charAt(end - 1) == '0') {
      end--;
    }
    return whole + "." + text.substring(0, end);
  }
}

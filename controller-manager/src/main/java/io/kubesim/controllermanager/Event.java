package io.kubesim.controllermanager;

/**
 * An event a controller wants recorded about the object it reconciles, as the real controllers emit
 * them through their EventRecorder: {@code type} is {@code Normal} or {@code Warning}, the reason
 * is a CamelCase word ({@code ScalingReplicaSet}) and the message is the real text.
 */
public record Event(String type, String reason, String message) {
  public static Event normal(String reason, String message) {
    return new Event("Normal", reason, message);
  }

  public static Event warning(String reason, String message) {
    return new Event("Warning", reason, message);
  }
}

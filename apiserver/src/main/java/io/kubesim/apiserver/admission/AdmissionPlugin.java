package io.kubesim.apiserver.admission;

/**
 * One admission plugin (admission.MutationInterface and ValidationInterface in one): {@link #admit}
 * runs in the mutating phase, before the kind's strategy defaults the new object's system fields
 * and validates it; {@link #validate} in the validating phase, after that and before the write. A
 * plugin refuses a request by throwing the Status error (most often {@link Attributes#forbidden}).
 */
public interface AdmissionPlugin {
  /** The plugin's name as {@code --enable-admission-plugins} spells it. */
  String name();

  /** May change {@code attributes.object()}. */
  default void admit(Attributes attributes) {}

  /** Must not change anything but what the plugin itself keeps (ResourceQuota's usage). */
  default void validate(Attributes attributes) {}
}

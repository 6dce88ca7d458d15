package io.kubesim.core.storage;

import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * What the attach/detach controller and the kubelet agree on about attaching a PersistentVolume to
 * a node. kubesim's PVs keep their data off the nodes, like cloud disks: one that only a single
 * node may write (ReadWriteOnce, neither ReadWriteMany nor ReadOnlyMany) is treated as an
 * attachable disk; every other one as a network file system, and one with node affinity as a local
 * volume, neither of which is attached.
 */
public final class Attachments {
  private Attachments() {}

  /** The in-tree plugin names of the PV sources whose field name differs from them. */
  private static final Map<String, String> PLUGINS =
      Map.of("hostPath", "host-path", "local", "local-volume", "gcePersistentDisk", "gce-pd");

  /** Whether the volume is attached to one node at a time (and so waited for by the kubelet). */
  public static boolean exclusive(JsonNode pv) {
    if (pv.path("spec").has("nodeAffinity")) {
      return false;
    }
    boolean once = false;
    for (JsonNode mode : pv.path("spec").path("accessModes")) {
      switch (mode.asString("")) {
        case "ReadWriteOnce" -> once = true;
        case "ReadWriteMany", "ReadOnlyMany" -> {
          return false;
        }
        default -> {}
      }
    }
    return once;
  }

  /** The name under node.status.volumesAttached: {@code kubernetes.io/<plugin>/<pv>}. */
  public static String uniqueName(JsonNode pv) {
    String plugin = "unknown";
    for (var field : pv.path("spec").properties()) {
      if (field.getValue().isObject() && !NOT_SOURCES.contains(field.getKey())) {
        plugin = PLUGINS.getOrDefault(field.getKey(), field.getKey().toLowerCase());
        break;
      }
    }
    return "kubernetes.io/" + plugin + "/" + pv.path("metadata").path("name").asString("");
  }

  /** The PV name a {@link #uniqueName} ends with. */
  public static String volumeOf(String uniqueName) {
    return uniqueName.substring(uniqueName.lastIndexOf('/') + 1);
  }

  private static final Set<String> NOT_SOURCES = Set.of("capacity", "claimRef", "nodeAffinity");
}

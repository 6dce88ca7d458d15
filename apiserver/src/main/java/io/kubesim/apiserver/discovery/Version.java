package io.kubesim.apiserver.discovery;

import io.kubesim.core.json.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /version}. kubesim reports Kubernetes 1.32: the machine's kubectl dispatcher runs the
 * kubectl binary matching the server's minor version, so this number picks the client too.
 */
public final class Version {
  public static final String GIT_VERSION = "v1.32.5";

  private Version() {}

  public static ObjectNode info() {
    ObjectNode version = Json.object();
    version.put("major", "1");
    version.put("minor", "32");
    version.put("gitVersion", GIT_VERSION);
    version.put("gitCommit", "kubesim");
    version.put("gitTreeState", "clean");
    version.put("buildDate", "2026-11-25T00:00:00Z");
    version.put("goVersion", "java" + Runtime.version().feature());
    version.put("compiler", "kubesim");
    version.put("platform", "linux/amd64");
    return version;
  }
}

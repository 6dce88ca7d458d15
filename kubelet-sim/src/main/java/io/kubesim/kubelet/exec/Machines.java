package io.kubesim.kubelet.exec;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.kubesim.kubelet.app.HttpApp;
import io.kubesim.kubelet.image.ImageFiles;
import io.kubesim.kubelet.shell.Machine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The {@link Machine} a container's processes see, from the pod spec. */
public final class Machines {
  private Machines() {}

  public static Machine of(
      Pod pod,
      Container c,
      String podIp,
      Map<String, String> env,
      Map<Integer, List<String>> others,
      long memoryBytes) {
    return new Machine(
        ImageFiles.flavor(c.getImage()),
        PodFiles.hostname(pod),
        podIp == null ? "" : podIp,
        pid1(c),
        others,
        env,
        id(pod, c, true),
        id(pod, c, false),
        memoryBytes);
  }

  /** The container's first process: its command and args, or the image's own entrypoint. */
  public static List<String> pid1(Container c) {
    List<String> argv = new ArrayList<>();
    argv.addAll(c.getCommand() == null ? List.of() : c.getCommand());
    argv.addAll(c.getArgs() == null ? List.of() : c.getArgs());
    if (!argv.isEmpty()) {
      return argv;
    }
    if (HttpApp.kind(c.getImage()) == HttpApp.Kind.NGINX) {
      return List.of("nginx: master process nginx -g daemon off;");
    }
    String image = c.getImage();
    String name = image.substring(image.lastIndexOf('/') + 1).split("[:@]")[0];
    return name.equals("busybox") || name.equals("alpine") ? List.of("sh") : List.of("/" + name);
  }

  /** runAsUser (or runAsGroup), the container's over the pod's; root by default. */
  private static long id(Pod pod, Container c, boolean user) {
    SecurityContext own = c.getSecurityContext();
    Long value = own == null ? null : user ? own.getRunAsUser() : own.getRunAsGroup();
    if (value == null) {
      PodSecurityContext podContext = pod.getSpec().getSecurityContext();
      value =
          podContext == null ? null : user ? podContext.getRunAsUser() : podContext.getRunAsGroup();
    }
    return value == null ? 0 : value;
  }
}

package io.kubesim.controllermanager.daemonset;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.kubesim.controllermanager.Kube;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the DaemonSet controller does to and reads from one daemon pod (pkg/controller/daemon/util):
 * the tolerations every daemon pod gets, the labels naming its revision, the node affinity that
 * pins it to its node for the default scheduler, and which node a pod is for.
 */
public final class DaemonPods {
  /** apps.DefaultDaemonSetUniqueLabelKey: the pod's (and its revision's) template hash. */
  public static final String REVISION_HASH = "controller-revision-hash";

  /** extensions.DaemonSetTemplateGenerationKey: the DaemonSet's template generation. */
  public static final String TEMPLATE_GENERATION = "pod-template-generation";

  /** apps.DeprecatedTemplateGeneration, which the apiserver keeps on every DaemonSet. */
  public static final String TEMPLATE_GENERATION_ANNOTATION =
      "deprecated.daemonset.template.generation";

  /** metav1.ObjectNameField, the only field a node selector's matchFields may name. */
  public static final String NODE_NAME_FIELD = "metadata.name";

  private DaemonPods() {}

  /**
   * AddOrUpdateDaemonPodTolerations, in its order: a daemon pod survives its node going not ready
   * or unreachable (NoExecute, no tolerationSeconds: never evicted), and is placed on nodes under
   * disk, memory or PID pressure and on cordoned ones; with hostNetwork also on nodes whose network
   * is not ready. A toleration of the same key, operator, value and effect is replaced where it
   * stands (its tolerationSeconds dropped); others are added at the end.
   */
  public static void addDaemonTolerations(PodSpec spec) {
    addOrUpdate(spec, "node.kubernetes.io/not-ready", "NoExecute");
    addOrUpdate(spec, "node.kubernetes.io/unreachable", "NoExecute");
    addOrUpdate(spec, "node.kubernetes.io/disk-pressure", "NoSchedule");
    addOrUpdate(spec, "node.kubernetes.io/memory-pressure", "NoSchedule");
    addOrUpdate(spec, "node.kubernetes.io/pid-pressure", "NoSchedule");
    addOrUpdate(spec, "node.kubernetes.io/unschedulable", "NoSchedule");
    if (Boolean.TRUE.equals(spec.getHostNetwork())) {
      addOrUpdate(spec, "node.kubernetes.io/network-unavailable", "NoSchedule");
    }
  }

  /** v1helper.AddOrUpdateTolerationInPodSpec for an {@code Exists} toleration. */
  private static void addOrUpdate(PodSpec spec, String key, String effect) {
    Toleration wanted = new Toleration(effect, key, "Exists", null, null);
    List<Toleration> current = spec.getTolerations() == null ? List.of() : spec.getTolerations();
    List<Toleration> next = new ArrayList<>();
    boolean replaced = false;
    for (Toleration t : current) {
      if (sameToleration(t, wanted)) {
        if (t.getTolerationSeconds() == null) {
          return; // already exactly this toleration
        }
        next.add(wanted);
        replaced = true;
      } else {
        next.add(t);
      }
    }
    if (!replaced) {
      next.add(wanted);
    }
    spec.setTolerations(next);
  }

  /** Toleration.MatchToleration: same key, operator, value and effect. */
  private static boolean sameToleration(Toleration a, Toleration b) {
    return empty(a.getKey()).equals(empty(b.getKey()))
        && empty(a.getOperator()).equals(empty(b.getOperator()))
        && empty(a.getValue()).equals(empty(b.getValue()))
        && empty(a.getEffect()).equals(empty(b.getEffect()));
  }

  private static String empty(String s) {
    return s == null ? "" : s;
  }

  /** GetTemplateGeneration: the DaemonSet's template generation annotation, or null. */
  public static Long templateGeneration(DaemonSet ds) {
    String value = Kube.annotations(ds).get(TEMPLATE_GENERATION_ANNOTATION);
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return null; // as the controller treats a parse error: no generation
    }
  }

  /**
   * CreatePodTemplate: the DaemonSet's template with the daemon tolerations and the labels naming
   * its generation and revision hash.
   */
  public static PodTemplateSpec podTemplate(DaemonSet ds, String hash) {
    PodTemplateSpec template = Kube.copy(ds.getSpec().getTemplate(), PodTemplateSpec.class);
    if (template.getSpec() == null) {
      template.setSpec(new PodSpec());
    }
    addDaemonTolerations(template.getSpec());
    if (template.getMetadata() == null) {
      template.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
    }
    Map<String, String> labels =
        template.getMetadata().getLabels() == null
            ? new LinkedHashMap<>()
            : new LinkedHashMap<>(template.getMetadata().getLabels());
    Long generation = templateGeneration(ds);
    if (generation != null) {
      labels.put(TEMPLATE_GENERATION, generation.toString());
    }
    if (!hash.isEmpty()) {
      labels.put(REVISION_HASH, hash);
    }
    template.getMetadata().setLabels(labels);
    return template;
  }

  /**
   * The pod to create for {@code node}: the template (see {@link #podTemplate}) with its required
   * node affinity replaced by one term matching the node's name (ReplaceDaemonSetPodNodeNameNode
   * Affinity; the scheduler binds it there), named {@code <ds>-} plus a suffix the apiserver picks
   * and owned by the DaemonSet (controller.GetPodFromTemplate).
   */
  public static Pod newPod(DaemonSet ds, PodTemplateSpec template, String node) {
    PodTemplateSpec copy = Kube.copy(template, PodTemplateSpec.class);
    PodSpec spec = copy.getSpec();
    spec.setAffinity(pinnedTo(spec.getAffinity(), node));
    Map<String, String> annotations = copy.getMetadata().getAnnotations();
    return new PodBuilder()
        .withNewMetadata()
        .withGenerateName(ds.getMetadata().getName() + "-")
        .withNamespace(ds.getMetadata().getNamespace())
        .withLabels(new LinkedHashMap<>(copy.getMetadata().getLabels()))
        .withAnnotations(annotations == null ? null : new LinkedHashMap<>(annotations))
        .withFinalizers(copy.getMetadata().getFinalizers())
        .withOwnerReferences(Kube.controllerRef(ds))
        .endMetadata()
        .withSpec(spec)
        .build();
  }

  /**
   * The affinity with {@code requiredDuringSchedulingIgnoredDuringExecution} replaced by the one
   * term {@code matchFields: metadata.name In [node]}: the template's own required terms are gone
   * (they were checked when the controller chose the node), its preferred terms and pod
   * (anti-)affinity stay.
   */
  static Affinity pinnedTo(Affinity affinity, String node) {
    NodeSelectorTerm term = new NodeSelectorTerm();
    term.setMatchFields(List.of(new NodeSelectorRequirement(NODE_NAME_FIELD, "In", List.of(node))));
    Affinity result = affinity == null ? new Affinity() : affinity;
    NodeAffinity nodeAffinity =
        result.getNodeAffinity() == null ? new NodeAffinity() : result.getNodeAffinity();
    NodeSelector required = nodeAffinity.getRequiredDuringSchedulingIgnoredDuringExecution();
    if (required == null) {
      required = new NodeSelector();
    }
    required.setNodeSelectorTerms(List.of(term));
    nodeAffinity.setRequiredDuringSchedulingIgnoredDuringExecution(required);
    result.setNodeAffinity(nodeAffinity);
    return result;
  }

  /**
   * GetTargetNodeName: the node the pod is bound to, else the one its required node affinity pins
   * it to (the first {@code metadata.name In [one value]} matchField); null when there is none (the
   * real controller skips such a pod).
   */
  public static String targetNode(Pod pod) {
    if (pod.getSpec() == null) {
      return null;
    }
    String bound = pod.getSpec().getNodeName();
    if (bound != null && !bound.isEmpty()) {
      return bound;
    }
    Affinity affinity = pod.getSpec().getAffinity();
    if (affinity == null
        || affinity.getNodeAffinity() == null
        || affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
      return null;
    }
    List<NodeSelectorTerm> terms =
        affinity
            .getNodeAffinity()
            .getRequiredDuringSchedulingIgnoredDuringExecution()
            .getNodeSelectorTerms();
    for (NodeSelectorTerm term : terms == null ? List.<NodeSelectorTerm>of() : terms) {
      for (NodeSelectorRequirement r :
          term.getMatchFields() == null
              ? List.<NodeSelectorRequirement>of()
              : term.getMatchFields()) {
        if (NODE_NAME_FIELD.equals(r.getKey()) && "In".equals(r.getOperator())) {
          return r.getValues() != null && r.getValues().size() == 1 ? r.getValues().get(0) : null;
        }
      }
    }
    return null;
  }

  /**
   * IsPodUpdated: the pod carries the current revision's hash, or the DaemonSet's template
   * generation (pods made before revisions had hashes).
   */
  public static boolean isUpdated(Pod pod, String hash, Long generation) {
    Map<String, String> labels = Kube.labels(pod);
    boolean generationMatches =
        generation != null && generation.toString().equals(labels.get(TEMPLATE_GENERATION));
    boolean hashMatches = !hash.isEmpty() && hash.equals(labels.get(REVISION_HASH));
    return hashMatches || generationMatches;
  }

  public static boolean scheduled(Pod pod) {
    return pod.getSpec() != null
        && pod.getSpec().getNodeName() != null
        && !pod.getSpec().getNodeName().isEmpty();
  }

  /**
   * podByCreationTimestampAndPhase: bound pods first, then the oldest, then by name. The first is
   * the one status counts and the one kept when a node has too many.
   */
  public static final Comparator<Pod> OLDEST_SCHEDULED_FIRST =
      Comparator.comparing((Pod p) -> !scheduled(p))
          .thenComparing(DaemonPods::created, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(p -> p.getMetadata().getName());

  private static Instant created(Pod pod) {
    return Kube.time(pod.getMetadata().getCreationTimestamp());
  }

  /** Pod phase Succeeded or Failed (podutil.IsPodTerminal). */
  public static boolean terminal(Pod pod) {
    String phase = Kube.phase(pod);
    return Objects.equals(phase, "Succeeded") || Objects.equals(phase, "Failed");
  }
}

package io.kubesim.kubelet.pods;

import io.kubesim.core.client.ApiClient;
import io.kubesim.core.events.EventRecorder;
import io.kubesim.kubelet.KubeletMetrics;
import io.kubesim.kubelet.app.ContainerServers;
import io.kubesim.kubelet.volume.VolumeConfig;
import io.kubesim.kubelet.volume.VolumeSources;
import java.time.Clock;
import java.util.Map;

/** What every pod worker of the process uses. */
record Shared(
    ApiClient api,
    Clock clock,
    Map<String, EventRecorder> recorders,
    ContainerServers servers,
    KubeletMetrics metrics,
    VolumeConfig volumes,
    VolumeSources sources) {

  EventRecorder recorder(String node) {
    return recorders.get(node);
  }
}

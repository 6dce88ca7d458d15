package io.kubesim.controllermanager.endpointslice;

import static io.kubesim.controllermanager.endpointslice.EndpointObjects.pod;
import static io.kubesim.controllermanager.endpointslice.EndpointObjects.readyPod;
import static io.kubesim.controllermanager.endpointslice.EndpointObjects.web;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TriggerTimesTest {
  @Test
  void aSyncCarriesTheEarliestChangeItIsTheFirstToReflect() {
    TriggerTimes times = new TriggerTimes();
    // the Service was created at 10:00:00, the pods became ready at 10:01:02 and 10:01:03
    assertThat(times.compute("default/web", web(), List.of(readyPod("a", 2), readyPod("b", 3))))
        .isEqualTo("2026-12-07T10:00:00Z");
    assertThat(times.compute("default/web", web(), List.of(readyPod("a", 2), readyPod("b", 3))))
        .as("nothing new")
        .isNull();
    var later =
        pod("b", 3, false)
            .editStatus()
            .editFirstCondition()
            .withLastTransitionTime("2026-12-07T10:05:00Z")
            .endCondition()
            .endStatus()
            .build();
    assertThat(times.compute("default/web", web(), List.of(readyPod("a", 2), later)))
        .isEqualTo("2026-12-07T10:05:00Z");
  }
}

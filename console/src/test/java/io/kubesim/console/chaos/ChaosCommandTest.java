package io.kubesim.console.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChaosCommandTest {
  @Test
  void theCommandsWordsAreSplitOnCommasAndTheExperimentsWordsFollow() throws Exception {
    ChaosCommand command =
        ChaosCommand.fromEnv(Map.of("KUBESIM_CHAOS_COMMAND", "sh,-c,echo ran $0 $1; exit 3"));
    assertThat(command.available()).isTrue();
    assertThat(command.run(List.of("kill-node", "kubesim-worker2")))
        .isEqualTo(new ChaosCommand.Result(3, "ran kill-node kubesim-worker2\n"));
  }

  @Test
  void withoutACommandTheConsoleCannotCarryExperimentsOut() {
    assertThat(ChaosCommand.fromEnv(Map.of()).available()).isFalse();
  }
}

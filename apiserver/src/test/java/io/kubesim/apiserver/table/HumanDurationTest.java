package io.kubesim.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HumanDurationTest {

  @ParameterizedTest(name = "{0} seconds print as {1}")
  @CsvSource({
    "-3, <invalid>",
    "-2, <invalid>",
    "-1, 0s",
    "0, 0s",
    "45, 45s",
    "119, 119s",
    "120, 2m",
    "130, 2m10s",
    "599, 9m59s",
    "600, 10m",
    "10799, 179m",
    "10800, 3h",
    "12000, 3h20m",
    "28740, 7h59m",
    "28800, 8h",
    "172799, 47h",
    "172800, 2d",
    "273600, 3d4h",
    "691200, 8d",
    "62985600, 729d",
    "63072000, 2y",
    "63504000, 2y5d",
    "252288000, 8y",
    "315360000, 10y",
  })
  void agesFollowTheApimachineryHumanDurationRules(long seconds, String expected) {
    assertThat(Printing.humanDuration(Duration.ofSeconds(seconds))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} ms print as {1}")
  @CsvSource({"-1500, 0s", "-2500, <invalid>", "119999, 119s", "120001, 2m"})
  void fractionsOfASecondAreTruncatedTowardZero(long millis, String expected) {
    assertThat(Printing.humanDuration(Duration.ofMillis(millis))).isEqualTo(expected);
  }
}

package io.kubesim.apiserver.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.core.json.Json;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** An update that moves only managedFields times changes nothing; anything else does. */
class ManagedFieldsTest {
  private static final String LEASE =
      """
      {"kind":"Lease","metadata":{"name":"n1","labels":{"a":"b"},"managedFields":[
        {"manager":"kubelet","operation":"Update","time":"%s","fieldsType":"FieldsV1",
         "fieldsV1":{"f:spec":{"f:renewTime":{}}}}%s]},
       "spec":{"holderIdentity":"n1","leaseDurationSeconds":%s}}""";

  record Case(String name, String a, String b, boolean same) {}

  private static String lease(String time, String more, String duration) {
    return LEASE.formatted(time, more, duration);
  }

  static List<Case> cases() {
    String t1 = "2026-12-08T01:00:00Z";
    String t2 = "2026-12-08T01:00:10Z";
    return List.of(
        new Case("only a time moved", lease(t1, "", "40"), lease(t2, "", "40"), true),
        new Case("identical", lease(t1, "", "40"), lease(t1, "", "40"), true),
        new Case(
            "a number written differently is the same number",
            lease(t1, "", "40"),
            lease(t1, "", "40.0"),
            true),
        new Case("a spec field changed", lease(t1, "", "40"), lease(t2, "", "41"), false),
        new Case(
            "one more entry",
            lease(t1, "", "40"),
            lease(t1, ",{\"manager\":\"x\",\"operation\":\"Update\"}", "40"),
            false),
        new Case(
            "an entry without a time against one with",
            lease(t1, ",{\"manager\":\"x\"}", "40"),
            lease(t1, ",{\"manager\":\"x\",\"time\":\"" + t2 + "\"}", "40"),
            true),
        new Case(
            "an entry's manager changed",
            lease(t1, ",{\"manager\":\"x\"}", "40"),
            lease(t1, ",{\"manager\":\"y\"}", "40"),
            false),
        new Case(
            "a label went",
            lease(t1, "", "40"),
            lease(t1, "", "40").replace("\"labels\":{\"a\":\"b\"},", ""),
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void onlyManagedFieldsTimesAreIgnored(Case c) {
    JsonNode a = Json.parse(c.a().getBytes());
    JsonNode b = Json.parse(c.b().getBytes());
    assertThat(ManagedFields.sameIgnoringTimes(a, b)).isEqualTo(c.same());
    assertThat(ManagedFields.sameIgnoringTimes(b, a)).isEqualTo(c.same());
  }
}

package io.kubesim.apiserver.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.core.api.FieldError;
import io.kubesim.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LimitRangeValidationTest {
  record Case(String name, String limits, List<String> errors) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static String dump(long value, int scale, String text, String format) {
    return "resource.Quantity{i:resource.int64Amount{value:"
        + value
        + ", scale:"
        + scale
        + "}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:\""
        + text
        + "\", Format:\""
        + format
        + "\"}";
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "the docs' cpu constraints, defaulted, are valid",
            "[{type: Container, max: {cpu: 800m}, min: {cpu: 200m}, default: {cpu: 800m},"
                + " defaultRequest: {cpu: 800m}}]",
            List.of()),
        new Case(
            "a min above max is invalid, printed as Go prints the quantity",
            "[{type: Container, min: {memory: 2Gi}, max: {memory: 1Gi}}]",
            List.of(
                "spec.limits[0].min[memory]: Invalid value: "
                    + dump(2147483648L, 0, "2Gi", "BinarySI")
                    + ": min value 2Gi is greater than max value 1Gi")),
        new Case(
            "a default request above the default limit is invalid",
            "[{type: Container, default: {cpu: 200m}, defaultRequest: {cpu: 400m}}]",
            List.of(
                "spec.limits[0].defaultRequest[cpu]: Invalid value: "
                    + dump(400, -3, "400m", "DecimalSI")
                    + ": default request value 400m is greater than default limit value 200m")),
        new Case(
            "a ratio below one is invalid",
            "[{type: Container, maxLimitRequestRatio: {cpu: 500m}}]",
            List.of(
                "spec.limits[0].maxLimitRequestRatio[cpu]: Invalid value: "
                    + dump(500, -3, "500m", "DecimalSI")
                    + ": ratio 500m is less than 1")),
        new Case(
            "a ratio above max over min is invalid",
            "[{type: Container, min: {cpu: 500m}, max: {cpu: \"1\"}, maxLimitRequestRatio: {cpu: \"3\"}}]",
            List.of(
                "spec.limits[0].maxLimitRequestRatio[cpu]: Invalid value: "
                    + dump(3, 0, "3", "DecimalSI")
                    + ": ratio 3 is greater than max/min = 2.000000")),
        new Case(
            "a Pod item takes no defaults and a type is named once",
            "[{type: Pod, default: {cpu: \"1\"}}, {type: Pod, max: {cpu: \"2\"}}]",
            List.of(
                "spec.limits[0].default: Forbidden: may not be specified when `type` is 'Pod'",
                "spec.limits[1].type: Duplicate value: \"Pod\"")),
        new Case(
            "a claim item needs min or max storage, and a type must be known",
            "[{type: PersistentVolumeClaim, max: {cpu: \"1\"}}, {type: Node}]",
            List.of(
                "spec.limits[0].limits: Required value: either minimum or maximum storage value is"
                    + " required, but neither was provided",
                "spec.limits[1].type: Invalid value: \"Node\": must be a standard limit type or"
                    + " fully qualified")));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void aLimitRange(Case c) {
    List<FieldError> errs = new ArrayList<>();
    LimitRangeValidation.limitRange(errs, Json.YAML.readTree("spec: {limits: " + c.limits() + "}"));
    assertThat(errs.stream().map(FieldError::text)).containsExactlyElementsOf(c.errors());
  }
}

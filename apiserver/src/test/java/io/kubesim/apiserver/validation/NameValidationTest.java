package io.kubesim.apiserver.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.apiserver.validation.NameValidation.Rule;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NameValidationTest {
  record Case(String name, Rule rule, String value, int errors, String firstErrorStart) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("a plain subdomain is valid", Rule.SUBDOMAIN, "web-1.example", 0, null),
        new Case(
            "a subdomain may not hold capitals",
            Rule.SUBDOMAIN,
            "Web",
            1,
            "a lowercase RFC 1123 subdomain must consist of"),
        new Case(
            "a subdomain may not hold underscores",
            Rule.SUBDOMAIN,
            "bad_name",
            1,
            "a lowercase RFC 1123 subdomain"),
        new Case(
            "a subdomain may not end with a dash",
            Rule.SUBDOMAIN,
            "web-",
            1,
            "a lowercase RFC 1123 subdomain"),
        new Case(
            "a subdomain of 254 characters is too long",
            Rule.SUBDOMAIN,
            "a".repeat(254),
            1,
            "must be no more than 253 characters"),
        new Case("a namespace name is a label", Rule.LABEL, "kube-system", 0, null),
        new Case(
            "a label may not hold dots",
            Rule.LABEL,
            "a.b",
            1,
            "a lowercase RFC 1123 label must consist of"),
        new Case(
            "a label of 64 characters is too long",
            Rule.LABEL,
            "a".repeat(64),
            1,
            "must be no more than 63 characters"),
        new Case("a service name may start with a letter", Rule.DNS1035, "web", 0, null),
        new Case(
            "a service name may not start with a digit",
            Rule.DNS1035,
            "1web",
            1,
            "a DNS-1035 label must consist of"),
        new Case(
            "an empty name breaks the pattern",
            Rule.SUBDOMAIN,
            "",
            1,
            "a lowercase RFC 1123 subdomain"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void namesFollowTheApimachineryRules(Case c) {
    var errors = NameValidation.check(c.rule(), c.value());
    assertThat(errors).hasSize(c.errors());
    if (c.firstErrorStart() != null) {
      assertThat(errors.get(0)).startsWith(c.firstErrorStart());
    }
  }
}

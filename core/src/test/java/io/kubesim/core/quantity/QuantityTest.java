package io.kubesim.core.quantity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesim.core.quantity.Quantity.Format;
import java.math.BigDecimal;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class QuantityTest {

  private static final String FORMAT_ERROR =
      "quantities must match the regular expression"
          + " '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
  private static final String SUFFIX_ERROR = "unable to parse quantity's suffix";

  record Case(
      String name,
      String text,
      String value,
      String canonical,
      long milli,
      long whole,
      Format format) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("Milli cores stay milli", "100m", "0.1", "100m", 100, 1, Format.DECIMAL_SI),
        new Case(
            "A decimal fraction is written in milli",
            "0.1",
            "0.1",
            "100m",
            100,
            1,
            Format.DECIMAL_SI),
        new Case("A plain one stays one", "1", "1", "1", 1000, 1, Format.DECIMAL_SI),
        new Case("One and a half becomes 1500m", "1.5", "1.5", "1500m", 1500, 2, Format.DECIMAL_SI),
        new Case(
            "Whole milli values collapse to units", "1000m", "1", "1", 1000, 1, Format.DECIMAL_SI),
        new Case(
            "Mebibytes are powers of two",
            "64Mi",
            "67108864",
            "64Mi",
            67108864000L,
            67108864,
            Format.BINARY_SI),
        new Case(
            "A gibibyte is 2^30",
            "1Gi",
            "1073741824",
            "1Gi",
            1073741824000L,
            1073741824,
            Format.BINARY_SI),
        new Case(
            "1024Mi is canonically 1Gi",
            "1024Mi",
            "1073741824",
            "1Gi",
            1073741824000L,
            1073741824,
            Format.BINARY_SI),
        new Case(
            "A fractional binary amount uses the largest exact binary suffix",
            "1.5Gi",
            "1610612736",
            "1536Mi",
            1610612736000L,
            1610612736,
            Format.BINARY_SI),
        new Case(
            "A gigabyte is 10^9",
            "1G",
            "1000000000",
            "1G",
            1000000000000L,
            1000000000,
            Format.DECIMAL_SI),
        new Case(
            "1000M is canonically 1G",
            "1000M",
            "1000000000",
            "1G",
            1000000000000L,
            1000000000,
            Format.DECIMAL_SI),
        new Case(
            "An exponent keeps the exponent form as Go does",
            "1e3",
            "1000",
            "1e3",
            1000000,
            1000,
            Format.DECIMAL_EXPONENT),
        new Case(
            "An upper-case exponent is written lower-case",
            "1E3",
            "1000",
            "1e3",
            1000000,
            1000,
            Format.DECIMAL_EXPONENT),
        new Case(
            "A negative exponent is lowered to a multiple of three",
            "12e-2",
            "0.12",
            "120e-3",
            120,
            1,
            Format.DECIMAL_EXPONENT),
        new Case(
            "An exponent that is not a multiple of three moves into the number",
            "1.5e3",
            "1500",
            "1500",
            1500000,
            1500,
            Format.DECIMAL_EXPONENT),
        new Case("A kilo is 1000", "1k", "1000", "1k", 1000000, 1000, Format.DECIMAL_SI),
        new Case(
            "Kibibytes stay kibibytes",
            "500Ki",
            "512000",
            "500Ki",
            512000000,
            512000,
            Format.BINARY_SI),
        new Case("A plus sign is dropped", "+1", "1", "1", 1000, 1, Format.DECIMAL_SI),
        new Case("A negative value keeps its sign", "-1", "-1", "-1", -1000, -1, Format.DECIMAL_SI),
        new Case(
            "Negative milli values round away from zero",
            "-100m",
            "-0.1",
            "-100m",
            -100,
            -1,
            Format.DECIMAL_SI),
        new Case("Zero is written as 0", "0", "0", "0", 0, 0, Format.DECIMAL_SI),
        new Case("Binary zero is also 0", "0Ki", "0", "0", 0, 0, Format.BINARY_SI),
        new Case(
            "Amounts below a nano round up to one nano",
            "0.0000000001",
            "0.000000001",
            "1n",
            1,
            1,
            Format.DECIMAL_SI),
        new Case(
            "A nano has a milli value of one", "1n", "0.000000001", "1n", 1, 1, Format.DECIMAL_SI),
        new Case("Micro is written u", "1500n", "0.0000015", "1500n", 1, 1, Format.DECIMAL_SI),
        new Case(
            "A binary amount below 1024 is written in decimal",
            "0.5Ki",
            "512",
            "512",
            512000,
            512,
            Format.BINARY_SI),
        new Case(
            "A binary amount that is not whole is written in decimal",
            "1.1Ki",
            "1126.4",
            "1126400m",
            1126400,
            1127,
            Format.BINARY_SI),
        new Case(
            "A binary fraction below one switches to decimal",
            "0.0001Ki",
            "0.1024",
            "102400u",
            103,
            1,
            Format.DECIMAL_SI),
        new Case(
            "Binary amounts are capped at the int64 maximum",
            "8Ei",
            "9223372036854775807",
            "9223372036854775807",
            Long.MAX_VALUE,
            Long.MAX_VALUE,
            Format.BINARY_SI),
        new Case(
            "An exbi is 2^60",
            "1Ei",
            "1152921504606846976",
            "1Ei",
            Long.MAX_VALUE,
            1152921504606846976L,
            Format.BINARY_SI),
        new Case(
            "Beyond exa the decimal suffix stays E",
            "1000E",
            "1000000000000000000000",
            "1000E",
            Long.MAX_VALUE,
            Long.MAX_VALUE,
            Format.DECIMAL_SI),
        new Case(
            "A trailing dot before the suffix is allowed as in Go",
            "1.G",
            "1000000000",
            "1G",
            1000000000000L,
            1000000000,
            Format.DECIMAL_SI),
        new Case("A leading dot is allowed", ".5", "0.5", "500m", 500, 1, Format.DECIMAL_SI),
        new Case(
            "Leading zeros are ignored", "00100", "100", "100", 100000, 100, Format.DECIMAL_SI));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void parsesAndCanonicalises(Case c) {
    Quantity q = Quantity.parse(c.text());
    assertThat(q.value()).isEqualByComparingTo(new BigDecimal(c.value()));
    assertThat(q.value().toPlainString()).isEqualTo(c.value());
    assertThat(q.canonical()).isEqualTo(c.canonical());
    assertThat(q.toString()).isEqualTo(c.canonical());
    assertThat(q.milliValue()).isEqualTo(c.milli());
    assertThat(q.longValue()).isEqualTo(c.whole());
    assertThat(q.format()).isEqualTo(c.format());
    // the canonical text is a fixed point and denotes the same amount
    Quantity again = Quantity.parse(q.canonical());
    assertThat(again).isEqualTo(q);
    assertThat(again.canonical()).isEqualTo(c.canonical());
  }

  record Bad(String name, String text, String error) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Bad> badCases() {
    return Stream.of(
        new Bad("The empty string is not a quantity", "", FORMAT_ERROR),
        new Bad("Letters are not a number", "abc", FORMAT_ERROR),
        new Bad("A lone sign is not a number", "-", FORMAT_ERROR),
        new Bad("Two dots are not a number", "1.2.3", FORMAT_ERROR),
        new Bad("Spaces are not allowed", "1 Gi", FORMAT_ERROR),
        new Bad("An unknown suffix letter breaks the pattern", "1Gib", FORMAT_ERROR),
        new Bad("A fractional exponent breaks the pattern", "1e3.5", FORMAT_ERROR),
        new Bad("A bare e is not a suffix", "1e", SUFFIX_ERROR),
        new Bad("A bare i is not a suffix", "1i", SUFFIX_ERROR),
        new Bad("A doubled binary suffix is not a suffix", "1Mii", SUFFIX_ERROR),
        new Bad("A doubled e is not an exponent", "1ee3", SUFFIX_ERROR),
        new Bad("Lower-case kibi is not a suffix", "1ki", SUFFIX_ERROR));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCases")
  void rejectsBadText(Bad c) {
    assertThatThrownBy(() -> Quantity.parse(c.text()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(c.error());
  }

  record Order(String name, String smaller, String larger) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Order> orderings() {
    return Stream.of(
        new Order("A gigabyte is less than a gibibyte", "1G", "1Gi"),
        new Order("Negative one is less than zero", "-1", "0"),
        new Order("100m is less than 0.2", "100m", "0.2"),
        new Order("A nano is more than zero", "0", "1n"),
        new Order("999Mi is less than 1Gi", "999Mi", "1Gi"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("orderings")
  void compares(Order o) {
    Quantity small = Quantity.parse(o.smaller());
    Quantity large = Quantity.parse(o.larger());
    assertThat(small.compareTo(large)).isNegative();
    assertThat(large.compareTo(small)).isPositive();
    assertThat(small).isNotEqualTo(large);
  }

  record Same(String name, String a, String b) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Same> equalities() {
    return Stream.of(
        new Same("1000m equals 1", "1000m", "1"),
        new Same("1e3 equals 1k", "1e3", "1k"),
        new Same("1Gi equals its byte count", "1Gi", "1073741824"),
        new Same("0.5 equals 500m", "0.5", "500m"),
        new Same("Binary and decimal zero are equal", "0Ki", "0"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("equalities")
  void equalByAmount(Same s) {
    Quantity a = Quantity.parse(s.a());
    Quantity b = Quantity.parse(s.b());
    assertThat(a).isEqualTo(b);
    assertThat(a.hashCode()).isEqualTo(b.hashCode());
    assertThat(a.compareTo(b)).isZero();
  }
}

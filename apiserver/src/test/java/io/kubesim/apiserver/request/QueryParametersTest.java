package io.kubesim.apiserver.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesim.core.api.ApiException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Query parameters decoded as kube-apiserver decodes them (url.ParseQuery, then apimachinery). */
class QueryParametersTest {
  private static ApiRequest request(String rawQuery) {
    return new ApiRequest("GET", "/api/v1/pods", QueryString.parse(rawQuery), Map.of(), null, "u");
  }

  record FlagCase(String name, String rawQuery, boolean watch) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<FlagCase> flags() {
    return Stream.of(
        new FlagCase("an absent parameter is false", "limit=5", false),
        new FlagCase("true is true", "watch=true", true),
        new FlagCase("the Python client's True is true", "watch=True", true),
        new FlagCase("1 is true", "watch=1", true),
        new FlagCase("t is true", "watch=t", true),
        new FlagCase("any other word is true", "watch=yes", true),
        new FlagCase("a key without a value is true", "watch", true),
        new FlagCase("an empty value is true", "watch=", true),
        new FlagCase("false is false", "watch=false", false),
        new FlagCase("FALSE in any case is false", "watch=FaLsE", false),
        new FlagCase("0 is false", "watch=0", false),
        new FlagCase("00 is not 0, so true", "watch=00", true),
        new FlagCase("f is not false, so true", "watch=f", true),
        new FlagCase("the first of repeated values counts", "watch=0&watch=1", false),
        new FlagCase("a pair with a bad escape is dropped", "watch=%zz", false),
        new FlagCase("a pair with a semicolon is dropped", "watch=1;x", false),
        new FlagCase("a plus is a space, and a space is true", "watch=+", true),
        new FlagCase("an escaped value is decoded", "watch=%66alse", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("flags")
  void booleansFollowApimachinerysConversion(FlagCase c) {
    assertThat(request(c.rawQuery()).flag("watch")).isEqualTo(c.watch());
  }

  record IntegerCase(String name, String rawQuery, Long value, String error) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<IntegerCase> integers() {
    return Stream.of(
        new IntegerCase("an absent integer is null", "watch=1", null, null),
        new IntegerCase("digits are a number", "limit=500", 500L, null),
        new IntegerCase("a plus sign is allowed", "limit=%2B7", 7L, null),
        new IntegerCase("a minus sign is allowed", "limit=-7", -7L, null),
        new IntegerCase("the largest int64", "limit=9223372036854775807", Long.MAX_VALUE, null),
        new IntegerCase("the smallest int64", "limit=-9223372036854775808", Long.MIN_VALUE, null),
        new IntegerCase(
            "a word is invalid syntax",
            "limit=abc",
            null,
            "strconv.ParseInt: parsing \"abc\": invalid syntax"),
        new IntegerCase(
            "an empty value is invalid syntax",
            "limit=",
            null,
            "strconv.ParseInt: parsing \"\": invalid syntax"),
        new IntegerCase(
            "a lone sign is invalid syntax",
            "limit=-",
            null,
            "strconv.ParseInt: parsing \"-\": invalid syntax"),
        new IntegerCase(
            "a space is invalid syntax",
            "limit=+5",
            null,
            "strconv.ParseInt: parsing \" 5\": invalid syntax"),
        new IntegerCase(
            "a fraction is invalid syntax",
            "limit=1.5",
            null,
            "strconv.ParseInt: parsing \"1.5\": invalid syntax"),
        new IntegerCase(
            "digits of another script are invalid syntax",
            "limit=%D9%A3",
            null,
            "strconv.ParseInt: parsing \"\u0663\": invalid syntax"),
        new IntegerCase(
            "one past int64 is out of range",
            "limit=9223372036854775808",
            null,
            "strconv.ParseInt: parsing \"9223372036854775808\": value out of range"),
        new IntegerCase(
            "past uint64 is out of range before a later bad byte",
            "limit=99999999999999999999x",
            null,
            "strconv.ParseInt: parsing \"99999999999999999999x\": value out of range"),
        new IntegerCase(
            "a control character is quoted as Go quotes it",
            "limit=1%0A%00",
            null,
            "strconv.ParseInt: parsing \"1\\n\\x00\": invalid syntax"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("integers")
  void integersFollowStrconvParseInt(IntegerCase c) {
    ApiRequest request = request(c.rawQuery());
    if (c.error() == null) {
      assertThat(request.integer("limit")).isEqualTo(c.value());
      return;
    }
    assertThatThrownBy(() -> request.integer("limit"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(400);
              assertThat(e.reason()).isEqualTo("BadRequest");
              assertThat(e.getMessage()).isEqualTo(c.error());
            });
  }

  record QueryCase(String name, String rawQuery, Map<String, List<String>> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<QueryCase> queries() {
    return Stream.of(
        new QueryCase("no query is no parameters", null, Map.of()),
        new QueryCase(
            "a bad escape drops its pair only",
            "labelSelector=%%%&limit=5",
            Map.of("limit", List.of("5"))),
        new QueryCase("a truncated escape is bad", "a=%4&b=%", Map.of()),
        new QueryCase(
            "a bad escape in a key drops the pair", "%zz=1&c=2", Map.of("c", List.of("2"))),
        new QueryCase(
            "repeated keys keep every value in order",
            "dryRun=All&dryRun=x",
            Map.of("dryRun", List.of("All", "x"))),
        new QueryCase("empty pairs are skipped", "&&a=1&&", Map.of("a", List.of("1"))),
        new QueryCase(
            "only the first = splits",
            "labelSelector=a%3Db=c",
            Map.of("labelSelector", List.of("a=b=c"))),
        new QueryCase("escaped UTF-8 is decoded", "a=%C3%BC", Map.of("a", List.of("\u00fc"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("queries")
  void queriesAreDecodedAsGoDecodesThem(QueryCase c) {
    assertThat(QueryString.parse(c.rawQuery())).isEqualTo(c.expected());
  }

  record DurationCase(String name, String text, Long nanos, String error) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<DurationCase> durations() {
    return Stream.of(
        new DurationCase("kubectl's 32s", "32s", 32_000_000_000L, null),
        new DurationCase("units combine", "1h2m3s", 3_723_000_000_000L, null),
        new DurationCase("a fraction", "1.5s", 1_500_000_000L, null),
        new DurationCase("a leading dot", ".5ms", 500_000L, null),
        new DurationCase("micro with the micro sign", "3\u00b5s", 3_000L, null),
        new DurationCase("a lone zero needs no unit", "0", 0L, null),
        new DurationCase("a negative duration", "-2m", -120_000_000_000L, null),
        new DurationCase("a word", "soon", null, "time: invalid duration \"soon\""),
        new DurationCase("no unit", "5", null, "time: missing unit in duration \"5\""),
        new DurationCase(
            "an unknown unit", "5d", null, "time: unknown unit \"d\" in duration \"5d\""),
        new DurationCase("a dot alone", ".s", null, "time: invalid duration \".s\""),
        new DurationCase(
            "past int64 nanoseconds",
            "9999999999h",
            null,
            "time: invalid duration \"9999999999h\""),
        new DurationCase(
            "non-ASCII is quoted byte by byte",
            "5\u00fc",
            null,
            "time: unknown unit \"\\xc3\\xbc\" in duration \"5\\xc3\\xbc\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("durations")
  void durationsFollowTimeParseDuration(DurationCase c) {
    if (c.error() == null) {
      assertThat(GoDuration.parseNanos(c.text())).isEqualTo(c.nanos());
      return;
    }
    assertThatThrownBy(() -> GoDuration.parseNanos(c.text()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(c.error());
  }
}

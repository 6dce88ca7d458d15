package io.kubesim.controllermanager.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class IndexSetTest {
  record Case(String name, String text, int completions, List<Integer> added, String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("nothing is written as nothing", "", 10, List.of(), ""),
        new Case("three in a row collapse into a range", "", 10, List.of(3, 4, 5), "3-5"),
        new Case("two neighbours stay apart", "", 10, List.of(3, 4), "3,4"),
        new Case("an index joins the range it touches", "1-3", 10, List.of(4, 7), "1-4,7"),
        new Case("indexes at or beyond completions are dropped", "0,5-9", 7, List.of(), "0,5,6"),
        new Case("a malformed interval is skipped", "x,2", 10, List.of(), "2"),
        new Case("an index already there changes nothing", "0-2", 10, List.of(1), "0-2"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void writes(Case c) {
    IndexSet set = IndexSet.parse(c.text(), c.completions()).with(c.added());
    assertThat(set.toString()).isEqualTo(c.expected());
  }
}

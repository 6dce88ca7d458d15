package io.kubesim.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.core.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SelectorFormatTest {

  @ParameterizedTest(name = "{0} prints as {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{} | <none>",
        "{\"matchLabels\":{}} | <none>",
        "{\"matchLabels\":{\"app\":\"nginx\"}} | app=nginx",
        "{\"matchLabels\":{\"tier\":\"web\",\"app\":\"nginx\"}} | app=nginx,tier=web",
        "{\"matchExpressions\":[{\"key\":\"env\",\"operator\":\"In\",\"values\":[\"prod\",\"dev\"]}]}"
            + " | env in (dev,prod)",
        "{\"matchExpressions\":[{\"key\":\"env\",\"operator\":\"NotIn\",\"values\":[\"qa\"]}]}"
            + " | env notin (qa)",
        "{\"matchLabels\":{\"z\":\"1\"},\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"Exists\"},"
            + "{\"key\":\"m\",\"operator\":\"DoesNotExist\"}]} | a,!m,z=1",
        "{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"In\",\"values\":[]}]} | <error>",
      })
  void labelSelectorsPrintAsFormatLabelSelectorDoes(String selector, String expected) {
    assertThat(Printing.formatLabelSelector(Json.MAPPER.readTree(selector))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} prints as {1}")
  @CsvSource(
      delimiter = '|',
      value = {"{} | <none>", "{\"b\":\"2\",\"a\":\"1\"} | a=1,b=2"})
  void labelMapsPrintSortedByKey(String labels, String expected) {
    assertThat(Printing.formatLabels(Json.MAPPER.readTree(labels))).isEqualTo(expected);
  }
}

package io.kubesim.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.BindException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FreePortsTest {
  /**
   * @param failures what the attempts throw, in turn, before one succeeds
   * @param runs how many times the start runs
   * @param succeeds whether retryOnBind answers the start's result (else it throws the last
   *     failure)
   */
  record Case(String name, List<Exception> failures, int runs, boolean succeeds) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("a start that binds at once runs once", List.of(), 1, true),
        new Case(
            "a port taken before the bind is tried again",
            List.of(new BindException("Address already in use")),
            2,
            true),
        new Case(
            "a BindException wrapped by a future is found among the causes",
            List.of(new CompletionException(new BindException("Address already in use"))),
            2,
            true),
        new Case(
            "a native transport's bind error is known by its message",
            List.of(new IOException("bind(..) failed: Address already in use")),
            2,
            true),
        new Case(
            "another failure is not retried",
            List.of(new IOException("Connection refused")),
            1,
            false),
        new Case(
            "five failed binds give up",
            List.of(
                new BindException("1"),
                new BindException("2"),
                new BindException("3"),
                new BindException("4"),
                new BindException("5")),
            FreePorts.ATTEMPTS,
            false));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void retriesOnlyFailedBinds(Case c) throws Exception {
    Deque<Exception> failures = new ArrayDeque<>(c.failures());
    AtomicInteger runs = new AtomicInteger();
    FreePorts.Attempt<String> start =
        () -> {
          runs.incrementAndGet();
          if (!failures.isEmpty()) {
            throw failures.poll();
          }
          return "started";
        };
    if (c.succeeds()) {
      assertThat(FreePorts.retryOnBind(start)).isEqualTo("started");
    } else {
      assertThatThrownBy(() -> FreePorts.retryOnBind(start))
          .isSameAs(c.failures().get(runs.get() - 1));
    }
    assertThat(runs).hasValue(c.runs());
  }

  @Test
  void anotherProcessWhoseLogShowsABindFailureFailsAsOneInThisJvm() throws Exception {
    assertThatThrownBy(
            () ->
                FreePorts.failIfBindFailedIn(
                    "apiserver failed to start\njava.net.BindException: Address already in use"))
        .isInstanceOf(BindException.class);
    FreePorts.failIfBindFailedIn("apiserver listening on 127.0.0.1:6443");
  }
}

package io.kubesim.kubelet.exec;

import io.kubesim.kubelet.shell.Network;
import io.kubesim.kubelet.shell.World;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * An exec session's world: the kubelet's clock, sleeps that take that long on the session's thread,
 * an interrupt (^C, the client leaving) that stops what runs, and the pod network.
 */
final class RealWorld implements World {
  private final Clock clock;
  private final Instant start;
  private final Network network;

  RealWorld(Clock clock, Network network) {
    this.clock = clock;
    this.start = clock.instant();
    this.network = network;
  }

  @Override
  public Instant now() {
    return clock.instant();
  }

  @Override
  public Duration elapsed() {
    return Duration.between(start, clock.instant());
  }

  @Override
  public void sleep(Duration duration) {
    try {
      Thread.sleep(Math.max(0, duration.toMillis()));
    } catch (InterruptedException e) {
      throw new Stop();
    }
  }

  @Override
  public void sleepForever() {
    while (true) {
      sleep(Duration.ofHours(1));
    }
  }

  /** Stops when interrupted; a loop that never sleeps yields a millisecond every 100 rounds. */
  @Override
  public boolean loopMayGo(int round) {
    if (Thread.interrupted()) {
      throw new Stop();
    }
    if (round % 100 == 99) {
      sleep(Duration.ofMillis(1));
    }
    return true;
  }

  @Override
  public Network network() {
    return network;
  }
}

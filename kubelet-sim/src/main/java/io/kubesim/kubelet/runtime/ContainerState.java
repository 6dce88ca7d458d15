package io.kubesim.kubelet.runtime;

import java.time.Instant;

/** The three container states of the API ({@code ContainerState}): exactly one is set. */
public sealed interface ContainerState {

  /** {@code reason} is one of the kubelet's: ContainerCreating, PodInitializing, ErrImagePull... */
  record Waiting(String reason, String message) implements ContainerState {}

  record Running(Instant startedAt) implements ContainerState {}

  /** {@code reason}: Completed (exit 0), Error (other codes), OOMKilled. */
  record Terminated(
      int exitCode, String reason, String message, Instant startedAt, Instant finishedAt)
      implements ContainerState {}

  static Terminated exited(int exitCode, Instant startedAt, Instant finishedAt) {
    return new Terminated(
        exitCode, exitCode == 0 ? "Completed" : "Error", "", startedAt, finishedAt);
  }
}

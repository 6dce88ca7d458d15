package io.kubesim.core.cron;

/** A schedule that does not parse; the message is robfig/cron's. */
public final class CronException extends RuntimeException {
  public CronException(String message) {
    super(message);
  }
}

package io.taskexec.reporting.deliver;

import java.time.Duration;

/**
 * Where reports go. One method; a delivery either returns (the target has the report) or throws
 * (it may not have it). Implementations must be safe to call again with the same delivery: the
 * distributor retries, and the outbox retries after a restart. May block up to {@code timeout}.
 */
public interface Target {
  /** A short stable name: {@code directory}, {@code webhook}, {@code email}, {@code exchange}. */
  String name();

  /** Delivers one report, within {@code timeout}. */
  void deliver(Delivery d, Duration timeout) throws Exception;
}

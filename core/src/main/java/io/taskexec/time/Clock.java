package io.taskexec.time;

import java.time.Duration;
import java.time.Instant;

/**
 * The only source of time in taskexec: wall time for timestamps and deadlines, a monotonic ticker
 * for durations, and a timer for delayed work. Tests pass a {@link ManualClock}; nothing else calls
 * {@code Instant.now()} or {@code System.nanoTime()}.
 *
 * <p>Thread-safe. {@link #schedule} never runs the action on the caller's thread.
 */
public interface Clock {
  /** Wall-clock time, for timestamps and deadlines. */
  Instant now();

  /** Monotonic nanoseconds, for measuring durations; only differences are meaningful. */
  long nanoTime();

  /**
   * Runs {@code action} once after {@code delay}. The returned handle cancels it; cancelling an
   * action that already ran does nothing.
   */
  Cancellable schedule(Duration delay, Runnable action);

  static Clock system() {
    return SystemClock.INSTANCE;
  }

  /** A handle to delayed work. {@link #cancel} is idempotent. */
  @FunctionalInterface
  interface Cancellable {
    void cancel();
  }
}

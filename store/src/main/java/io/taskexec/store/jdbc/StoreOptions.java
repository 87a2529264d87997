package io.taskexec.store.jdbc;

import io.taskexec.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a durable store writes.
 *
 * @param syncInterval the longest an appended event waits in memory before it is written
 *     ({@code state_manager.sync_interval}); zero writes events as soon as the writer is free
 * @param maxBufferedEvents events buffered before a write is started without waiting for the interval
 * @param backoff retries while the database is away
 * @param clock for timestamps and for measuring waits
 */
public record StoreOptions(Duration syncInterval, int maxBufferedEvents, Backoff backoff, Clock clock) {
  public static final StoreOptions DEFAULT =
      new StoreOptions(Duration.ofSeconds(1), 8192, Backoff.DEFAULT, Clock.system());

  public StoreOptions {
    Objects.requireNonNull(syncInterval, "syncInterval");
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(clock, "clock");
    if (syncInterval.isNegative()) throw new IllegalArgumentException("syncInterval must not be negative");
    if (maxBufferedEvents < 1) throw new IllegalArgumentException("maxBufferedEvents must be >= 1");
  }

  public StoreOptions withSyncInterval(Duration d) {
    return new StoreOptions(d, maxBufferedEvents, backoff, clock);
  }

  public StoreOptions withBackoff(Backoff b) {
    return new StoreOptions(syncInterval, maxBufferedEvents, b, clock);
  }

  public StoreOptions withMaxBufferedEvents(int n) {
    return new StoreOptions(syncInterval, n, backoff, clock);
  }
}

package io.taskexec.store.jdbc;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a store keeps trying when the database is away (PostgreSQL unreachable, disk full,
 * busy): exponential delays from {@code initial}, doubling up to {@code max}, for at most
 * {@code giveUpAfter} in all, then a {@link io.taskexec.store.StoreUnavailableException}.
 */
public record Backoff(Duration initial, Duration max, Duration giveUpAfter) {
  public static final Backoff DEFAULT =
      new Backoff(Duration.ofMillis(50), Duration.ofSeconds(2), Duration.ofSeconds(30));

  public Backoff {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    Objects.requireNonNull(giveUpAfter, "giveUpAfter");
    if (initial.isNegative() || max.isNegative() || giveUpAfter.isNegative())
      throw new IllegalArgumentException("backoff durations must not be negative");
  }

  /** The delay before try {@code n + 1} after {@code n} failed tries (n >= 1). */
  public Duration delayAfter(int n) {
    long nanos = initial.toNanos();
    for (int i = 1; i < n && nanos < max.toNanos(); i++) nanos *= 2;
    return Duration.ofNanos(Math.min(nanos, max.toNanos()));
  }
}

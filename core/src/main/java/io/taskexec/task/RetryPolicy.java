package io.taskexec.task;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounded retries with exponential backoff and jitter. {@code maxAttempts} counts every attempt,
 * the first included: 1 means never retry.
 *
 * @param jitter fraction in [0, 1]: the delay is drawn uniformly from
 *     {@code [d * (1 - jitter), d]} so that many failing tasks do not retry in lockstep
 */
public record RetryPolicy(
    int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff, double jitter) {

  public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, 1, Duration.ZERO, 0);
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(3, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(5), 0.2);

  public RetryPolicy {
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be >= 1");
    if (initialBackoff.isNegative() || maxBackoff.isNegative())
      throw new IllegalArgumentException("backoff must not be negative");
    if (!(multiplier >= 1.0)) throw new IllegalArgumentException("multiplier must be >= 1");
    if (!(jitter >= 0 && jitter <= 1)) throw new IllegalArgumentException("jitter must be in [0,1]");
  }

  public static RetryPolicy attempts(int maxAttempts, Duration initialBackoff) {
    return new RetryPolicy(maxAttempts, initialBackoff, 2.0, Duration.ofMinutes(5), 0.2);
  }

  /**
   * The delay before attempt {@code nextAttempt} (2 for the first retry).
   *
   * @param random01 a number in [0, 1) used for jitter, injected so tests are repeatable
   */
  public Duration backoffBefore(int nextAttempt, double random01) {
    double base = initialBackoff.toNanos() * Math.pow(multiplier, Math.max(0, nextAttempt - 2));
    double capped = Math.min(base, maxBackoff.toNanos());
    double withJitter = capped * (1 - jitter * random01);
    return Duration.ofNanos((long) withJitter);
  }
}

package io.taskexec.task;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** A deadline: a fixed instant, or a duration counted from the task's submission. */
public sealed interface Deadline {
  /** The instant this deadline falls on for a task submitted at {@code submittedAt}. */
  Instant resolve(Instant submittedAt);

  record At(Instant instant) implements Deadline {
    public At {
      Objects.requireNonNull(instant, "instant");
    }

    @Override
    public Instant resolve(Instant submittedAt) {
      return instant;
    }

    @Override
    public String toString() {
      return instant.toString();
    }
  }

  record After(Duration duration) implements Deadline {
    public After {
      Objects.requireNonNull(duration, "duration");
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException("a relative deadline must be positive: " + duration);
      }
    }

    @Override
    public Instant resolve(Instant submittedAt) {
      return submittedAt.plus(duration);
    }

    @Override
    public String toString() {
      return duration.toString();
    }
  }
}

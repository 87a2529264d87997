package io.taskexec.error;

import io.taskexec.task.RetryPolicy;
import java.util.EnumSet;
import java.util.Set;

/**
 * What to do when an attempt of a task type fails.
 *
 * @param action what to do with a recoverable failure
 * @param retry the retry policy used when the task itself declares none
 * @param recoverable the failure kinds this type treats as recoverable
 */
public record RecoveryStrategy(Action action, RetryPolicy retry, Set<FailureKind> recoverable) {
  public static final RecoveryStrategy DEFAULT = new RecoveryStrategy(Action.RETRY, RetryPolicy.NONE, defaultRecoverable());

  public RecoveryStrategy {
    recoverable = recoverable == null || recoverable.isEmpty()
        ? EnumSet.noneOf(FailureKind.class) : EnumSet.copyOf(recoverable);
    retry = retry == null ? RetryPolicy.NONE : retry;
  }

  public static Set<FailureKind> defaultRecoverable() {
    EnumSet<FailureKind> s = EnumSet.noneOf(FailureKind.class);
    for (FailureKind k : FailureKind.values()) if (k.recoverableByDefault()) s.add(k);
    return s;
  }

  public enum Action {
    /** Retry with backoff while attempts remain, then fail (dependents UPSTREAM_FAILED). */
    RETRY,
    /** Fail at once; dependents become UPSTREAM_FAILED. */
    FAIL,
    /** Fail at once; dependents become SKIPPED rather than failed. */
    SKIP_DEPENDENTS
  }
}

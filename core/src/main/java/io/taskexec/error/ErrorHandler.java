package io.taskexec.error;

/**
 * A per-error hook: told about every failure of one {@link FailureKind} (to page someone, count,
 * clean up). Called on the scheduler thread; must not block and must not throw.
 */
@FunctionalInterface
public interface ErrorHandler {
  void onFailure(FailureReport report);
}

package io.taskexec.execute;

import io.taskexec.error.FailureKind;
import io.taskexec.task.Task;
import java.time.Duration;
import java.util.List;

/**
 * Type {@code sleep}: waits {@code duration} (a duration string or seconds), then succeeds; with
 * {@code fail: true} it fails instead. Cancellation ends the wait at once.
 */
public final class SleepExecutor implements TaskExecutor {
  @Override
  public String type() {
    return "sleep";
  }

  @Override
  public List<ParamProblem> validate(Task task) {
    Object d = task.params().get("duration");
    if (d == null) return List.of(new ParamProblem("duration", "a sleep task needs a duration", "add e.g. duration: 2s"));
    try {
      Durations.parse(d);
      return List.of();
    } catch (IllegalArgumentException e) {
      return List.of(new ParamProblem("duration", e.getMessage(), "write e.g. 500ms, 2s, 1m or PT2S"));
    }
  }

  @Override
  public AttemptResult execute(ExecutionContext ctx) throws InterruptedException {
    Duration d = Durations.parse(ctx.task().params().get("duration"));
    long end = ctx.clock().nanoTime() + d.toNanos();
    long left;
    while ((left = end - ctx.clock().nanoTime()) > 0) {
      if (ctx.isCancelled()) return AttemptResult.failure(FailureKind.CANCELLED, "cancelled");
      Thread.sleep(Math.max(1, Math.min(left / 1_000_000, 50)));
    }
    if (Boolean.TRUE.equals(ctx.task().params().get("fail"))) {
      return AttemptResult.failure(FailureKind.HANDLER_EXCEPTION, "sleep task asked to fail");
    }
    return AttemptResult.OK;
  }
}

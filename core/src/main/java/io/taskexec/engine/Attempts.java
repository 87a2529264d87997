package io.taskexec.engine;

import io.taskexec.error.Decision;
import io.taskexec.error.FailureKind;
import io.taskexec.error.FailureReport;
import io.taskexec.event.EventType;
import io.taskexec.execute.AttemptResult;
import io.taskexec.execute.TaskExecutor;
import io.taskexec.place.Allocation;
import io.taskexec.task.TaskState;
import java.time.Instant;
import java.util.Map;

/**
 * The life of one attempt: placed, handed to a worker, started, ended; then success, a retry after
 * backoff, or the end decided by the error manager. Scheduler thread, except {@link #work}, which
 * runs on a worker and reports back through the loop's queue. Results of an attempt that is no
 * longer the task's current one are fenced off.
 */
final class Attempts {
  private final SchedulerLoop loop;
  private final EngineParts parts;
  private java.util.List<Runnable> jobs = new java.util.ArrayList<>();

  Attempts(SchedulerLoop loop, EngineParts parts) {
    this.loop = loop;
    this.parts = parts;
  }

  void start(TaskRun run, Allocation allocation) {
    run.attempt++;
    run.allocation = allocation;
    run.placedAt = loop.clock.now();
    run.startedAt = null;
    run.waitingFor = null;
    run.progress = 0;
    TaskExecutor executor = run.executor;
    if (executor == null) executor = run.executor = parts.executors().get(run.task.type());
    AttemptContext ctx = new AttemptContext(run, run.attempt, allocation, parts.logRoot(), loop.clock, loop, executor);
    run.context = ctx;
    loop.events.transition(run, TaskState.PLACED, EventType.PLACED, null, null, null,
        allocation.gpuIndices().isEmpty() ? Map.of() : Map.of("gpus", allocation.cudaVisibleDevices()));
    jobs.add(ctx);
  }

  /** Hands the round's placed attempts to the worker pool at once. */
  void dispatch() {
    if (jobs.isEmpty()) return;
    parts.pool().submitAll(jobs); // the pool copies them into its queue
    jobs.clear();
  }

  /**
   * A report a worker posted (see {@link AttemptContext}): the attempt started, ended, or both
   * (the start first, as if reported one after the other).
   */
  void report(AttemptContext ctx) {
    TaskRun run = ctx.run;
    switch (ctx.takeReport()) {
      case AttemptContext.START_POSTED -> started(run, ctx, ctx.startedAt, true);
      case AttemptContext.ENDED_WITH_START -> {
        started(run, ctx, ctx.startedAt, false);
        completed(run, ctx, ctx.result, ctx.endedAt);
      }
      default -> completed(run, ctx, ctx.result, ctx.endedAt);
    }
  }

  /** @param armTimeout false when the end is handled right after: no timer to arm and cancel */
  private void started(TaskRun run, AttemptContext ctx, Instant at, boolean armTimeout) {
    if (run.context != ctx || run.state != TaskState.PLACED) return;
    run.startedAt = at;
    Map<String, Object> data = Map.of();
    if (run.firstStartedAt == null) {
      run.firstStartedAt = at;
      if (run.deadlineFlagged) data = Map.of("deadline_missed", true);
    }
    loop.events.transition(run, TaskState.RUNNING, EventType.STARTED, null, null, null, data);
    loop.planner.started(run.item);
    if (armTimeout && run.task.timeout() != null) {
      int attempt = run.attempt;
      run.timeoutTimer = loop.clock.schedule(run.task.timeout(), () -> loop.post(() -> {
        if (run.context == ctx && run.attempt == attempt && run.state == TaskState.RUNNING) ctx.cancel(FailureKind.TIMEOUT);
      }));
    }
  }

  private void completed(TaskRun run, AttemptContext ctx, AttemptResult result, Instant at) {
    if (run.context != ctx || run.state.isTerminal()) return;
    if (run.timeoutTimer != null) run.timeoutTimer.cancel();
    run.timeoutTimer = null;
    run.context = null;
    loop.resources.release(run.allocation);
    loop.planner.releaseResources(run.item);
    loop.capacityFreed();
    FailureKind reason = ctx.cancelReason();
    if (reason == FailureKind.CANCELLED) {
      record(run, ctx, at, TaskState.CANCELLED, FailureKind.CANCELLED, null, "cancelled");
      loop.finish(run, TaskState.CANCELLED, false, run.reason != null ? run.reason : "cancelled",
          null, FailureKind.CANCELLED, logData(ctx, null));
      return;
    }
    if (result instanceof AttemptResult.Success s && reason == null) {
      run.output = s.output();
      record(run, ctx, at, TaskState.SUCCEEDED, null, s.exitCode(), null);
      loop.finish(run, TaskState.SUCCEEDED, false, null, s.exitCode(), null, logData(ctx, null));
      return;
    }
    AttemptResult.Failure f = result instanceof AttemptResult.Failure ff ? ff : null;
    FailureKind kind = reason != null ? reason : f != null ? f.kind() : FailureKind.LOST_WORKER;
    String message = kind == FailureKind.TIMEOUT ? "timed out after " + run.task.timeout()
        : f != null ? f.message() : "the attempt was lost";
    Integer exit = f == null ? null : f.exitCode();
    FailureReport report = loop.errors.decide(run.task, run.attempt, kind, message);
    switch (report.decision()) {
      case Decision.Retry r -> {
        record(run, ctx, at, TaskState.RETRYING, kind, exit, message);
        loop.events.transition(run, TaskState.RETRYING, EventType.RETRYING,
            message + "; attempt " + r.nextAttempt() + " in " + io.taskexec.execute.Durations.format(r.delay()),
            exit, kind, withDelay(logData(ctx, f), r.delay().toMillis()));
        int attempt = run.attempt;
        loop.clock.schedule(r.delay(), () -> loop.post(() -> retryDue(run, attempt)));
      }
      case Decision.GiveUp g -> {
        record(run, ctx, at, g.terminal(), kind, exit, message);
        if (g.escalate()) loop.events.note(run, EventType.ESCALATED, report.advice(), kind, Map.of());
        run.reason = message;
        loop.finish(run, g.terminal(), g.skipDependents(), message, exit, kind, logData(ctx, f));
      }
    }
  }

  /** Where the attempt's logs are and, for a handler failure, the exception class (for the store). */
  private static Map<String, Object> logData(AttemptContext ctx, AttemptResult.Failure f) {
    java.nio.file.Path logs = ctx.logDirectoryIfMade();
    String errorClass = f == null ? null : f.errorClass();
    if (logs == null && errorClass == null) return Map.of();
    Map<String, Object> d = new java.util.HashMap<>(4);
    if (logs != null) d.put(io.taskexec.store.AttemptRow.LOG_DIR, logs.toString());
    if (errorClass != null) d.put(io.taskexec.store.AttemptRow.ERROR_CLASS, errorClass);
    return d;
  }

  private static Map<String, Object> withDelay(Map<String, Object> data, long delayMs) {
    Map<String, Object> d = new java.util.HashMap<>(data);
    d.put("delay_ms", delayMs);
    return d;
  }

  private void retryDue(TaskRun run, int attempt) {
    if (run.state != TaskState.RETRYING || run.attempt != attempt) return;
    loop.events.transition(run, TaskState.READY, EventType.READY, "retry " + (attempt + 1));
    loop.planner.requeue(run.item);
  }

  private void record(TaskRun run, AttemptContext ctx, Instant end, TaskState outcome, FailureKind kind,
      Integer exit, String message) {
    Allocation a = run.allocation;
    run.addAttempt(new AttemptRecord(run.attempt, a.agentId(), a.gpuIndices(), run.placedAt, run.startedAt,
        end, outcome, kind, exit, message, ctx.logDirectoryIfMade()));
  }

  void cancel(TaskRun run, String why) {
    run.reason = why;
    if (run.context != null) run.context.cancel(FailureKind.CANCELLED);
  }

  /** The id as a directory name; ids are usually safe already, so check before copying. */
  static String safe(String id) {
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
      if (!ok || (i == 0 && c == '.')) return id.replaceAll("[^A-Za-z0-9._-]", "_").replaceFirst("^\\.", "_");
    }
    return id;
  }
}

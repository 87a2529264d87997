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
  /** Cluster mode: the round's placements for the dispatcher (null when all agents are local). */
  private final AttemptDispatcher remote;
  private java.util.List<Placement> placements = new java.util.ArrayList<>();
  /** Reports of attempts that were no longer current (scheduler thread writes, others read). */
  private volatile long stale;

  Attempts(SchedulerLoop loop, EngineParts parts) {
    this.loop = loop;
    this.parts = parts;
    this.remote = parts.remote();
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
    if (remote == null) {
      jobs.add(ctx);
    } else {
      Placement p = new Placement(run.task, run.attempt, allocation);
      ctx.placement = p;
      ctx.onCancel(() -> remote.cancel(p, ctx.cancelReason()));
      placements.add(p);
    }
  }

  /** Hands the round's placed attempts to the worker pool at once. */
  void dispatch() {
    if (remote != null && !placements.isEmpty()) {
      java.util.List<Placement> round = placements;
      placements = new java.util.ArrayList<>();
      // the PLACED events go to the store first, so that the dispatcher can make them durable
      // before a placement leaves (a coordinator that dies right after must not forget it)
      loop.events.flush();
      remote.dispatch(round);
    }
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

  /**
   * Reports of one remote agent, in order. A report of an attempt that is not the task's current
   * remote attempt on that agent is stale (fenced off by attempt number) and only counted; a repeated report is
   * stale too, so redelivered messages change nothing.
   */
  void remoteReports(String agentId, java.util.List<AttemptReport> reports) {
    for (AttemptReport r : reports) {
      TaskRun run = loop.runs.get(r.taskId());
      AttemptContext ctx = run == null ? null : run.context;
      if (ctx == null || ctx.placement == null || run.attempt != r.attempt() || !ctx.placement.agentId().equals(agentId)) {
        stale++;
        continue;
      }
      switch (r) {
        case AttemptReport.Started st -> {
          if (run.state == TaskState.PLACED) started(run, ctx, st.at(), true);
          else stale++;
        }
        case AttemptReport.Launched l -> loop.events.note(run, EventType.LAUNCHED, null, null,
            Map.of("pid", l.pid(), "pid_start", l.pidStart(), "remote", true));
        case AttemptReport.Progress p -> {
          if (run.state != TaskState.RUNNING) continue;
          run.progress = Math.max(0, Math.min(1, p.fraction()));
          loop.events.emitProgress(run, run.progress, p.message());
        }
        case AttemptReport.Sample sm -> {
          if (run.state == TaskState.RUNNING) loop.events.emitSample(run, sm.name(), sm.value());
        }
        case AttemptReport.Ended e -> {
          if (run.state == TaskState.PLACED) started(run, ctx, e.startedAt() != null ? e.startedAt() : e.endedAt(), false);
          ctx.remoteLogDirectory(e.logDirectory());
          completed(run, ctx, e.result(), e.endedAt());
        }
      }
    }
  }

  /**
   * Takes over an attempt a previous coordinator had placed (cluster mode, after a failover): it
   * stays current, so its agent's reports are accepted, until it ends or is given up ({@link #lost}).
   */
  void adopt(TaskRun run) {
    TaskExecutor executor = run.executor;
    if (executor == null) executor = run.executor = parts.executors().get(run.task.type());
    AttemptContext ctx = new AttemptContext(run, run.attempt, run.allocation, parts.logRoot(), loop.clock, loop, executor);
    Placement p = new Placement(run.task, run.attempt, run.allocation);
    ctx.placement = p;
    if (remote != null) ctx.onCancel(() -> remote.cancel(p, ctx.cancelReason()));
    run.context = ctx;
  }

  long staleReports() {
    return stale;
  }

  /**
   * The agent of a placed or running attempt is gone: the attempt is recorded as lost
   * ({@code LOST_WORKER}) and the task is ready again (a {@code REQUEUED} event), without using
   * one of its retries, as after a crash ({@link Recovery}). The caller has released (or dropped)
   * the allocation.
   */
  void lost(TaskRun run, String why) {
    requeue(run, why + "; attempt " + run.attempt + " is lost and the task runs again", FailureKind.LOST_WORKER);
  }

  /**
   * Stops a placed or running attempt to make room for a task of higher priority: its allocation
   * is released at once, its process tree killed (or its remote agent told to stop it), the attempt
   * recorded as {@code PREEMPTED} and the task ready again without using a retry. The attempt's
   * late end is fenced off like any other.
   */
  void preempt(TaskRun run, String why) {
    if (run.context == null || (run.state != TaskState.PLACED && run.state != TaskState.RUNNING)) return;
    loop.resources.release(run.allocation);
    requeue(run, why + "; attempt " + run.attempt + " was preempted and the task runs again", FailureKind.PREEMPTED);
  }

  private void requeue(TaskRun run, String message, FailureKind kind) {
    AttemptContext ctx = run.context;
    if (ctx == null || (run.state != TaskState.PLACED && run.state != TaskState.RUNNING)) return;
    if (run.timeoutTimer != null) run.timeoutTimer.cancel();
    run.timeoutTimer = null;
    run.context = null;
    ctx.cancel(kind);
    loop.planner.releaseResources(run.item);
    loop.capacityFreed();
    record(run, ctx, loop.clock.now(), TaskState.READY, kind, null, message);
    loop.events.transition(run, TaskState.READY, EventType.REQUEUED, message, null, kind, Map.of());
    loop.planner.requeue(run.item);
  }

  /**
   * Cluster mode: moves a placed attempt that its agent has not started to another agent
   * ({@code to}, already granted by the ledger; see {@link io.taskexec.place.ResourceManager#rebalance}). The attempt
   * keeps its number; the old agent is told to drop it, and its reports are fenced off because
   * they come from an agent the attempt is no longer placed on. A {@code PLACED} event records the
   * new agent.
   */
  void moved(TaskRun run, Allocation to, String why) {
    AttemptContext old = run.context;
    if (remote == null || old == null || old.placement == null || run.state != TaskState.PLACED) return;
    String from = run.allocation.agentId();
    run.allocation = to;
    run.placedAt = loop.clock.now();
    AttemptContext ctx = new AttemptContext(run, run.attempt, to, parts.logRoot(), loop.clock, loop, run.executor);
    Placement p = new Placement(run.task, run.attempt, to);
    ctx.placement = p;
    ctx.onCancel(() -> remote.cancel(p, ctx.cancelReason()));
    run.context = ctx;
    old.cancel(FailureKind.LOST_WORKER); // given up there: the old agent drops it and owes no report
    loop.events.note(run, EventType.PLACED, why, null, Map.of("moved_from", from));
    placements.add(p);
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
        : ctx.stopMessage() != null ? ctx.stopMessage()
        : f != null ? f.message() : "the attempt was lost";
    Integer exit = f == null ? null : f.exitCode();
    FailureReport report = loop.errors.decide(run.task, run.attempt, kind, message);
    switch (report.decision()) {
      case Decision.Retry r -> {
        if (ctx.retryWith() != null) run.requirements = ctx.retryWith(); // more memory after RESOURCE_EXCEEDED
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
    if (logs == null && errorClass == null && !ctx.hasMeasured()) return Map.of();
    Map<String, Object> d = new java.util.HashMap<>(4);
    if (logs != null) d.put(io.taskexec.store.AttemptRow.LOG_DIR, logs.toString());
    if (errorClass != null) d.put(io.taskexec.store.AttemptRow.ERROR_CLASS, errorClass);
    ctx.addMeasured(d); // a monitored handler's cpu time and allocations (see ExecutionContext.measured)
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

package io.taskexec.engine;

import io.taskexec.config.EngineConfig.DeadlinePolicy;
import io.taskexec.error.ErrorManager;
import io.taskexec.event.EventType;
import io.taskexec.place.PlacementResult;
import io.taskexec.place.ResourceManager;
import io.taskexec.plan.PlanItem;
import io.taskexec.plan.Planner;
import io.taskexec.task.TaskState;
import io.taskexec.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of scheduling state. A single thread drains a queue of inputs (submissions,
 * starts, completions, timer ticks, cancels), then places what is ready, then hands the events of
 * the round to the store and the listeners. Executors and timers talk to it only through
 * {@link #post}.
 */
final class SchedulerLoop implements Planner.Listener {
  private static final Logger log = LoggerFactory.getLogger(SchedulerLoop.class);
  /** After the first task that does not fit, how many more ready tasks may try to backfill. */
  private static final int BACKFILL_WINDOW = 64;
  private static final long SPIN_NANOS = 20_000;

  private final ConcurrentLinkedQueue<Runnable> inputs = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean sleeping = new AtomicBoolean();
  private final Thread thread;
  private volatile boolean stopped;

  final Clock clock;
  final Planner planner;
  final ResourceManager resources;
  final ErrorManager errors;
  final Events events;
  final Attempts attempts;
  final DeadlinePolicy deadlinePolicy;
  final Map<String, TaskRun> runs;
  private final Deadlines deadlines;
  private final List<PlanItem> parked = new ArrayList<>();
  private boolean capacityFreed;
  private int open;
  private final List<TaskRun> ended = new ArrayList<>();
  private final List<CompletableFuture<Void>> idleWaiters = new ArrayList<>();
  /** Completed once the round's events are handed to the store (see {@link #afterFlush}). */
  private final List<CompletableFuture<Void>> flushWaiters = new ArrayList<>();
  /** Cluster mode: agents come and go, and a task no agent can hold now waits for one. */
  private final boolean remoteAgents;
  /** Whether a task that does not fit may stop running tasks of lower priority. */
  private final boolean preemption;
  private final io.taskexec.config.AgeingConfig ageing;
  private final java.time.Duration rebalanceInterval;
  /** The periodic timers (ageing, rebalancing), cancelled at stop so that no engine outlives its close. */
  private volatile Clock.Cancellable ageTimer;
  private volatile Clock.Cancellable rebalanceTimer;

  SchedulerLoop(EngineParts parts) {
    this.clock = parts.clock();
    this.resources = parts.resources();
    this.errors = parts.errors();
    this.events = parts.events();
    this.deadlinePolicy = parts.config().deadlinePolicy();
    this.runs = parts.runs();
    this.planner = new Planner(parts.config().resourceManager().resources(), this);
    this.attempts = new Attempts(this, parts);
    this.deadlines = new Deadlines(this);
    this.remoteAgents = parts.remote() != null;
    this.preemption = parts.config().resourceManager().preemption();
    this.ageing = parts.config().ageing();
    this.rebalanceInterval = parts.config().resourceManager().rebalanceInterval();
    this.thread = new Thread(this::loop, "taskexec-scheduler");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
    if (ageing.enabled()) ageTimer = clock.schedule(ageing.interval(), () -> post(this::ageTick));
    if (remoteAgents) rebalanceTimer = clock.schedule(rebalanceInterval, () -> post(this::rebalanceTick));
  }

  /**
   * Runs {@code input} on the scheduler thread, after the inputs posted before it. An {@link
   * AttemptContext} is not run but handled as a worker's report ({@link Attempts#report}).
   */
  void post(Runnable input) {
    inputs.add(input);
    if (sleeping.get()) LockSupport.unpark(thread);
  }

  boolean onLoopThread() {
    return Thread.currentThread() == thread;
  }

  private void loop() {
    while (!stopped) {
      events.tick();
      boolean worked = drain();
      events.tick();
      schedule();
      attempts.dispatch();
      events.flush();
      completeEnded();
      if (!flushWaiters.isEmpty()) completeFlushed();
      if (open == 0 && !idleWaiters.isEmpty()) {
        idleWaiters.forEach(f -> f.complete(null));
        idleWaiters.clear();
      }
      if (!worked && inputs.isEmpty() && !spinForInput()) {
        sleeping.set(true);
        if (inputs.isEmpty() && !stopped) LockSupport.park(this);
        sleeping.set(false);
      }
    }
    events.flush();
    completeEnded();
  }

  /** Futures complete after the round's events reached the store and listeners. */
  private void completeEnded() {
    if (ended.isEmpty()) return;
    for (TaskRun run : ended) run.future.complete(run.result());
    ended.clear();
  }

  private void completeFlushed() {
    for (CompletableFuture<Void> f : flushWaiters) f.complete(null);
    flushWaiters.clear();
  }

  /** Completes {@code f} after the current round's events are handed to the store (loop thread). */
  void afterFlush(CompletableFuture<Void> f) {
    flushWaiters.add(f);
  }

  /**
   * Waits a few microseconds for the next input before parking: completions of short tasks arrive
   * in quick succession, and a park/unpark pair per completion costs more than the spin.
   */
  private boolean spinForInput() {
    long until = System.nanoTime() + SPIN_NANOS;
    while (System.nanoTime() < until) {
      if (!inputs.isEmpty()) return true;
      Thread.onSpinWait();
    }
    return false;
  }

  private boolean drain() {
    boolean any = false;
    Runnable r;
    int budget = 100_000;
    while (budget-- > 0 && (r = inputs.poll()) != null) {
      any = true;
      try {
        if (r instanceof AttemptContext report) attempts.report(report); // not its run(): that is the worker's job
        else r.run();
      } catch (RuntimeException | Error e) {
        log.error("scheduler input failed; the engine keeps running", e);
      }
    }
    return any;
  }

  void stop() {
    stopped = true;
    Clock.Cancellable t = ageTimer;
    if (t != null) t.cancel();
    t = rebalanceTimer;
    if (t != null) t.cancel();
    LockSupport.unpark(thread);
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- inputs -------------------------------------------------------------------------------

  void submitted(List<TaskRun> batch) {
    Instant now = clock.now();
    List<PlanItem> items = new ArrayList<>(batch.size());
    for (TaskRun run : batch) {
      open++;
      events.emit(run, EventType.SUBMITTED, null);
      items.add(run.item);
      if (run.deadline() != null) deadlines.add(run);
    }
    planner.add(items);
    for (TaskRun run : batch) {
      if (run.deadline() != null) deadlines.admitted(run, now);
    }
    deadlines.arm(now);
  }

  /** Takes back the tasks a previous engine left in the store (see {@link Recovery}). */
  void recovered(Recovery.Result rec) {
    List<PlanItem> items = new ArrayList<>(rec.runs().size());
    for (TaskRun run : rec.runs()) {
      items.add(run.item);
      if (run.state.isTerminal()) {
        ended.add(run);
        continue;
      }
      open++;
      if (run.state == TaskState.PLACED || run.state == TaskState.RUNNING) {
        attempts.adopt(run); // cluster mode: its agent may still run it
      } else if (!run.attempts.isEmpty() && run.attempts.get(run.attempts.size() - 1).failure()
          == io.taskexec.error.FailureKind.LOST_WORKER && run.attempts.get(run.attempts.size() - 1).endedAt() == null) {
        events.note(run, EventType.REQUEUED, "attempt " + run.attempt + " was lost when the engine stopped; it runs again",
            io.taskexec.error.FailureKind.LOST_WORKER, Map.of());
      }
      if (run.deadline() != null) deadlines.add(run);
    }
    planner.add(items);
    for (TaskRun run : rec.runs()) {
      if (run.state.isTerminal()) planner.finished(run.item, run.state, false);
      else if (run.state == TaskState.RUNNING) planner.started(run.item);
    }
    deadlines.arm(clock.now());
  }

  /** An agent joined (or changed its capacity): waiting tasks may fit now. */
  void agentAdded(io.taskexec.place.AgentSpec agent) {
    resources.addAgent(agent);
    capacityFreed();
  }

  /**
   * An agent left or was lost: its placed and running attempts are lost and their tasks ready
   * again. Returns how many were requeued.
   */
  int agentRemoved(String agentId, String why) {
    int n = 0;
    for (io.taskexec.place.Allocation a : resources.removeAgent(agentId)) {
      TaskRun run = runs.get(a.taskId());
      if (run == null || run.attempt != a.attempt() || !a.equals(run.allocation)) continue;
      if (run.state == TaskState.PLACED || run.state == TaskState.RUNNING) {
        attempts.lost(run, why);
        n++;
      }
    }
    return n;
  }

  void whenIdle(CompletableFuture<Void> f) {
    if (open == 0) f.complete(null);
    else idleWaiters.add(f);
  }

  void cancel(TaskRun run, String why) {
    switch (run.state) {
      case PENDING, READY, RETRYING -> finish(run, TaskState.CANCELLED, false, why);
      case PLACED, RUNNING -> attempts.cancel(run, why);
      default -> { /* already ended: nothing to cancel */ }
    }
  }

  // ---- planner callbacks --------------------------------------------------------------------

  @Override
  public void ready(PlanItem item) {
    TaskRun run = (TaskRun) item.owner();
    if (run.state != TaskState.PENDING) return; // recovered tasks that ended already
    events.transition(run, TaskState.READY, EventType.READY, null);
  }

  /** A new downstream edge made a ready task wait again. */
  @Override
  public void backToPending(PlanItem item) {
    TaskRun run = (TaskRun) item.owner();
    if (run.state == TaskState.READY) {
      events.transition(run, TaskState.PENDING, EventType.REQUEUED, "waits for a task submitted after it");
    }
  }

  @Override
  public void resolved(String taskId, TaskState state, String reason) {
    TaskRun run = runs.get(taskId);
    if (run.state.isTerminal()) return;
    run.reason = reason;
    events.transition(run, state, state == TaskState.SKIPPED ? EventType.SKIPPED : EventType.UPSTREAM_FAILED, reason);
    ended(run);
  }

  // ---- placement ----------------------------------------------------------------------------

  void capacityFreed() {
    capacityFreed = true;
  }

  private void schedule() {
    if (capacityFreed && !parked.isEmpty()) {
      for (PlanItem p : parked) {
        if (((TaskRun) p.owner()).state == TaskState.READY) planner.requeue(p);
      }
      parked.clear();
    }
    capacityFreed = false;
    int misses = 0;
    PlanItem item;
    while (misses <= BACKFILL_WINDOW && (item = planner.pollReady()) != null) {
      TaskRun run = (TaskRun) item.owner();
      if (run.state != TaskState.READY) continue;
      if (deadlines.missedBeforeStart(run)) continue;
      PlacementResult result = resources.place(run.id(), run.attempt + 1, run.requirements());
      switch (result) {
        case PlacementResult.Placed placed -> attempts.start(run, placed.allocation());
        case PlacementResult.Unplaceable u when !u.everPlaceable() && !remoteAgents -> {
          planner.releaseResources(run.item);
          run.reason = "no agent can ever hold it: " + String.join("; ", u.reasons());
          finish(run, TaskState.FAILED, false, run.reason);
        }
        case PlacementResult.Unplaceable u -> {
          if (preemption && preemptFor(run)) continue; // placed on room made for it
          planner.releaseResources(run.item);
          run.waitingFor = String.join("; ", u.reasons());
          parked.add(item);
          misses++;
        }
        case PlacementResult.Error e -> {
          planner.releaseResources(run.item);
          log.error("placement of {} failed: {}", run.id(), e.message(), e.cause());
          parked.add(item);
          misses++;
        }
      }
    }
  }

  /**
   * Makes room for {@code run} by preempting running tasks of a strictly lower priority (its own
   * priority, not an aged one: a task that aged never preempts the work it waited behind), chosen
   * by {@link io.taskexec.place.Preemption}, then places it. False when no such choice makes room.
   */
  private boolean preemptFor(TaskRun run) {
    int priority = run.task.priority();
    var plan = resources.planPreemption(run.requirements(), priority, a -> {
      TaskRun holder = runs.get(a.taskId());
      return holder == null ? Integer.MAX_VALUE : holder.task.priority();
    });
    if (plan.isEmpty()) return false;
    for (io.taskexec.place.Allocation victim : plan.get().victims()) {
      TaskRun v = runs.get(victim.taskId());
      attempts.preempt(v, "preempted on agent " + victim.agentId() + " by task " + run.id() + " (priority "
          + priority + " > " + v.task.priority() + ")");
    }
    PlacementResult again = resources.place(run.id(), run.attempt + 1, run.requirements());
    if (again instanceof PlacementResult.Placed placed) {
      attempts.start(run, placed.allocation());
      return true;
    }
    log.error("task {} did not fit after preempting {} task(s) on {}: {}", run.id(), plan.get().victims().size(),
        plan.get().agentId(), again);
    return false;
  }

  /**
   * Ageing: every ready task gains one priority level per {@code ageing.interval} it has waited,
   * up to {@code ageing.max_levels} above its own ({@link io.taskexec.plan.Ageing#levels}). O(tasks)
   * once per interval.
   */
  private void ageTick() {
    Instant now = clock.now();
    for (TaskRun run : runs.values()) {
      if (run.state != TaskState.READY || run.readyAt == null) continue;
      int levels = io.taskexec.plan.Ageing.levels(run.readyAt, now, ageing.interval(), ageing.maxLevels());
      if (levels > 0) planner.raisePriority(run.item, (int) Math.min(Integer.MAX_VALUE, (long) run.task.priority() + levels));
    }
    if (!stopped) ageTimer = clock.schedule(ageing.interval(), () -> post(this::ageTick));
  }

  /**
   * Cluster mode, every {@code rebalance_interval}: a placement its agent has not started after a
   * whole interval waits on a busy agent; such placements move to an agent with room that is not
   * busy (highest priority first), through {@link ResourceManager#rebalance}.
   */
  private void rebalanceTick() {
    Instant now = clock.now();
    Instant before = now.minus(rebalanceInterval);
    List<TaskRun> waiting = new ArrayList<>();
    java.util.Set<String> busy = new java.util.HashSet<>();
    for (TaskRun run : runs.values()) {
      if (run.state != TaskState.PLACED || run.context == null || run.placedAt == null || run.placedAt.isAfter(before)) continue;
      waiting.add(run);
      busy.add(run.allocation.agentId());
    }
    if (!waiting.isEmpty()) {
      waiting.sort(java.util.Comparator.<TaskRun>comparingInt(r -> -r.task.priority()).thenComparing(r -> r.placedAt));
      List<io.taskexec.place.Allocation> allocations = new ArrayList<>(waiting.size());
      for (TaskRun r : waiting) allocations.add(r.allocation);
      var result = resources.rebalance(allocations, busy::contains);
      for (var move : result.moves()) {
        TaskRun run = runs.get(move.to().taskId());
        attempts.moved(run, move.to(), "moved from agent " + move.from().agentId() + ", which had not started it "
            + io.taskexec.execute.Durations.format(java.time.Duration.between(run.placedAt, now)) + " after placing it, to agent "
            + move.to().agentId());
      }
      if (!result.moves().isEmpty()) log.info("rebalanced {} placement(s) off busy agents {}; {} stayed", result.moves().size(), busy, result.stayed());
    }
    if (!stopped) rebalanceTimer = clock.schedule(rebalanceInterval, () -> post(this::rebalanceTick));
  }

  // ---- endings ------------------------------------------------------------------------------

  /** Ends a task for good and resolves its dependents. */
  void finish(TaskRun run, TaskState terminal, boolean skipDependents, String why) {
    finish(run, terminal, skipDependents, why, null, null, Map.of());
  }

  /** As above, with what the last attempt ended with (exit code, failure kind, event data). */
  void finish(TaskRun run, TaskState terminal, boolean skipDependents, String why, Integer exitCode,
      io.taskexec.error.FailureKind failure, Map<String, Object> data) {
    if (run.state.isTerminal()) return;
    if (why != null) run.reason = why;
    EventType type = switch (terminal) {
      case SUCCEEDED -> EventType.SUCCEEDED;
      case TIMED_OUT -> EventType.TIMED_OUT;
      case CANCELLED -> EventType.CANCELLED;
      case DEADLINE_MISSED -> EventType.DEADLINE_MISSED;
      case UPSTREAM_FAILED -> EventType.UPSTREAM_FAILED;
      case SKIPPED -> EventType.SKIPPED;
      default -> EventType.FAILED;
    };
    events.transition(run, terminal, type, why, exitCode, failure, data);
    ended(run);
    planner.finished(run.item, terminal, skipDependents);
  }

  private void ended(TaskRun run) {
    open--;
    deadlines.ended(run);
    ended.add(run);
  }

  void progress(TaskRun run, int attempt, double fraction, String message) {
    post(() -> {
      if (run.attempt != attempt || run.state != TaskState.RUNNING) return;
      run.progress = fraction;
      events.emitProgress(run, fraction, message);
    });
  }

  void metric(TaskRun run, int attempt, String name, double value) {
    post(() -> {
      if (run.attempt != attempt || run.state != TaskState.RUNNING) return;
      events.emitSample(run, name, value);
    });
  }

  int openCount() {
    return open;
  }
}

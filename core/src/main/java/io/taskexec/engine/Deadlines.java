package io.taskexec.engine;

import io.taskexec.config.EngineConfig.DeadlinePolicy;
import io.taskexec.event.EventType;
import io.taskexec.plan.WhyPending;
import io.taskexec.task.TaskState;
import io.taskexec.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Deadlines of tasks that have not started. Two alarms, each one timer for the earliest and a heap
 * for the rest:
 *
 * <ul>
 *   <li>the <em>risk</em> alarm at the latest start that still meets the deadline by the task's
 *       own estimate (deadline minus its estimated duration; 1 s without one): a task not started
 *       by then is flagged at risk (an {@code ESCALATED} event with {@code deadline_at_risk}),
 *       before the miss, so that alerts fire while something can still be done;
 *   <li>the <em>deadline</em> alarm: a task whose deadline passes before it starts becomes
 *       DEADLINE_MISSED, or runs flagged under {@code run_and_flag}.
 * </ul>
 *
 * At admission a task whose deadline cannot be met by the estimates of its unfinished upstream
 * path and its own is flagged at once ({@link #admitted}). Scheduler thread only.
 */
final class Deadlines {
  /** What a task without an estimate is taken to last (as the planner counts it). */
  private static final Duration NO_ESTIMATE = Duration.ofSeconds(1);

  private final SchedulerLoop loop;
  private final Alarm misses;
  private final Alarm risks;

  Deadlines(SchedulerLoop loop) {
    this.loop = loop;
    this.misses = new Alarm(TaskRun::deadline, this::passed);
    this.risks = new Alarm(Deadlines::latestStart, run -> atRisk(run, "it has not started by "
        + latestStart(run) + ", the latest start that meets its deadline " + run.deadline() + " by its estimate of "
        + io.taskexec.execute.Durations.format(estimate(run))));
  }

  /** A task with a deadline was submitted (or recovered). */
  void add(TaskRun run) {
    misses.add(run);
    risks.add(run);
  }

  /**
   * Flags a task at admission when its deadline cannot be met given the estimates: now plus its
   * unfinished upstream path and its own duration ends after it ({@link WhyPending#deadlineAtRisk}).
   */
  void admitted(TaskRun run, Instant now) {
    if (run.deadline() == null || run.deadlineAtRisk) return;
    Duration path = WhyPending.pathToEnd(run.task, id -> {
      TaskRun r = loop.runs.get(id);
      return r == null ? null : r.task;
    }, id -> {
      TaskRun r = loop.runs.get(id);
      return r == null || r.state.isTerminal();
    });
    WhyPending.deadlineAtRisk(now, run.deadline(), path)
        .ifPresent(reason -> atRisk(run, "at admission: " + reason.message()));
  }

  /** Ended tasks are dropped lazily; compact when they dominate. */
  void ended(TaskRun run) {
    misses.compact();
    risks.compact();
  }

  void arm(Instant now) {
    misses.arm(now);
    risks.arm(now);
  }

  /** Checked when a task is about to be placed; true when it must not run. */
  boolean missedBeforeStart(TaskRun run) {
    if (run.deadline() == null || run.firstStartedAt != null) return false;
    if (!loop.clock.now().isAfter(run.deadline())) return false;
    return passed(run);
  }

  private boolean passed(TaskRun run) {
    if (loop.deadlinePolicy == DeadlinePolicy.RUN_AND_FLAG) {
      run.deadlineFlagged = true;
      return false;
    }
    if (run.state == TaskState.PENDING || run.state == TaskState.READY) {
      loop.planner.releaseResources(run.item);
      loop.finish(run, TaskState.DEADLINE_MISSED, false, "deadline " + run.deadline() + " passed before it started");
      return true;
    }
    return false;
  }

  private void atRisk(TaskRun run, String why) {
    if (run.deadlineAtRisk || run.state.isTerminal() || run.firstStartedAt != null) return;
    run.deadlineAtRisk = true;
    loop.events.note(run, EventType.ESCALATED, "deadline at risk: " + why
        + "; raise its priority, add capacity, or move the deadline", null,
        Map.of("deadline_at_risk", true, "deadline", run.deadline().toString()));
  }

  private static Duration estimate(TaskRun run) {
    Duration d = run.task.estimatedDuration();
    return d == null ? NO_ESTIMATE : d;
  }

  private static Instant latestStart(TaskRun run) {
    return run.deadline().minus(estimate(run));
  }

  /** One timer for the earliest due task, a heap for the others; tasks that started or ended are skipped. */
  private final class Alarm {
    private final Function<TaskRun, Instant> due;
    private final Consumer<TaskRun> action;
    private final PriorityQueue<TaskRun> heap;
    private Clock.Cancellable timer;
    private Instant armedFor;

    Alarm(Function<TaskRun, Instant> due, Consumer<TaskRun> action) {
      this.due = due;
      this.action = action;
      this.heap = new PriorityQueue<>(Comparator.comparing(due));
    }

    void add(TaskRun run) {
      heap.add(run);
    }

    void compact() {
      if (heap.size() > 1024 && heap.size() > 4L * loop.openCount()) heap.removeIf(Deadlines::settled);
    }

    void arm(Instant now) {
      while (!heap.isEmpty() && settled(heap.peek())) heap.poll();
      TaskRun first = heap.peek();
      if (first == null) return;
      Instant at = due.apply(first);
      if (armedFor != null && !armedFor.isAfter(at)) return;
      if (timer != null) timer.cancel();
      armedFor = at;
      Duration delay = Duration.between(now, at);
      timer = loop.clock.schedule(delay.isNegative() ? Duration.ZERO : delay, () -> loop.post(this::check));
    }

    private void check() {
      armedFor = null;
      timer = null;
      Instant now = loop.clock.now();
      while (!heap.isEmpty() && !due.apply(heap.peek()).isAfter(now)) {
        TaskRun run = heap.poll();
        if (!settled(run)) action.accept(run);
      }
      arm(now);
    }
  }

  /** Started or ended: its deadline can no longer be missed before its start. */
  private static boolean settled(TaskRun run) {
    return run.state.isTerminal() || run.firstStartedAt != null;
  }
}

package io.taskexec.engine;

import io.taskexec.config.EngineConfig.DeadlinePolicy;
import io.taskexec.task.TaskState;
import io.taskexec.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * Deadlines of tasks that have not started: one timer for the earliest, a heap for the rest. A task
 * whose deadline passes before it starts becomes DEADLINE_MISSED, or runs flagged under
 * {@code run_and_flag}. Scheduler thread only.
 */
final class Deadlines {
  private final SchedulerLoop loop;
  private final PriorityQueue<TaskRun> heap = new PriorityQueue<>(Comparator.comparing(TaskRun::deadline));
  private Clock.Cancellable timer;
  private Instant armedFor;

  Deadlines(SchedulerLoop loop) {
    this.loop = loop;
  }

  void add(TaskRun run) {
    heap.add(run);
  }

  /** Ended tasks are dropped lazily; compact when they dominate. */
  void ended(TaskRun run) {
    if (heap.size() > 1024 && heap.size() > 4L * loop.openCount()) heap.removeIf(r -> r.state.isTerminal());
  }

  void arm(Instant now) {
    while (!heap.isEmpty() && (heap.peek().state.isTerminal() || heap.peek().firstStartedAt != null)) heap.poll();
    TaskRun first = heap.peek();
    if (first == null || (armedFor != null && !armedFor.isAfter(first.deadline()))) return;
    if (timer != null) timer.cancel();
    armedFor = first.deadline();
    Duration delay = Duration.between(now, first.deadline());
    timer = loop.clock.schedule(delay.isNegative() ? Duration.ZERO : delay, () -> loop.post(this::check));
  }

  private void check() {
    armedFor = null;
    timer = null;
    Instant now = loop.clock.now();
    while (!heap.isEmpty() && !heap.peek().deadline().isAfter(now)) {
      TaskRun run = heap.poll();
      if (!run.state.isTerminal() && run.firstStartedAt == null) passed(run);
    }
    arm(now);
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
}

package io.taskexec.plan;

import static io.taskexec.plan.TaskTable.SKIP_DEPENDENTS;
import static io.taskexec.plan.TaskTable.STARTED;

import io.taskexec.task.DependencyCondition;
import io.taskexec.task.TaskState;

/**
 * Decides edges and spreads outcomes through the graph with an explicit worklist (no recursion,
 * so chains of a million tasks are fine). A task is reported to the listener before its own
 * dependents are looked at, so reports run upstream first.
 */
final class Resolver {
  /** How an edge stands. */
  static final int WAIT = 0;
  static final int SATISFIED = 1;
  static final int FAIL = 2;
  static final int SKIP = 3;

  private final TaskTable table;
  private final ReadyQueue queue;
  private final Planner.Listener listener;
  private final IntList worklist = new IntList();
  private int open;

  Resolver(TaskTable table, ReadyQueue queue, Planner.Listener listener) {
    this.table = table;
    this.queue = queue;
    this.listener = listener;
  }

  int open() {
    return open;
  }

  void opened(int count) {
    open += count;
  }

  /**
   * The verdict now on an edge from {@code u} with {@code condition}. A START edge of a started
   * task is SATISFIED; callers that stored the edge before {@code u} started must not apply it twice.
   */
  int verdict(int u, DependencyCondition condition) {
    if (!table.finished(u)) {
      return condition == DependencyCondition.START && table.has(u, STARTED) ? SATISFIED : WAIT;
    }
    TaskState end = table.terminal(u);
    int failed = table.has(u, SKIP_DEPENDENTS) ? SKIP : FAIL;
    return switch (condition) {
      case COMPLETION -> end.isSuccess() ? SATISFIED : failed;
      case START -> table.has(u, STARTED) || end.hasStarted() ? SATISFIED : failed;
      case FAILURE -> end.isSuccess() ? SKIP : SATISFIED;
      case ANY, RESOURCE_AVAILABLE -> SATISFIED;
    };
  }

  /** {@code t} started: its START dependents are satisfied. Idempotent. */
  void started(int t) {
    if (table.finished(t) || table.has(t, STARTED)) {
      return;
    }
    table.set(t, STARTED);
    if (!table.has(t, TaskTable.HAS_START_EDGES)) {
      return;
    }
    for (int e = table.outHead[t]; e >= 0; e = table.edgeNext[e]) {
      int packed = table.edgeTarget[e];
      int d = TaskTable.target(packed);
      if (TaskTable.condition(packed) == DependencyCondition.START) {
        satisfy(d);
      }
    }
  }

  /** {@code t} ended with {@code outcome}; resolves everything that follows from it. */
  void finished(int t, TaskState outcome, boolean skipDependents) {
    end(t, outcome, skipDependents);
    worklist.add(t);
    drain();
  }

  /** Applies a verdict already reached on an edge {@code u -> d}, then everything it causes. */
  void apply(int d, int verdict, int u, DependencyCondition condition) {
    if (!table.finished(d)) {
      decide(d, verdict, u, condition);
      drain();
    }
  }

  void makeReady(int t) {
    queue.offer(t);
    listener.ready(table.items[t]);
  }

  private void drain() {
    while (!worklist.isEmpty()) {
      int u = worklist.pop();
      boolean started = table.has(u, STARTED);
      for (int e = table.outHead[u]; e >= 0; e = table.edgeNext[e]) {
        int packed = table.edgeTarget[e];
        int d = TaskTable.target(packed);
        DependencyCondition condition = TaskTable.condition(packed);
        if (started && condition == DependencyCondition.START) {
          continue; // satisfied when u started
        }
        int verdict = verdict(u, condition);
        if (verdict == SATISFIED) {
          satisfy(d); // no need to look whether d has finished: see end()
        } else if (!table.finished(d)) {
          decide(d, verdict, u, condition);
        }
      }
    }
  }

  private void decide(int d, int verdict, int u, DependencyCondition condition) {
    switch (verdict) {
      case SATISFIED -> satisfy(d);
      case FAIL -> resolve(d, TaskState.UPSTREAM_FAILED, u, condition);
      case SKIP -> resolve(d, TaskState.SKIPPED, u, condition);
      default -> throw new IllegalStateException("edge from a task that has not ended");
    }
  }

  /** One more edge of {@code d} is met; harmless when {@code d} has finished (see end()). */
  private void satisfy(int d) {
    if (--table.unmet[d] == 0) {
      makeReady(d);
    }
  }

  private void resolve(int d, TaskState state, int u, DependencyCondition condition) {
    end(d, state, table.has(u, SKIP_DEPENDENTS));
    String reason = "upstream task '" + table.id(u) + "' ended " + table.terminal(u)
        + " (condition " + condition.wireName() + ")";
    listener.resolved(table.id(d), state, reason);
    worklist.add(d);
  }

  private void end(int t, TaskState outcome, boolean skipDependents) {
    queue.withdraw(t);
    queue.release(t);
    table.finish(t, outcome);
    // Far below zero: edges met later count it down without ever reaching 0 (made ready again),
    // which spares the hot path a look at the dependent's state.
    table.unmet[t] = Integer.MIN_VALUE / 2;
    if (skipDependents) {
      table.set(t, SKIP_DEPENDENTS);
    }
    open--;
  }
}

package io.taskexec.plan;

import static io.taskexec.plan.TaskTable.PARKED;
import static io.taskexec.plan.TaskTable.PENDING;
import static io.taskexec.plan.TaskTable.POLLED;
import static io.taskexec.plan.TaskTable.QUEUED;

import io.taskexec.task.DependencyCondition;
import io.taskexec.task.TaskState;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The dependency graph and the ready queue.
 *
 * <p>Dependencies are normalised into edges "dependent waits for upstream with condition"
 * ({@code downstream} declares the inverse edge). {@code resource} dependencies are counted
 * semaphores acquired when the task leaves the ready queue. The ready queue orders by priority
 * (higher first), then deadline (earlier first, none last), then the longest remaining path through
 * the graph (estimated durations where known, 1 s otherwise), then submission order.
 *
 * <p>An edge on upstream U is met, or can never be met, as follows. COMPLETION: met when U
 * SUCCEEDED, broken by any other end. START: met when U started ({@link #started}, or an end with
 * {@link TaskState#hasStarted()}), broken when U ends without starting. FAILURE: met when U ends
 * unsuccessfully, broken (the dependent is SKIPPED) when U SUCCEEDED. ANY: met by any end. A task
 * whose edges are all met is ready; one with a broken edge is resolved UPSTREAM_FAILED (or SKIPPED),
 * and as an unsuccessful end that did not start it resolves its own dependents in turn.
 *
 * <p>A named resource is one unit per distinct name a task lists, held from {@link #pollReady}
 * until {@link #releaseResources}, {@link #requeue} or {@link #finished}.
 *
 * <p>The longest remaining path ("rank") of a task is computed once, when its batch is added: its
 * own duration plus the largest rank among its dependents known then. Tasks added later never raise
 * the rank of earlier tasks (that would mean walking the whole graph upstream on every add); within
 * one batch the ranks are exact.
 *
 * <p>Not thread-safe: owned by the engine's scheduler loop. Listener calls are synchronous and
 * must not call back into the planner. Methods taking a task id throw {@link
 * IllegalArgumentException} for an id never added.
 */
public final class Planner {

  /** Told about changes the planner decides; called synchronously from the planner's methods. */
  public interface Listener {
    /** All of {@code item}'s task dependencies are met; it is in the ready queue. */
    void ready(PlanItem item);

    /**
     * A task will never run because of its upstream: {@code state} is UPSTREAM_FAILED or SKIPPED.
     * Called transitively, upstream first. {@code reason} names the upstream task and condition.
     */
    void resolved(String taskId, TaskState state, String reason);

    /**
     * A ready task waits again (READY to PENDING) because a task added later declared it
     * {@code downstream}; it left the ready queue and will be reported {@link #ready} again.
     */
    default void backToPending(PlanItem item) {}
  }

  private final TaskTable table = new TaskTable();
  private final IdIndex ids = new IdIndex();
  private final ReadyQueue queue;
  private final Resolver resolver;
  private final Listener listener;

  /**
   * @param resources named counted resources: name to number of units (at least 1 each)
   */
  public Planner(Map<String, Integer> resources, Listener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
    this.queue = new ReadyQueue(table, Map.copyOf(resources));
    this.resolver = new Resolver(table, queue, listener);
  }

  /**
   * Adds validated tasks. Dependencies may point at tasks in the same batch or added earlier (in
   * any state). Tasks whose dependencies are already met are reported ready before this returns.
   * A dependency on a task that already ended is decided at once (the dependent may be resolved
   * UPSTREAM_FAILED or SKIPPED before this returns). A {@code downstream} dependency on an earlier
   * task that ended without starting is moot and dropped; on an earlier ready task it sends that
   * task back to pending ({@link Listener#backToPending}).
   *
   * <p>Nothing changes when this throws.
   *
   * @throws IllegalArgumentException for a dependency on an unknown task or resource, a cycle, a
   *     task id added twice, or a {@code downstream} dependency on a task that already started or
   *     was handed out by {@link #pollReady} (validation reports these to users first)
   */
  public void add(List<PlanItem> items) {
    BatchPlan plan = new BatchPlan(items, ids, table, queue);
    int n = plan.size();
    for (int i = 0; i < n; i++) {
      table.add(plan.items.get(i), plan.resources[i]);
    }
    resolver.opened(n);
    int[] doom = new int[n];
    int[] doomEdge = new int[n];
    for (int k : plan.byUpstream) {
      connect(plan, k, doom, doomEdge);
    }
    rank(plan);
    for (int i : plan.order) {
      if (doom[i] != 0) {
        int k = doomEdge[i];
        resolver.apply(plan.base + i, doom[i], plan.from.get(k), plan.condition(k));
      }
    }
    for (int t = plan.base; t < plan.base + n; t++) {
      if (table.state(t) == PENDING && table.unmet[t] == 0) {
        resolver.makeReady(t);
      }
    }
  }

  /** Stores edge k of the batch, or decides it now when its upstream already ended. */
  private void connect(BatchPlan plan, int k, int[] doom, int[] doomEdge) {
    int u = plan.from.get(k);
    int d = plan.to.get(k);
    DependencyCondition condition = plan.condition(k);
    if (u < plan.base) {
      int verdict = resolver.verdict(u, condition);
      if (verdict == Resolver.WAIT) {
        table.addEdge(u, d, condition);
        table.unmet[d]++;
      } else if (verdict != Resolver.SATISFIED && doom[d - plan.base] == 0) {
        doom[d - plan.base] = verdict;
        doomEdge[d - plan.base] = k;
      }
      return;
    }
    table.addEdge(u, d, condition);
    if (d < plan.base && (table.state(d) == QUEUED || table.state(d) == PARKED)) {
      queue.withdraw(d);
      table.setState(d, PENDING);
      listener.backToPending(table.items[d]);
    }
    table.unmet[d]++;
  }

  /** Longest remaining path of the batch's tasks, dependents first. */
  private void rank(BatchPlan plan) {
    int[] order = plan.order;
    for (int i = order.length - 1; i >= 0; i--) {
      int t = plan.base + order[i];
      long longest = 0;
      for (int e = table.outHead[t]; e >= 0; e = table.edgeNext[e]) {
        longest = Math.max(longest, table.rank(TaskTable.target(table.edgeTarget[e])));
      }
      long own = table.rank(t);
      table.setRank(t, own > Long.MAX_VALUE - longest ? Long.MAX_VALUE : own + longest);
    }
  }

  /**
   * Removes and returns the first ready task whose named resources are all free, acquiring them;
   * a ready task whose resources are taken waits for them out of the queue and comes back when
   * released. Null when nothing can go now.
   */
  public PlanItem pollReady() {
    int t = queue.poll();
    return t < 0 ? null : table.items[t];
  }

  /**
   * Puts a polled task back in the ready queue in its place, releasing its named resources. A task
   * that has finished meanwhile is left alone. A polled task that started may come back too (a
   * retry); its START dependents stay satisfied, and it is not reported ready again.
   *
   * @throws IllegalStateException when the task is not out of the queue by {@link #pollReady}
   */
  public void requeue(PlanItem item) {
    int t = index(item);
    if (table.finished(t)) {
      return;
    }
    if (table.state(t) != POLLED) {
      throw new IllegalStateException("task '" + item.id() + "' was not polled, cannot requeue");
    }
    queue.release(t);
    queue.offer(t);
  }

  /** Releases the named resources a task holds (attempt ended). Idempotent. */
  public void releaseResources(String taskId) {
    queue.release(index(taskId));
  }

  /** As {@link #releaseResources(String)}, without a lookup by id. */
  public void releaseResources(PlanItem item) {
    queue.release(index(item));
  }

  /** As {@link #started(String)}, without a lookup by id. */
  public void started(PlanItem item) {
    resolver.started(index(item));
  }

  /** As {@link #finished(String, TaskState, boolean)}, without a lookup by id. */
  public void finished(PlanItem item, TaskState terminal, boolean skipDependents) {
    finish(index(item), terminal, skipDependents);
  }

  /**
   * The task reached RUNNING: dependents waiting on its start may become ready. Idempotent; no-op
   * for a finished task.
   */
  public void started(String taskId) {
    resolver.started(index(taskId));
  }

  /**
   * The task ended for good with {@code terminal}; releases its named resources and resolves its
   * dependents (ready, or UPSTREAM_FAILED / SKIPPED through the listener). Idempotent.
   */
  public void finished(String taskId, TaskState terminal) {
    finished(taskId, terminal, false);
  }

  /**
   * As {@link #finished(String, TaskState)}; works in any planner state (pending, ready, waiting
   * for a resource, polled). With {@code skipDependents}, every dependent that would become
   * UPSTREAM_FAILED becomes SKIPPED instead, all the way down this resolution (and for dependents
   * added later).
   *
   * @throws IllegalArgumentException when {@code terminal} is not a terminal state
   */
  public void finished(String taskId, TaskState terminal, boolean skipDependents) {
    finish(index(taskId), terminal, skipDependents);
  }

  private void finish(int t, TaskState terminal, boolean skipDependents) {
    if (!terminal.isTerminal()) {
      throw new IllegalArgumentException("not a terminal state: " + terminal);
    }
    if (!table.finished(t)) {
      resolver.finished(t, terminal, skipDependents);
    }
  }

  /**
   * The longest estimated path from a task to the end of its known dependents, its own duration
   * included (the rank that orders the ready queue; 1 s per task without an estimate). For
   * flagging deadlines that cannot be met ({@link WhyPending#deadlineAtRisk}).
   */
  public java.time.Duration remainingPath(String taskId) {
    return java.time.Duration.ofNanos(table.rank(index(taskId)));
  }

  /**
   * Raises the priority by which a task is ordered (not its {@link io.taskexec.task.Task}'s), for
   * ageing ({@link Ageing}): a waiting task keeps its place by the new priority from now on.
   * Never lowers it; a finished task is left alone.
   *
   * @return whether the priority changed
   */
  public boolean raisePriority(PlanItem item, int priority) {
    int t = index(item);
    if (table.finished(t) || priority <= table.priority(t)) return false;
    queue.raise(t, priority);
    return true;
  }

  /** The priority by which a task is ordered now: its own, or higher after {@link #raisePriority}. */
  public int priority(PlanItem item) {
    return table.priority(index(item));
  }

  /** Tasks in the ready queue now (not those waiting for a named resource). */
  public int readyCount() {
    return queue.size();
  }

  /** Tasks known and not yet finished. */
  public int openCount() {
    return resolver.open();
  }

  /**
   * Free units of a named resource now.
   *
   * @throws IllegalArgumentException for an unknown resource
   */
  public int freeUnits(String resource) {
    int free = queue.free(resource);
    if (free < 0) {
      throw new IllegalArgumentException("unknown resource '" + resource + "'");
    }
    return free;
  }

  private int index(PlanItem item) {
    int t = item.slot;
    return t >= 0 && t < table.size && table.items[t] == item ? t : index(item.id());
  }

  private int index(String taskId) {
    int t = ids.get(taskId);
    if (t < 0) {
      throw new IllegalArgumentException("unknown task '" + taskId + "'");
    }
    return t;
  }
}

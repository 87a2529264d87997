package io.taskexec.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Ageing: a task that has waited in the ready queue gains priority, one level for every {@code
 * interval} waited, up to {@code cap} levels above its own, so that a steady stream of
 * higher-priority work cannot starve it forever (Slurm's "age" factor, Nomad's lack of one).
 *
 * <p>The owner of the planner tells it when tasks become ready and when they leave the queue for
 * good (start), and calls {@link #age} now and then (every scheduling round is fine: it costs
 * O(waiting tasks)). Not thread-safe.
 */
public final class Ageing {
  private final Duration interval;
  private final int cap;
  private final Map<PlanItem, Instant> since = new HashMap<>();

  /**
   * @param interval waiting time per level gained (positive)
   * @param cap the most levels a task may gain (at least 1)
   */
  public Ageing(Duration interval, int cap) {
    this.interval = Objects.requireNonNull(interval, "interval");
    if (interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("the ageing interval must be positive, got " + interval);
    }
    if (cap < 1) throw new IllegalArgumentException("the ageing cap must be at least 1, got " + cap);
    this.cap = cap;
  }

  /** {@code item} became ready at {@code now} (its waiting starts). */
  public void ready(PlanItem item, Instant now) {
    since.putIfAbsent(item, now);
  }

  /** {@code item} started (or ended): it no longer ages. */
  public void left(PlanItem item) {
    since.remove(item);
  }

  /**
   * The levels a task that became ready at {@code since} has earned by {@code now}: one per whole
   * {@code interval}, at most {@code cap}; 0 before its first interval (or a clock gone back).
   */
  public static int levels(Instant since, Instant now, Duration interval, int cap) {
    if (cap <= 0 || !now.isAfter(since)) return 0;
    return (int) Math.min(cap, Duration.between(since, now).dividedBy(interval));
  }

  /**
   * Raises the priority of every waiting task by the levels it has earned by {@code now}.
   *
   * @return how many tasks were raised
   */
  public int age(Planner planner, Instant now) {
    int raised = 0;
    List<PlanItem> gone = new ArrayList<>();
    for (Map.Entry<PlanItem, Instant> e : since.entrySet()) {
      PlanItem item = e.getKey();
      long levels = levels(e.getValue(), now, interval, cap);
      if (levels <= 0) continue;
      long target = (long) item.task().priority() + levels;
      int priority = (int) Math.min(Integer.MAX_VALUE, target);
      try {
        if (planner.raisePriority(item, priority)) raised++;
      } catch (IllegalArgumentException unknown) {
        gone.add(item);
      }
    }
    gone.forEach(since::remove);
    return raised;
  }

  /** Tasks being aged now. */
  public int waiting() {
    return since.size();
  }
}

package io.taskexec.plan;

import io.taskexec.task.DependencyCondition;
import io.taskexec.task.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * Every task the planner knows, by dense int index, in parallel primitive arrays, and the
 * dependency edges as singly linked lists in two int arrays (no object per task or per edge).
 *
 * <p>What is read together lies together: a task's four sort keys share one half cache line of
 * {@link #keys} (the heap copies them in one go), and its planner state, flags and outcome share
 * one {@code int} of {@code status} (bits 0-2 state, 3-7 flags, 8-15 terminal state ordinal).
 *
 * <p>An edge {@code u -> d} means "d waits for u"; it is stored in u's list, packed as
 * {@code d << 3 | condition.ordinal()}. Tasks are never removed: a later batch may depend on a
 * finished task, so its outcome is kept (about 100 bytes per task with the id index and three
 * edges, besides the {@link PlanItem} itself).
 */
final class TaskTable {
  // Where a task is in the planner. A task is in at most one heap (QUEUED or PARKED) at a time.
  static final int PENDING = 0;
  static final int QUEUED = 1;
  static final int PARKED = 2;
  static final int POLLED = 3;
  static final int FINISHED = 4;
  private static final int STATE_MASK = 7;

  // Flags, in bits 3-7 of status[].
  static final int STARTED = 1 << 3;
  static final int HOLDS = 1 << 4;
  static final int SKIP_DEPENDENTS = 1 << 5;
  static final int HAS_START_EDGES = 1 << 6;
  static final int IN_READY_HEAP = 1 << 7;
  private static final int TERMINAL_SHIFT = 8;

  /** Longs per task in {@link #keys}: priority << 32 | index, deadline, rank, seq. */
  static final int KEY_STRIDE = 4;

  static final int MAX_TASKS = 1 << 28;
  static final long NO_DEADLINE = Long.MAX_VALUE;
  private static final long DEFAULT_DURATION = Duration.ofSeconds(1).toNanos();
  private static final TaskState[] STATES = TaskState.values();
  private static final DependencyCondition[] CONDITIONS = DependencyCondition.values();

  int size;
  PlanItem[] items = new PlanItem[16];
  long[] keys = new long[16 * KEY_STRIDE];
  private int[] status = new int[16];
  int[] unmet = new int[16];
  int[] pos = new int[16];
  int[] parkedOn = new int[16];
  int[] outHead = new int[16];
  int[][] resources = new int[16][];

  int edgeCount;
  int[] edgeTarget = new int[64];
  int[] edgeNext = new int[64];

  /** Appends a PENDING task and returns its index; its rank starts at its own duration. */
  int add(PlanItem item, int[] resourceIndexes) {
    if (size == MAX_TASKS) {
      throw new IllegalStateException("the planner holds at most " + MAX_TASKS + " tasks");
    }
    if (size == items.length) {
      grow();
    }
    int t = size++;
    items[t] = item;
    item.slot = t;
    int k = t * KEY_STRIDE;
    keys[k] = (long) item.task().priority() << 32 | t;
    keys[k + 1] = nanos(item.deadline());
    keys[k + 2] = duration(item.task().estimatedDuration());
    keys[k + 3] = item.seq();
    pos[t] = -1;
    outHead[t] = -1;
    resources[t] = resourceIndexes;
    return t;
  }

  /** Stores "{@code dependent} waits for {@code upstream} with {@code condition}". */
  void addEdge(int upstream, int dependent, DependencyCondition condition) {
    if (edgeCount == edgeTarget.length) {
      edgeTarget = Arrays.copyOf(edgeTarget, edgeCount * 2);
      edgeNext = Arrays.copyOf(edgeNext, edgeCount * 2);
    }
    int e = edgeCount++;
    edgeTarget[e] = dependent << 3 | condition.ordinal();
    edgeNext[e] = outHead[upstream];
    outHead[upstream] = e;
    if (condition == DependencyCondition.START) {
      set(upstream, HAS_START_EDGES);
    }
  }

  static int target(int packedEdge) {
    return packedEdge >>> 3;
  }

  static DependencyCondition condition(int packedEdge) {
    return CONDITIONS[packedEdge & 7];
  }

  /** The priority in {@code t}'s sort key (its task's, unless raised by ageing). */
  int priority(int t) {
    return (int) (keys[t * KEY_STRIDE] >> 32);
  }

  /** Sets the priority in {@code t}'s sort key; heaps holding it must be told by the caller. */
  void setPriority(int t, int priority) {
    keys[t * KEY_STRIDE] = (long) priority << 32 | t;
  }

  /** Longest remaining path from {@code t}, its own duration included (nanoseconds). */
  long rank(int t) {
    return keys[t * KEY_STRIDE + 2];
  }

  void setRank(int t, long nanos) {
    keys[t * KEY_STRIDE + 2] = nanos;
  }

  int state(int t) {
    return status[t] & STATE_MASK;
  }

  void setState(int t, int state) {
    status[t] = (status[t] & ~STATE_MASK) | state;
  }

  boolean has(int t, int flag) {
    return (status[t] & flag) != 0;
  }

  void set(int t, int flag) {
    status[t] |= flag;
  }

  void clear(int t, int flag) {
    status[t] &= ~flag;
  }

  boolean finished(int t) {
    return state(t) == FINISHED;
  }

  TaskState terminal(int t) {
    return STATES[status[t] >>> TERMINAL_SHIFT];
  }

  void finish(int t, TaskState outcome) {
    status[t] = (status[t] & ~STATE_MASK & ((1 << TERMINAL_SHIFT) - 1))
        | FINISHED | outcome.ordinal() << TERMINAL_SHIFT;
  }

  String id(int t) {
    return items[t].id();
  }

  static long duration(Duration estimate) {
    if (estimate == null) {
      return DEFAULT_DURATION;
    }
    return estimate.isNegative() ? 0 : saturatedNanos(estimate);
  }

  /** Deadline as epoch nanos; beyond year 2262 collapses to just before "none". */
  private static long nanos(Instant at) {
    if (at == null) {
      return NO_DEADLINE;
    }
    try {
      long n = Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
      return Math.min(n, NO_DEADLINE - 1);
    } catch (ArithmeticException overflow) {
      return at.getEpochSecond() < 0 ? Long.MIN_VALUE : NO_DEADLINE - 1;
    }
  }

  static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException overflow) {
      return Long.MAX_VALUE;
    }
  }

  private void grow() {
    int n = Math.min(MAX_TASKS, Math.max(16, size * 2));
    items = Arrays.copyOf(items, n);
    keys = Arrays.copyOf(keys, n * KEY_STRIDE);
    status = Arrays.copyOf(status, n);
    unmet = Arrays.copyOf(unmet, n);
    pos = Arrays.copyOf(pos, n);
    parkedOn = Arrays.copyOf(parkedOn, n);
    outHead = Arrays.copyOf(outHead, n);
    resources = Arrays.copyOf(resources, n);
  }
}

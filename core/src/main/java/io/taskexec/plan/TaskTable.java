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
 * <p>An edge {@code u -> d} means "d waits for u"; it is stored in u's list, packed as
 * {@code d << 3 | condition.ordinal()}. Tasks are never removed: a later batch may depend on a
 * finished task, so its outcome is kept (about 60 bytes per task besides its {@link PlanItem}).
 */
final class TaskTable {
  // Where a task is in the planner. A task is in at most one heap (QUEUED or PARKED) at a time.
  static final byte PENDING = 0;
  static final byte QUEUED = 1;
  static final byte PARKED = 2;
  static final byte POLLED = 3;
  static final byte FINISHED = 4;

  // Bits of flags[].
  static final byte STARTED = 1;
  static final byte HOLDS = 2;
  static final byte SKIP_DEPENDENTS = 4;
  static final byte HAS_START_EDGES = 8;

  static final int MAX_TASKS = 1 << 28;
  static final long NO_DEADLINE = Long.MAX_VALUE;
  private static final long DEFAULT_DURATION = Duration.ofSeconds(1).toNanos();
  private static final TaskState[] STATES = TaskState.values();
  private static final DependencyCondition[] CONDITIONS = DependencyCondition.values();

  int size;
  PlanItem[] items = new PlanItem[16];
  int[] priority = new int[16];
  long[] deadline = new long[16];
  long[] rank = new long[16];
  long[] seq = new long[16];
  byte[] state = new byte[16];
  byte[] flags = new byte[16];
  byte[] terminal = new byte[16];
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
    priority[t] = item.task().priority();
    deadline[t] = nanos(item.deadline());
    rank[t] = duration(item.task().estimatedDuration());
    seq[t] = item.seq();
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

  boolean has(int t, byte flag) {
    return (flags[t] & flag) != 0;
  }

  void set(int t, byte flag) {
    flags[t] |= flag;
  }

  void clear(int t, byte flag) {
    flags[t] &= (byte) ~flag;
  }

  boolean finished(int t) {
    return state[t] == FINISHED;
  }

  TaskState terminal(int t) {
    return STATES[terminal[t]];
  }

  void finish(int t, TaskState outcome) {
    state[t] = FINISHED;
    terminal[t] = (byte) outcome.ordinal();
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

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException overflow) {
      return Long.MAX_VALUE;
    }
  }

  private void grow() {
    int n = Math.min(MAX_TASKS, Math.max(16, size * 2));
    items = Arrays.copyOf(items, n);
    priority = Arrays.copyOf(priority, n);
    deadline = Arrays.copyOf(deadline, n);
    rank = Arrays.copyOf(rank, n);
    seq = Arrays.copyOf(seq, n);
    state = Arrays.copyOf(state, n);
    flags = Arrays.copyOf(flags, n);
    terminal = Arrays.copyOf(terminal, n);
    unmet = Arrays.copyOf(unmet, n);
    pos = Arrays.copyOf(pos, n);
    parkedOn = Arrays.copyOf(parkedOn, n);
    outHead = Arrays.copyOf(outHead, n);
    resources = Arrays.copyOf(resources, n);
  }
}

package io.taskexec.plan;

import java.util.Arrays;

/**
 * A binary heap of task indexes in ready-queue order (priority desc, deadline asc with none last,
 * rank desc, seq asc).
 *
 * <p>Each slot keeps a copy of its task's sort keys next to it ({@code [priority << 32 | task,
 * deadline, rank, seq]} in one {@code long[]}), so sifting reads two siblings from one cache line
 * instead of chasing the task table.
 *
 * <p>An <em>indexed</em> heap also supports {@link #remove} of any member in O(log n): it keeps
 * each member's slot in {@link TaskTable#pos}. Indexed heaps share that array, which works because
 * a task is in at most one of them at a time. A plain heap skips that bookkeeping (a random write
 * per level moved, which dominates at a million tasks); its owner deletes lazily instead.
 */
final class IntHeap {
  private static final int STRIDE = TaskTable.KEY_STRIDE;

  private final TaskTable table;
  private final boolean indexed;
  private long[] keys = new long[16 * STRIDE];
  private int size;

  IntHeap(TaskTable table, boolean indexed) {
    this.table = table;
    this.indexed = indexed;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  void push(int t) {
    if ((size + 1) * STRIDE > keys.length) {
      keys = Arrays.copyOf(keys, keys.length * 2);
    }
    long[] from = table.keys;
    int k = t * TaskTable.KEY_STRIDE;
    siftUp(size++, from[k], from[k + 1], from[k + 2], from[k + 3]);
  }

  /** Removes and returns the first task; the heap must not be empty. */
  int poll() {
    int first = (int) keys[0];
    removeAt(0);
    if (indexed) {
      table.pos[first] = -1;
    }
    return first;
  }

  /** Removes {@code t}, which must be in this heap; indexed heaps only. */
  void remove(int t) {
    assert indexed;
    removeAt(table.pos[t]);
    table.pos[t] = -1;
  }

  private void removeAt(int i) {
    int last = --size * STRIDE;
    if (i == size) {
      return;
    }
    long head = keys[last];
    long deadline = keys[last + 1];
    long rank = keys[last + 2];
    long seq = keys[last + 3];
    siftDown(i, head, deadline, rank, seq);
    if (keys[i * STRIDE] == head) {
      siftUp(i, head, deadline, rank, seq);
    }
  }

  private void siftUp(int i, long head, long deadline, long rank, long seq) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!before(head, deadline, rank, seq, parent)) {
        break;
      }
      move(parent, i);
      i = parent;
    }
    place(i, head, deadline, rank, seq);
  }

  private void siftDown(int i, long head, long deadline, long rank, long seq) {
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && firstOf(right, child)) {
        child = right;
      }
      if (before(head, deadline, rank, seq, child)) {
        break;
      }
      move(child, i);
      i = child;
    }
    place(i, head, deadline, rank, seq);
  }

  /** The task with these keys goes before the one in slot {@code j}. */
  private boolean before(long head, long deadline, long rank, long seq, int j) {
    int k = j * STRIDE;
    int p = (int) (head >> 32);
    int q = (int) (keys[k] >> 32);
    if (p != q) {
      return p > q;
    }
    if (deadline != keys[k + 1]) {
      return deadline < keys[k + 1];
    }
    if (rank != keys[k + 2]) {
      return rank > keys[k + 2];
    }
    return seq < keys[k + 3];
  }

  private boolean firstOf(int i, int j) {
    int k = i * STRIDE;
    return before(keys[k], keys[k + 1], keys[k + 2], keys[k + 3], j);
  }

  private void move(int from, int to) {
    int f = from * STRIDE;
    int t = to * STRIDE;
    keys[t] = keys[f];
    keys[t + 1] = keys[f + 1];
    keys[t + 2] = keys[f + 2];
    keys[t + 3] = keys[f + 3];
    if (indexed) {
      table.pos[(int) keys[t]] = to;
    }
  }

  private void place(int i, long head, long deadline, long rank, long seq) {
    int k = i * STRIDE;
    keys[k] = head;
    keys[k + 1] = deadline;
    keys[k + 2] = rank;
    keys[k + 3] = seq;
    if (indexed) {
      table.pos[(int) head] = i;
    }
  }
}

package io.taskexec.sim;

import java.util.Arrays;

/**
 * The simulator's future: completions ordered by time (then task index, for determinism), as a
 * binary heap over parallel primitive arrays so that a million pending events cost no objects.
 */
final class EventHeap {
  private long[] time = new long[1024];
  private int[] task = new int[1024];
  private int[] attempt = new int[1024];
  private int size;

  void push(long t, int taskIndex, int att) {
    if (size == time.length) {
      time = Arrays.copyOf(time, size * 2);
      task = Arrays.copyOf(task, size * 2);
      attempt = Arrays.copyOf(attempt, size * 2);
    }
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!less(t, taskIndex, time[parent], task[parent])) break;
      move(parent, i);
      i = parent;
    }
    time[i] = t;
    task[i] = taskIndex;
    attempt[i] = att;
  }

  boolean isEmpty() {
    return size == 0;
  }

  long peekTime() {
    return time[0];
  }

  int peekTask() {
    return task[0];
  }

  int peekAttempt() {
    return attempt[0];
  }

  void pop() {
    size--;
    if (size == 0) return;
    long t = time[size];
    int k = task[size];
    int a = attempt[size];
    int i = 0;
    while (true) {
      int c = 2 * i + 1;
      if (c >= size) break;
      if (c + 1 < size && less(time[c + 1], task[c + 1], time[c], task[c])) c++;
      if (!less(time[c], task[c], t, k)) break;
      move(c, i);
      i = c;
    }
    time[i] = t;
    task[i] = k;
    attempt[i] = a;
  }

  private void move(int from, int to) {
    time[to] = time[from];
    task[to] = task[from];
    attempt[to] = attempt[from];
  }

  private static boolean less(long t1, int k1, long t2, int k2) {
    return t1 < t2 || (t1 == t2 && k1 < k2);
  }
}

package io.taskexec.plan;

import java.util.Arrays;

/** A growable list of ints without boxing; also used as a stack (the resolution worklist). */
final class IntList {
  private int[] values;
  private int size;

  IntList() {
    this(16);
  }

  IntList(int capacity) {
    values = new int[Math.max(4, capacity)];
  }

  void add(int v) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = v;
  }

  int get(int i) {
    return values[i];
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Removes and returns the last value. */
  int pop() {
    return values[--size];
  }

  void clear() {
    size = 0;
  }
}

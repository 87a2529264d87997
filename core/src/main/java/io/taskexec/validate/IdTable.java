package io.taskexec.validate;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

/**
 * Task id to its index in the batch, for one validation run: open addressing with linear probing
 * over a {@code String[]} and an {@code int[]} (at most half full), so indexing a batch allocates
 * no node and no boxed index per task as a {@code HashMap<String, Integer>} would. Not thread-safe.
 */
final class IdTable {
  private final String[] keys;
  private final int[] values;
  private final String[] inOrder;
  private int size;

  IdTable(int expected) {
    int cap = Integer.highestOneBit(Math.max(8, expected) * 2 - 1) << 1;
    keys = new String[cap];
    values = new int[cap];
    inOrder = new String[Math.max(0, expected)];
  }

  /** The index of {@code id}, or -1. */
  int get(String id) {
    int mask = keys.length - 1;
    for (int i = spread(id.hashCode()) & mask; ; i = (i + 1) & mask) {
      String k = keys[i];
      if (k == null) return -1;
      if (k == id || k.equals(id)) return values[i];
    }
  }

  /** Maps {@code id} to {@code value} unless it is there; returns the index it had, or -1. */
  int putIfAbsent(String id, int value) {
    int mask = keys.length - 1;
    for (int i = spread(id.hashCode()) & mask; ; i = (i + 1) & mask) {
      String k = keys[i];
      if (k == null) {
        keys[i] = id;
        values[i] = value;
        inOrder[size++] = id;
        return -1;
      }
      if (k == id || k.equals(id)) return values[i];
    }
  }

  /** The ids, in the order they were put (for "did you mean"). */
  List<String> ids() {
    return new AbstractList<>() {
      @Override
      public String get(int i) {
        return inOrder[i];
      }

      @Override
      public int size() {
        return size;
      }
    };
  }

  private static int spread(int h) {
    h *= 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  @Override
  public String toString() {
    return Arrays.toString(Arrays.copyOf(inOrder, size));
  }
}

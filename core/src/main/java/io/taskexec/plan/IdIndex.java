package io.taskexec.plan;

import java.util.Arrays;

/**
 * Task id to task index: an open-addressing hash table (linear probing, at most half full). Each
 * slot packs the id's hash and the index into one {@code long} next to a {@code String[]} of ids,
 * so a lookup costs about two cache misses, and there is no node or boxed value per task as in a
 * {@code HashMap<String, Integer>}.
 */
final class IdIndex {
  private static final long EMPTY = -1L; // index -1: no real entry has a negative index

  private String[] keys = new String[64];
  private long[] slots = filled(64);
  private int size;

  /** The index of {@code id}, or -1. */
  int get(String id) {
    int h = hash(id);
    int mask = keys.length - 1;
    for (int i = h & mask; slots[i] != EMPTY; i = (i + 1) & mask) {
      long slot = slots[i];
      if ((int) (slot >>> 32) == h && id.equals(keys[i])) {
        return (int) slot;
      }
    }
    return -1;
  }

  /** Maps {@code id} to {@code value} (not negative) unless it is there; returns the old one or -1. */
  int putIfAbsent(String id, int value) {
    if (2 * (size + 1) > keys.length) {
      resize();
    }
    int h = hash(id);
    int mask = keys.length - 1;
    int i = h & mask;
    for (; slots[i] != EMPTY; i = (i + 1) & mask) {
      if ((int) (slots[i] >>> 32) == h && id.equals(keys[i])) {
        return (int) slots[i];
      }
    }
    keys[i] = id;
    slots[i] = pack(h, value);
    size++;
    return -1;
  }

  /** Removes {@code id} if present (backward-shift deletion keeps probe chains unbroken). */
  void remove(String id) {
    int h = hash(id);
    int mask = keys.length - 1;
    int i = h & mask;
    while (slots[i] != EMPTY && !((int) (slots[i] >>> 32) == h && id.equals(keys[i]))) {
      i = (i + 1) & mask;
    }
    if (slots[i] == EMPTY) {
      return;
    }
    size--;
    for (int j = (i + 1) & mask; slots[j] != EMPTY; j = (j + 1) & mask) {
      int home = (int) (slots[j] >>> 32) & mask;
      // move j into the hole at i unless j's home lies cyclically in (i, j]
      if (((j - home) & mask) >= ((j - i) & mask)) {
        keys[i] = keys[j];
        slots[i] = slots[j];
        i = j;
      }
    }
    keys[i] = null;
    slots[i] = EMPTY;
  }

  private static int hash(String id) {
    int h = id.hashCode() * 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  private static long pack(int hash, int value) {
    return (long) hash << 32 | (value & 0xFFFFFFFFL);
  }

  private static long[] filled(int n) {
    long[] a = new long[n];
    Arrays.fill(a, EMPTY);
    return a;
  }

  private void resize() {
    String[] oldKeys = keys;
    long[] oldSlots = slots;
    keys = new String[oldKeys.length * 2];
    slots = filled(keys.length);
    int mask = keys.length - 1;
    for (int k = 0; k < oldKeys.length; k++) {
      if (oldSlots[k] != EMPTY) {
        int i = (int) (oldSlots[k] >>> 32) & mask;
        while (slots[i] != EMPTY) {
          i = (i + 1) & mask;
        }
        keys[i] = oldKeys[k];
        slots[i] = oldSlots[k];
      }
    }
  }
}

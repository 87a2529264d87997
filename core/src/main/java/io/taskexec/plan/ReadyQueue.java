package io.taskexec.plan;

import static io.taskexec.plan.TaskTable.HOLDS;
import static io.taskexec.plan.TaskTable.IN_READY_HEAP;
import static io.taskexec.plan.TaskTable.PARKED;
import static io.taskexec.plan.TaskTable.POLLED;
import static io.taskexec.plan.TaskTable.QUEUED;

import java.util.HashMap;
import java.util.Map;

/**
 * The ready queue and the named counted resources (semaphores).
 *
 * <p>A ready task whose resources are taken is parked on the wait heap of the first busy one, out
 * of the ready queue. Wake-ups keep one invariant: <em>whenever resource r has free units and
 * waiters, the ready queue holds at least as many tasks needing r as r has free units</em>. So a
 * release wakes up to {@code free[r]} waiters (best first), and a queued task that leaves the queue
 * without taking r (cancelled, parked on another resource, sent back to pending) wakes r again. A
 * woken task that finds r taken by then parks again; that costs O(log n) and never loses a task.
 */
final class ReadyQueue {
  private final TaskTable table;
  /** Lazily deleted: a withdrawn task's entry stays until polled (flag IN_READY_HEAP). */
  private final IntHeap ready;
  private final Map<String, Integer> indexes = new HashMap<>();
  private final int[] free;
  private final IntHeap[] waiting;
  /** Tasks in state QUEUED: the ready heap's size less its stale entries. */
  private int queued;

  ReadyQueue(TaskTable table, Map<String, Integer> units) {
    this.table = table;
    this.ready = new IntHeap(table, false);
    this.free = new int[units.size()];
    this.waiting = new IntHeap[units.size()];
    int r = 0;
    for (Map.Entry<String, Integer> e : units.entrySet()) {
      int n = e.getValue();
      if (n < 1) {
        throw new IllegalArgumentException(
            "resource '" + e.getKey() + "' needs at least one unit, got " + n);
      }
      free[r] = n;
      waiting[r] = new IntHeap(table, true);
      indexes.put(e.getKey(), r++);
    }
  }

  /** The index of a named resource, or -1 when there is none by that name. */
  int resourceIndex(String name) {
    Integer r = indexes.get(name);
    return r == null ? -1 : r;
  }

  /** Free units of a named resource; -1 for an unknown name. */
  int free(String name) {
    int r = resourceIndex(name);
    return r < 0 ? -1 : free[r];
  }

  int size() {
    return queued;
  }

  void offer(int t) {
    table.setState(t, QUEUED);
    queued++;
    if (!table.has(t, IN_READY_HEAP)) {
      table.set(t, IN_READY_HEAP);
      ready.push(t);
    } // else its old entry, with the same keys, counts again
  }

  /**
   * Takes the best ready task whose resources are all free, acquiring them; parks the ones in
   * its way. Returns -1 when no queued task can go now.
   */
  int poll() {
    while (!ready.isEmpty()) {
      int t = ready.poll();
      table.clear(t, IN_READY_HEAP);
      if (table.state(t) != QUEUED) {
        continue; // withdrawn while in the heap
      }
      queued--;
      int[] needs = table.resources[t];
      int busy = firstBusy(needs);
      if (busy < 0) {
        acquire(t, needs);
        table.setState(t, POLLED);
        return t;
      }
      table.setState(t, PARKED);
      table.parkedOn[t] = busy;
      waiting[busy].push(t);
      wakeAll(needs);
    }
    return -1;
  }

  /** Takes a QUEUED or PARKED task out of the queue or its wait heap; other states: no-op. */
  void withdraw(int t) {
    if (table.state(t) == QUEUED) {
      queued--; // its heap entry is skipped when it comes up, unless offered again by then
      wakeAll(table.resources[t]);
    } else if (table.state(t) == PARKED) {
      waiting[table.parkedOn[t]].remove(t);
    }
  }

  /**
   * Raises {@code t}'s priority key to {@code priority} and keeps its place right: a queued task
   * gets a fresh heap entry (the old one, with the old key, is skipped when it comes up, as for a
   * withdrawal); a parked task is filed again in its wait heap.
   */
  void raise(int t, int priority) {
    int state = table.state(t);
    if (state == PARKED) {
      IntHeap w = waiting[table.parkedOn[t]];
      w.remove(t);
      table.setPriority(t, priority);
      w.push(t);
    } else {
      table.setPriority(t, priority);
      if (state == QUEUED) {
        table.set(t, IN_READY_HEAP);
        ready.push(t);
      }
    }
  }

  /** Releases what {@code t} holds, if anything, waking waiters. Idempotent. */
  void release(int t) {
    if (!table.has(t, HOLDS)) {
      return;
    }
    table.clear(t, HOLDS);
    int[] held = table.resources[t];
    for (int r : held) {
      free[r]++;
    }
    wakeAll(held);
  }

  private int firstBusy(int[] needs) {
    if (needs != null) {
      for (int r : needs) {
        if (free[r] == 0) {
          return r;
        }
      }
    }
    return -1;
  }

  private void acquire(int t, int[] needs) {
    if (needs != null) {
      for (int r : needs) {
        free[r]--;
      }
      table.set(t, HOLDS);
    }
  }

  private void wakeAll(int[] resources) {
    if (resources != null) {
      for (int r : resources) {
        wake(r);
      }
    }
  }

  private void wake(int r) {
    IntHeap w = waiting[r];
    for (int n = free[r]; n > 0 && !w.isEmpty(); n--) {
      offer(w.poll());
    }
  }
}

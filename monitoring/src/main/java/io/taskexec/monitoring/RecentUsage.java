package io.taskexec.monitoring;

/**
 * The usage of the last tasks that ended, for {@link Monitoring#usage} after a task's end (older
 * ones are in the store's summaries). A ring: one array store per ended task, no hashing, nothing
 * that grows; a query, which is rare, searches it from the newest. Monitoring thread only.
 */
final class RecentUsage {
  private final TaskUsage[] ring;
  private int next;

  RecentUsage(int capacity) {
    this.ring = new TaskUsage[Math.max(1, capacity)];
  }

  void add(TaskUsage u) {
    ring[next] = u;
    next = next + 1 == ring.length ? 0 : next + 1;
  }

  /** The latest usage recorded for {@code taskId}, or null when it is not among the last ones. */
  TaskUsage find(String taskId) {
    for (int k = 1; k <= ring.length; k++) {
      TaskUsage u = ring[Math.floorMod(next - k, ring.length)];
      if (u == null) return null; // not full yet: nothing older
      if (u.taskId().equals(taskId)) return u;
    }
    return null;
  }
}

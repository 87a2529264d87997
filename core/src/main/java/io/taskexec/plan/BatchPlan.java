package io.taskexec.plan;

import static io.taskexec.plan.TaskTable.FINISHED;
import static io.taskexec.plan.TaskTable.POLLED;
import static io.taskexec.plan.TaskTable.STARTED;

import io.taskexec.task.Dependency;
import io.taskexec.task.DependencyCondition;
import io.taskexec.task.DependencyType;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code add} batch, checked before the planner changes anything: ids resolved, dependencies
 * normalised into edges "{@code to} waits for {@code from}", resources resolved, and a topological
 * order found (or a cycle reported). Tasks of the batch get the indexes {@code base + i}.
 */
final class BatchPlan {
  private static final DependencyCondition[] CONDITIONS = DependencyCondition.values();

  final List<PlanItem> items;
  final int base;
  final IntList from = new IntList();
  final IntList to = new IntList();
  final IntList conditions = new IntList();
  final int[][] resources;
  /** Edge numbers grouped by upstream: earlier tasks' first, then batch task i's, in order. */
  int[] byUpstream;
  /** Where each group of {@link #byUpstream} starts: group 0 earlier tasks, group i + 1 task i. */
  int[] upstreamStart;
  /** Local indexes of the batch, every task after all its in-batch upstreams. */
  final int[] order;

  private final TaskTable table;
  private final IdIndex ids;
  /** Earlier tasks that a task of this batch declared downstream: the only way into a cycle. */
  private final IntList earlierTargets = new IntList(4);

  /**
   * Checks the batch and enters its ids into {@code ids} (as {@code base + i}); when the batch is
   * rejected they are taken out again before the exception leaves.
   */
  BatchPlan(List<PlanItem> items, IdIndex ids, TaskTable table, ReadyQueue queue) {
    this.items = List.copyOf(items);
    this.base = table.size;
    this.table = table;
    this.ids = ids;
    this.resources = new int[this.items.size()][];
    if (this.items.size() > TaskTable.MAX_TASKS - base) {
      throw new IllegalStateException("the planner holds at most " + TaskTable.MAX_TASKS + " tasks");
    }
    indexIds();
    try {
      for (int i = 0; i < this.items.size(); i++) {
        resources[i] = collect(i, queue);
      }
      groupByUpstream();
      this.order = new CycleCheck(this, table).order();
    } catch (RuntimeException rejected) {
      forgetIds(this.items.size());
      throw rejected;
    }
  }

  int size() {
    return items.size();
  }

  String id(int global) {
    return global >= base ? items.get(global - base).id() : table.id(global);
  }

  boolean hasEarlierTargets() {
    return !earlierTargets.isEmpty();
  }

  IntList earlierTargets() {
    return earlierTargets;
  }

  private void indexIds() {
    for (int i = 0; i < items.size(); i++) {
      String id = items.get(i).id();
      if (ids.putIfAbsent(id, base + i) >= 0) {
        forgetIds(i);
        throw new IllegalArgumentException("task '" + id + "' was added twice");
      }
    }
  }

  private void forgetIds(int count) {
    for (int i = 0; i < count; i++) {
      ids.remove(items.get(i).id());
    }
  }

  /**
   * A counting sort of the edges by upstream: the cycle check walks them as adjacency lists, and
   * storing them in this order puts each task's edges side by side in memory.
   */
  private void groupByUpstream() {
    int[] start = new int[size() + 2];
    for (int k = 0; k < from.size(); k++) {
      start[bucket(from.get(k)) + 1]++;
    }
    for (int b = 0; b <= size(); b++) {
      start[b + 1] += start[b];
    }
    upstreamStart = start.clone();
    byUpstream = new int[from.size()];
    for (int k = 0; k < from.size(); k++) {
      byUpstream[start[bucket(from.get(k))]++] = k;
    }
  }

  private int bucket(int upstream) {
    return upstream >= base ? upstream - base + 1 : 0;
  }

  /** Adds task i's edges; returns its distinct resources (null for none). */
  private int[] collect(int i, ReadyQueue queue) {
    int self = base + i;
    IntList needs = null;
    for (Dependency d : items.get(i).task().dependencies()) {
      if (d.type() != DependencyType.RESOURCE
          && d.condition() == DependencyCondition.RESOURCE_AVAILABLE) {
        throw new IllegalArgumentException("task '" + id(self) + "' depends on '" + d.taskId()
            + "' with condition resource_available, which is only for resource dependencies");
      }
      switch (d.type()) {
        case RESOURCE -> {
          int r = queue.resourceIndex(d.taskId());
          if (r < 0) {
            throw new IllegalArgumentException(
                "task '" + id(self) + "' needs unknown resource '" + d.taskId() + "'");
          }
          needs = addDistinct(needs, r);
        }
        case UPSTREAM -> edge(resolve(self, d), self, d);
        case DOWNSTREAM -> downstream(self, resolve(self, d), d);
      }
    }
    return needs == null ? null : toArray(needs);
  }

  private void downstream(int self, int target, Dependency d) {
    if (target < base) {
      if (startedOrTaken(target)) {
        throw new IllegalArgumentException("task '" + id(self) + "' declares '" + id(target)
            + "' downstream, but it has already started");
      }
      if (table.state(target) == FINISHED) {
        return; // it ended without starting: there is nothing left to hold back
      }
      earlierTargets.add(target);
    }
    edge(self, target, d);
  }

  private boolean startedOrTaken(int t) {
    return table.state(t) == POLLED || table.has(t, STARTED)
        || (table.state(t) == FINISHED && table.terminal(t).hasStarted());
  }

  private void edge(int upstream, int dependent, Dependency d) {
    if (upstream == dependent) {
      throw new IllegalArgumentException("task '" + id(upstream) + "' depends on itself (a cycle)");
    }
    from.add(upstream);
    to.add(dependent);
    conditions.add(d.condition().ordinal());
  }

  DependencyCondition condition(int k) {
    return CONDITIONS[conditions.get(k)];
  }

  private int resolve(int self, Dependency d) {
    int t = ids.get(d.taskId());
    if (t < 0) {
      throw new IllegalArgumentException(
          "task '" + id(self) + "' depends on unknown task '" + d.taskId() + "'");
    }
    return t;
  }

  private static IntList addDistinct(IntList list, int r) {
    IntList l = list == null ? new IntList(4) : list;
    for (int k = 0; k < l.size(); k++) {
      if (l.get(k) == r) {
        return l;
      }
    }
    l.add(r);
    return l;
  }

  private static int[] toArray(IntList l) {
    int[] a = new int[l.size()];
    for (int k = 0; k < a.length; k++) {
      a[k] = l.get(k);
    }
    return a;
  }

  /** Names of the given global indexes, for messages (at most five). */
  String names(List<Integer> globals) {
    List<String> names = new ArrayList<>();
    for (int g : globals.subList(0, Math.min(5, globals.size()))) {
      names.add("'" + id(g) + "'");
    }
    return String.join(", ", names) + (globals.size() > 5 ? ", ..." : "");
  }
}

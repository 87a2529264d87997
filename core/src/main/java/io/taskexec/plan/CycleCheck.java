package io.taskexec.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Kahn's algorithm over a batch: finds a topological order of its tasks or reports a cycle.
 *
 * <p>The graph of earlier batches is acyclic and its edges never point at new tasks, so a cycle
 * either lies inside the batch or enters the earlier graph through a {@code downstream} edge from
 * a new task to an earlier one. The second case is checked by adding the earlier tasks reachable
 * from such targets (all still waiting, since their upstream has not run) to the graph; when a
 * batch declares no such edge, only the batch is looked at.
 */
final class CycleCheck {
  private final BatchPlan plan;
  private final TaskTable table;
  private final int n;
  private final Map<Integer, Integer> earlierLocal = new HashMap<>();
  private final IntList earlier = new IntList(4);

  CycleCheck(BatchPlan plan, TaskTable table) {
    this.plan = plan;
    this.table = table;
    this.n = plan.size();
  }

  /** Local indexes of the batch in topological order; throws on a cycle. */
  int[] order() {
    if (!plan.hasEarlierTargets()) {
      return batchOnly();
    }
    collectEarlier();
    int nodes = n + earlier.size();
    IntList from = new IntList(plan.from.size());
    IntList to = new IntList(plan.from.size());
    for (int k = 0; k < plan.from.size(); k++) {
      int f = local(plan.from.get(k));
      int t = local(plan.to.get(k));
      if (f >= 0 && t >= 0) {
        from.add(f);
        to.add(t);
      }
    }
    for (int k = 0; k < earlier.size(); k++) {
      int s = earlier.get(k);
      for (int e = table.outHead[s]; e >= 0; e = table.edgeNext[e]) {
        int d = TaskTable.target(table.edgeTarget[e]);
        if (!table.finished(d)) {
          from.add(n + k);
          to.add(local(d));
        }
      }
    }
    return newTasksOnly(kahn(nodes, from, to));
  }

  /** Kahn over the batch alone, on the edges as {@link BatchPlan} grouped them by upstream. */
  private int[] batchOnly() {
    int[] start = plan.upstreamStart;
    int first = start[1];
    int[] target = new int[start[n + 1] - first];
    int[] indegree = new int[n];
    for (int a = 0; a < target.length; a++) {
      target[a] = plan.to.get(plan.byUpstream[first + a]) - plan.base;
      indegree[target[a]]++;
    }
    int[] order = new int[n];
    int tail = 0;
    for (int v = 0; v < n; v++) {
      if (indegree[v] == 0) {
        order[tail++] = v;
      }
    }
    for (int head = 0; head < tail; head++) {
      int v = order[head];
      for (int a = start[v + 1] - first; a < start[v + 2] - first; a++) {
        if (--indegree[target[a]] == 0) {
          order[tail++] = target[a];
        }
      }
    }
    if (tail < n) {
      throw cycle(indegree);
    }
    return order;
  }

  private int local(int global) {
    if (global >= plan.base) {
      return global - plan.base;
    }
    Integer l = earlierLocal.get(global);
    return l == null ? -1 : l;
  }

  private int global(int local) {
    return local < n ? plan.base + local : earlier.get(local - n);
  }

  /** Earlier tasks reachable from downstream targets through waiting dependents. */
  private void collectEarlier() {
    IntList targets = plan.earlierTargets();
    for (int k = 0; k < targets.size(); k++) {
      visit(targets.get(k));
    }
    for (int k = 0; k < earlier.size(); k++) {
      int s = earlier.get(k);
      for (int e = table.outHead[s]; e >= 0; e = table.edgeNext[e]) {
        int d = TaskTable.target(table.edgeTarget[e]);
        if (!table.finished(d)) {
          visit(d);
        }
      }
    }
  }

  private void visit(int global) {
    if (!earlierLocal.containsKey(global)) {
      earlierLocal.put(global, n + earlier.size());
      earlier.add(global);
    }
  }

  private int[] kahn(int nodes, IntList from, IntList to) {
    int[] indegree = new int[nodes];
    int[] start = new int[nodes + 1];
    for (int k = 0; k < from.size(); k++) {
      indegree[to.get(k)]++;
      start[from.get(k) + 1]++;
    }
    for (int v = 0; v < nodes; v++) {
      start[v + 1] += start[v];
    }
    int[] adjacent = new int[from.size()];
    int[] fill = new int[nodes];
    for (int k = 0; k < from.size(); k++) {
      int f = from.get(k);
      adjacent[start[f] + fill[f]++] = to.get(k);
    }
    int[] order = new int[nodes];
    int tail = 0;
    for (int v = 0; v < nodes; v++) {
      if (indegree[v] == 0) {
        order[tail++] = v;
      }
    }
    for (int head = 0; head < tail; head++) {
      int v = order[head];
      for (int a = start[v]; a < start[v + 1]; a++) {
        if (--indegree[adjacent[a]] == 0) {
          order[tail++] = adjacent[a];
        }
      }
    }
    if (tail < nodes) {
      throw cycle(indegree);
    }
    return order;
  }

  private IllegalArgumentException cycle(int[] indegree) {
    List<Integer> stuck = new ArrayList<>();
    for (int v = 0; v < indegree.length; v++) {
      if (indegree[v] > 0) {
        stuck.add(global(v));
      }
    }
    return new IllegalArgumentException(
        "dependency cycle among tasks (or waiting on one): " + plan.names(stuck));
  }

  private int[] newTasksOnly(int[] order) {
    if (order.length == n) {
      return order;
    }
    int[] batchOrder = new int[n];
    int i = 0;
    for (int v : order) {
      if (v < n) {
        batchOrder[i++] = v;
      }
    }
    return batchOrder;
  }
}

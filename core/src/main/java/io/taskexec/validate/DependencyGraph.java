package io.taskexec.validate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The waits-for graph of one batch, over task indices: an edge {@code a -> b} means task a waits
 * for task b (a downstream dependency declared on b naming a is stored as {@code a -> b} too).
 * Finds every strongly connected component with more than one task (Tarjan, iterative, so a
 * million-task chain does not overflow the stack) and the cycles in each (one per back edge of a
 * depth-first search inside the component, at most {@link #MAX_CYCLES_PER_GROUP}).
 *
 * <p>Arrays only, O(tasks + edges) time and memory. Not thread-safe; one per validation run.
 */
final class DependencyGraph {
  /** The most cycles reported for one tangle of tasks; the rest show up once these are fixed. */
  static final int MAX_CYCLES_PER_GROUP = 5;

  /**
   * One cycle: {@code nodes[0] -> nodes[1] -> ... -> nodes[0]}. The closing edge (last node back to
   * the first) was declared at {@code tasks[originTask].dependencies[originDependency]}.
   *
   * @param componentSize how many tasks are caught in cycles with these (at least nodes.length)
   * @param moreNotShown the component may hold further cycles that were not searched for
   */
  record Cycle(int[] nodes, int originTask, int originDependency, int componentSize, boolean moreNotShown) {}

  private final int nodes;
  private int edges;
  private int[] from;
  private int[] to;
  private int[] originTask;
  private int[] originDependency;

  DependencyGraph(int nodes, int expectedEdges) {
    this.nodes = nodes;
    int cap = Math.max(4, expectedEdges);
    from = new int[cap];
    to = new int[cap];
    originTask = new int[cap];
    originDependency = new int[cap];
  }

  void addEdge(int waiter, int waitedFor, int declaringTask, int dependencyIndex) {
    if (edges == from.length) {
      int cap = edges * 2;
      from = Arrays.copyOf(from, cap);
      to = Arrays.copyOf(to, cap);
      originTask = Arrays.copyOf(originTask, cap);
      originDependency = Arrays.copyOf(originDependency, cap);
    }
    from[edges] = waiter;
    to[edges] = waitedFor;
    originTask[edges] = declaringTask;
    originDependency[edges] = dependencyIndex;
    edges++;
  }

  /** The cycles of every tangled component, components in order of their first task. */
  List<Cycle> cycles() {
    if (edges == 0) return List.of();
    // compressed adjacency: the out-edges of v are slots offsets[v] .. offsets[v+1]-1
    int[] offsets = new int[nodes + 1];
    for (int e = 0; e < edges; e++) offsets[from[e] + 1]++;
    for (int v = 0; v < nodes; v++) offsets[v + 1] += offsets[v];
    int[] fill = Arrays.copyOf(offsets, nodes);
    int[] adj = new int[edges];
    int[] slotEdge = new int[edges];
    for (int e = 0; e < edges; e++) {
      int slot = fill[from[e]]++;
      adj[slot] = to[e];
      slotEdge[slot] = e;
    }
    int[] component = components(offsets, adj);
    return backEdgeCycles(offsets, adj, slotEdge, component);
  }

  /**
   * Tarjan's algorithm without recursion. Returns, per node, the id (>= 1) of its component when
   * that component has two or more nodes, else 0.
   */
  private int[] components(int[] offsets, int[] adj) {
    int[] index = new int[nodes]; // 0 = not visited yet, else visit order + 1
    int[] low = new int[nodes];
    boolean[] onStack = new boolean[nodes];
    int[] stack = new int[nodes];
    int[] callNode = new int[nodes];
    int[] callSlot = new int[nodes];
    int[] component = new int[nodes];
    int sp = 0;
    int counter = 0;
    int components = 0;
    for (int root = 0; root < nodes; root++) {
      if (index[root] != 0 || offsets[root] == offsets[root + 1]) continue;
      int csp = 0;
      index[root] = low[root] = ++counter;
      stack[sp++] = root;
      onStack[root] = true;
      callNode[csp] = root;
      callSlot[csp++] = offsets[root];
      while (csp > 0) {
        int v = callNode[csp - 1];
        int slot = callSlot[csp - 1];
        if (slot < offsets[v + 1]) {
          callSlot[csp - 1]++;
          int w = adj[slot];
          if (index[w] == 0) {
            index[w] = low[w] = ++counter;
            stack[sp++] = w;
            onStack[w] = true;
            callNode[csp] = w;
            callSlot[csp++] = offsets[w];
          } else if (onStack[w] && index[w] < low[v]) {
            low[v] = index[w];
          }
          continue;
        }
        csp--;
        if (csp > 0) {
          int parent = callNode[csp - 1];
          if (low[v] < low[parent]) low[parent] = low[v];
        }
        if (low[v] == index[v]) {
          int top = sp;
          do {
            onStack[stack[--sp]] = false;
          } while (stack[sp] != v);
          if (top - sp > 1) {
            components++;
            for (int k = sp; k < top; k++) component[stack[k]] = components;
          }
        }
      }
    }
    return component;
  }

  /**
   * Up to {@link #MAX_CYCLES_PER_GROUP} cycles per component: a depth-first search inside the
   * component from its first task, one cycle per back edge (the edge closing the cycle is the one
   * whose declaration the problem points at). Removing every back edge leaves no cycle, so the
   * cycles found together cover every loop of the component.
   */
  private List<Cycle> backEdgeCycles(int[] offsets, int[] adj, int[] slotEdge, int[] component) {
    int count = 0;
    for (int c : component) count = Math.max(count, c);
    if (count == 0) return List.of();
    int[] first = new int[count + 1];
    int[] size = new int[count + 1];
    Arrays.fill(first, -1);
    for (int v = 0; v < nodes; v++) {
      int c = component[v];
      if (c == 0) continue;
      if (first[c] < 0) first[c] = v;
      size[c]++;
    }
    int[] pathNode = new int[nodes];
    int[] pathSlot = new int[nodes];
    int[] position = new int[nodes]; // where a node sits on the path, while it is on it
    boolean[] onPath = new boolean[nodes];
    int[] seen = new int[nodes]; // the component whose search reached the node
    List<Cycle> cycles = new ArrayList<>();
    for (int c = 1; c <= count; c++) {
      int start = first[c];
      int depth = 0;
      int found = 0;
      seen[start] = c;
      onPath[start] = true;
      position[start] = depth;
      pathNode[depth] = start;
      pathSlot[depth++] = offsets[start];
      while (depth > 0 && found < MAX_CYCLES_PER_GROUP) {
        int v = pathNode[depth - 1];
        int slot = pathSlot[depth - 1];
        if (slot == offsets[v + 1]) {
          onPath[v] = false;
          depth--;
          continue;
        }
        pathSlot[depth - 1]++;
        int w = adj[slot];
        if (component[w] != c) continue;
        if (onPath[w]) {
          int[] cycle = Arrays.copyOfRange(pathNode, position[w], depth);
          int e = slotEdge[slot];
          found++;
          boolean more = found == MAX_CYCLES_PER_GROUP;
          cycles.add(new Cycle(cycle, originTask[e], originDependency[e], size[c], more));
        } else if (seen[w] != c) {
          seen[w] = c;
          onPath[w] = true;
          position[w] = depth;
          pathNode[depth] = w;
          pathSlot[depth++] = offsets[w];
        }
      }
      while (depth > 0) onPath[pathNode[--depth]] = false;
    }
    return cycles;
  }
}

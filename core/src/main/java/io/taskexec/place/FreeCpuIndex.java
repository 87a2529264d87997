package io.taskexec.place;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Agents ordered by free cpu (least first for BEST_FIT, most first for SPREAD), ties in
 * registration order: a treap (a randomly balanced search tree) whose nodes also hold the maximum
 * free cpu, memory, storage and GPUs in their subtree.
 *
 * <p>A walk is an in-order traversal that skips every subtree where some maximum is short, so it
 * yields exactly the agents that fit, in order. Since the order already sorts by cpu, the skipping
 * is exact when at most one other resource binds (memory, typically): then the first agent costs
 * O(log n) and each next one O(1) amortised. It degrades towards O(n) only when memory, storage
 * and GPUs are short on different agents of the same subtrees. Filing and unfiling an agent cost
 * O(log n) expected.
 */
final class FreeCpuIndex implements AgentIndex {
  /** An agent's place in the tree. */
  static final class Node {
    private final AgentLedger agent;
    private final long priority;
    private long key;
    private long cpu;
    private long memory;
    private long storage;
    private long gpus;
    private long maxCpu;
    private long maxMemory;
    private long maxStorage;
    private long maxGpus;
    private Node left;
    private Node right;

    private Node(AgentLedger agent, long priority) {
      this.agent = agent;
      this.priority = priority;
    }
  }

  private final boolean mostFirst;
  private Node root;
  private Node[] stack = new Node[64];
  private long seed = 0x5DEECE66DL; // fixed, so tree shapes (not results) repeat run to run
  private Node splitBefore;
  private Node splitAfter;

  private FreeCpuIndex(boolean mostFirst) {
    this.mostFirst = mostFirst;
  }

  /** BEST_FIT: least free cpu first, so the first agent that fits is the tightest by cpu. */
  static FreeCpuIndex leastFirst() {
    return new FreeCpuIndex(false);
  }

  /** SPREAD: most free cpu first. */
  static FreeCpuIndex mostFirst() {
    return new FreeCpuIndex(true);
  }

  @Override
  public void add(AgentLedger agent) {
    agent.indexNode = new Node(agent, nextPriority());
    afterUpdate(agent);
  }

  @Override
  public void remove(AgentLedger agent) {
    beforeUpdate(agent);
    agent.indexNode = null;
  }

  @Override
  public void beforeUpdate(AgentLedger agent) {
    root = delete(root, agent.indexNode);
  }

  @Override
  public void afterUpdate(AgentLedger agent) {
    Node n = agent.indexNode;
    n.cpu = agent.freeCpu();
    n.memory = agent.freeMemory();
    n.storage = agent.freeStorage();
    n.gpus = agent.freeGpus();
    n.key = mostFirst ? -n.cpu : n.cpu; // never Long.MIN_VALUE: offered >= 0, used <= max
    n.left = null;
    n.right = null;
    pull(n);
    root = insert(root, n);
  }

  /** Valid until the next change; one walk at a time (they share a stack). */
  @Override
  public Iterator<AgentLedger> candidates(Demand demand) {
    return new Iterator<>() {
      private int depth = pushLeft(root, 0, demand);
      private Node next;
      private boolean searched; // lazily: the pick stops asking after its look-ahead

      @Override
      public boolean hasNext() {
        if (!searched) {
          next = advance();
          searched = true;
        }
        return next != null;
      }

      @Override
      public AgentLedger next() {
        if (!hasNext()) throw new NoSuchElementException();
        searched = false;
        return next.agent;
      }

      /** Pops nodes in order, descending into right subtrees that may hold the demand. */
      private Node advance() {
        while (depth > 0) {
          Node t = stack[--depth];
          depth = pushLeft(t.right, depth, demand);
          if (holds(t, demand)) return t;
        }
        return null;
      }
    };
  }

  /** Pushes {@code t} and its left spine, stopping at the first subtree that cannot hold d. */
  private int pushLeft(Node t, int depth, Demand d) {
    for (; t != null && subtreeMayHold(t, d); t = t.left) {
      if (depth == stack.length) stack = Arrays.copyOf(stack, depth * 2);
      stack[depth++] = t;
    }
    return depth;
  }

  private static boolean holds(Node n, Demand d) {
    return n.cpu >= d.cpu() && n.memory >= d.memory() && n.storage >= d.storage() && n.gpus >= d.gpus();
  }

  private static boolean subtreeMayHold(Node n, Demand d) {
    return n.maxCpu >= d.cpu()
        && n.maxMemory >= d.memory()
        && n.maxStorage >= d.storage()
        && n.maxGpus >= d.gpus();
  }

  private static boolean before(Node x, Node y) {
    return x.key < y.key || (x.key == y.key && x.agent.seq < y.agent.seq);
  }

  private Node insert(Node t, Node n) {
    if (t == null) return n;
    if (n.priority > t.priority) {
      split(t, n);
      n.left = splitBefore;
      n.right = splitAfter;
      pull(n);
      return n;
    }
    if (before(n, t)) t.left = insert(t.left, n);
    else t.right = insert(t.right, n);
    pull(t);
    return t;
  }

  /** Splits {@code t} into the nodes before {@code n} and those after it. */
  private void split(Node t, Node n) {
    if (t == null) {
      splitBefore = null;
      splitAfter = null;
    } else if (before(t, n)) {
      split(t.right, n);
      t.right = splitBefore;
      pull(t);
      splitBefore = t;
    } else {
      split(t.left, n);
      t.left = splitAfter;
      pull(t);
      splitAfter = t;
    }
  }

  private static Node delete(Node t, Node n) {
    if (t == null) throw new IllegalStateException("broken invariant: " + n.agent.id + " not filed");
    if (t == n) return merge(t.left, t.right);
    if (before(n, t)) t.left = delete(t.left, n);
    else t.right = delete(t.right, n);
    pull(t);
    return t;
  }

  private static Node merge(Node a, Node b) {
    if (a == null) return b;
    if (b == null) return a;
    if (a.priority > b.priority) {
      a.right = merge(a.right, b);
      pull(a);
      return a;
    }
    b.left = merge(a, b.left);
    pull(b);
    return b;
  }

  private static void pull(Node t) {
    t.maxCpu = t.cpu;
    t.maxMemory = t.memory;
    t.maxStorage = t.storage;
    t.maxGpus = t.gpus;
    if (t.left != null) include(t, t.left);
    if (t.right != null) include(t, t.right);
  }

  private static void include(Node t, Node child) {
    t.maxCpu = Math.max(t.maxCpu, child.maxCpu);
    t.maxMemory = Math.max(t.maxMemory, child.maxMemory);
    t.maxStorage = Math.max(t.maxStorage, child.maxStorage);
    t.maxGpus = Math.max(t.maxGpus, child.maxGpus);
  }

  /** SplitMix64: well-spread priorities from a fixed seed. */
  private long nextPriority() {
    long z = (seed += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}

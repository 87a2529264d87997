package io.taskexec.place;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Agents in registration order, for FIRST_FIT: a segment tree over registration slots whose
 * nodes hold the maximum free cpu, memory, storage and GPUs below them. A walk descends to the
 * leftmost slot whose leaf holds enough of everything, skipping every subtree where some maximum
 * is short, so it yields exactly the agents that fit, in registration order. Finding the first
 * costs O(log n) when one resource binds, and more when several resources are short on different
 * agents of the same subtrees (O(n) at worst).
 *
 * <p>A removed agent leaves an empty slot; when slots run out the live agents are packed into the
 * lowest slots (keeping their order) or the tree doubles, amortised O(1) per registration.
 */
final class RegistrationOrderIndex implements AgentIndex {
  private static final int NOT_SEARCHED = -2;
  private int leaves = 16;
  private int nextSlot;
  private int live;
  private AgentLedger[] bySlot = new AgentLedger[leaves];
  // Heap layout: node 1 is the root, node k has children 2k and 2k+1, slot s is node leaves + s.
  private long[] cpu;
  private long[] memory;
  private long[] storage;
  private long[] gpus;

  RegistrationOrderIndex() {
    rebuild();
  }

  @Override
  public void add(AgentLedger agent) {
    if (nextSlot == leaves) makeRoom();
    agent.slot = nextSlot++;
    bySlot[agent.slot] = agent;
    live++;
    afterUpdate(agent);
  }

  @Override
  public void remove(AgentLedger agent) {
    bySlot[agent.slot] = null;
    setLeaf(agent.slot, Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE);
    agent.slot = -1;
    live--;
  }

  @Override
  public void beforeUpdate(AgentLedger agent) {}

  @Override
  public void afterUpdate(AgentLedger agent) {
    setLeaf(agent.slot, agent.freeCpu(), agent.freeMemory(), agent.freeStorage(), agent.freeGpus());
  }

  @Override
  public Iterator<AgentLedger> candidates(Demand demand) {
    return new Iterator<>() {
      private int from;
      private int next = NOT_SEARCHED; // searched lazily: FIRST_FIT never asks past the first

      @Override
      public boolean hasNext() {
        if (next == NOT_SEARCHED) next = from < leaves ? first(1, 0, leaves - 1, from, demand) : -1;
        return next >= 0;
      }

      @Override
      public AgentLedger next() {
        if (!hasNext()) throw new NoSuchElementException();
        from = next + 1;
        next = NOT_SEARCHED;
        return bySlot[from - 1];
      }
    };
  }

  /** Under {@code node} (slots lo..hi), the leftmost slot from {@code from} that holds d; or -1. */
  private int first(int node, int lo, int hi, int from, Demand d) {
    if (hi < from || !holds(node, d)) return -1;
    if (lo == hi) return lo;
    int mid = (lo + hi) >>> 1;
    int left = first(2 * node, lo, mid, from, d);
    return left >= 0 ? left : first(2 * node + 1, mid + 1, hi, from, d);
  }

  private boolean holds(int node, Demand d) {
    return cpu[node] >= d.cpu()
        && memory[node] >= d.memory()
        && storage[node] >= d.storage()
        && gpus[node] >= d.gpus();
  }

  private void setLeaf(int slot, long c, long m, long s, long g) {
    int node = leaves + slot;
    cpu[node] = c;
    memory[node] = m;
    storage[node] = s;
    gpus[node] = g;
    for (node >>>= 1; node >= 1; node >>>= 1) pull(node);
  }

  private void pull(int node) {
    cpu[node] = Math.max(cpu[2 * node], cpu[2 * node + 1]);
    memory[node] = Math.max(memory[2 * node], memory[2 * node + 1]);
    storage[node] = Math.max(storage[2 * node], storage[2 * node + 1]);
    gpus[node] = Math.max(gpus[2 * node], gpus[2 * node + 1]);
  }

  /** Packs live agents into the lowest slots, in order; doubles when more than half are live. */
  private void makeRoom() {
    if (live * 2 > leaves) leaves *= 2;
    AgentLedger[] packed = new AgentLedger[leaves];
    int slot = 0;
    for (AgentLedger agent : bySlot) {
      if (agent == null) continue;
      agent.slot = slot;
      packed[slot++] = agent;
    }
    bySlot = packed;
    nextSlot = slot;
    rebuild();
  }

  private void rebuild() {
    cpu = new long[2 * leaves];
    memory = new long[2 * leaves];
    storage = new long[2 * leaves];
    gpus = new long[2 * leaves];
    for (long[] tree : new long[][] {cpu, memory, storage, gpus}) Arrays.fill(tree, Long.MIN_VALUE);
    for (int slot = 0; slot < leaves; slot++) {
      AgentLedger a = bySlot[slot];
      if (a == null) continue;
      int node = leaves + slot;
      cpu[node] = a.freeCpu();
      memory[node] = a.freeMemory();
      storage[node] = a.freeStorage();
      gpus[node] = a.freeGpus();
    }
    for (int node = leaves - 1; node >= 1; node--) pull(node);
  }
}

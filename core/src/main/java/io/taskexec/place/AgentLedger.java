package io.taskexec.place;

import io.taskexec.task.Requirements;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One agent's books: what it offers and what its live allocations hold, in {@link Units}.
 *
 * <p>Used amounts change only through {@link #grant} and {@link #release}, by exactly the same
 * integers, so an agent that holds nothing has exactly its full capacity free. The {@link
 * AgentIndex} files copies of the free amounts: callers must tell it before and after any change
 * ({@link AgentIndex#beforeUpdate}, {@link AgentIndex#afterUpdate}).
 */
final class AgentLedger {
  /** Identifies one attempt of one task. */
  record Key(String taskId, int attempt) {
    static Key of(Allocation a) {
      return new Key(a.taskId(), a.attempt());
    }
  }

  final String id;
  /** Registration order; breaks every tie. */
  final long seq;
  /** Owned by {@link FreeCpuIndex}: where this agent is filed, or null. */
  FreeCpuIndex.Node indexNode;
  /** Owned by {@link RegistrationOrderIndex}: this agent's slot, or -1. */
  int slot = -1;

  private AgentSpec spec;
  private long cpuOffered;
  private long memoryOffered;
  private long storageOffered;
  private long cpuUsed;
  private long memoryUsed;
  private long storageUsed;
  private int[] gpus = new int[0];
  private final BitSet gpusHeld = new BitSet(); // positions in gpus
  private final Map<Key, Allocation> live = new LinkedHashMap<>();

  AgentLedger(AgentSpec spec, long seq, double overcommitRatio) {
    this.id = spec.id();
    this.seq = seq;
    resize(spec, overcommitRatio);
  }

  /** New capacity; live allocations stay counted, so free amounts may go negative. */
  void resize(AgentSpec newSpec, double overcommitRatio) {
    spec = newSpec;
    cpuOffered = Units.capacity(newSpec.cpuCores() * overcommitRatio);
    memoryOffered = Units.capacity(newSpec.memoryGb());
    storageOffered = Units.capacity(newSpec.storageGb());
    gpus = newSpec.gpuIndices().stream().mapToInt(Integer::intValue).sorted().toArray();
    gpusHeld.clear();
    for (Allocation a : live.values()) {
      for (int index : a.gpuIndices()) {
        int position = Arrays.binarySearch(gpus, index);
        if (position >= 0) gpusHeld.set(position);
      }
    }
  }

  Allocation grant(Key key, Requirements req, Demand d) {
    if (!(d.cpu() <= freeCpu()
        && d.memory() <= freeMemory()
        && d.storage() <= freeStorage()
        && d.gpus() <= freeGpus())) {
      throw new IllegalStateException("broken invariant: agent " + id + " cannot hold " + req);
    }
    cpuUsed += d.cpu();
    memoryUsed += d.memory();
    storageUsed += d.storage();
    List<Integer> granted = new ArrayList<>(d.gpus());
    for (int p = gpusHeld.nextClearBit(0); granted.size() < d.gpus(); p = gpusHeld.nextClearBit(p)) {
      gpusHeld.set(p);
      granted.add(gpus[p]);
    }
    Allocation allocation = new Allocation(key.taskId(), key.attempt(), id, req, granted);
    live.put(key, allocation);
    return allocation;
  }

  /** Gives back what {@code a} held; false (and no change) when this agent does not hold it. */
  boolean release(Allocation a) {
    if (!live.remove(Key.of(a), a)) return false;
    Demand d = Demand.of(a.resources());
    cpuUsed -= d.cpu();
    memoryUsed -= d.memory();
    storageUsed -= d.storage();
    for (int index : a.gpuIndices()) {
      int position = Arrays.binarySearch(gpus, index);
      if (position >= 0) gpusHeld.clear(position);
    }
    return true;
  }

  List<Allocation> liveAllocations() {
    return List.copyOf(live.values());
  }

  AgentSpec spec() {
    return spec;
  }

  long cpuOffered() {
    return cpuOffered;
  }

  long memoryOffered() {
    return memoryOffered;
  }

  long storageOffered() {
    return storageOffered;
  }

  int gpusOffered() {
    return gpus.length;
  }

  long freeCpu() {
    return cpuOffered - cpuUsed;
  }

  long freeMemory() {
    return memoryOffered - memoryUsed;
  }

  long freeStorage() {
    return storageOffered - storageUsed;
  }

  int freeGpus() {
    return gpus.length - gpusHeld.cardinality();
  }

  AgentResources capacity() {
    return new AgentResources(
        id,
        Units.toDouble(cpuOffered),
        Units.toDouble(memoryOffered),
        Units.toDouble(storageOffered),
        Arrays.stream(gpus).boxed().toList());
  }

  AgentResources free() {
    List<Integer> freeGpus = new ArrayList<>();
    for (int p = gpusHeld.nextClearBit(0); p < gpus.length; p = gpusHeld.nextClearBit(p + 1)) {
      freeGpus.add(gpus[p]);
    }
    return new AgentResources(
        id,
        Units.toDouble(freeCpu()),
        Units.toDouble(freeMemory()),
        Units.toDouble(freeStorage()),
        freeGpus);
  }
}

package io.taskexec.bench;

import io.taskexec.place.AgentSpec;
import io.taskexec.place.PlacementResult;
import io.taskexec.place.PlacementStrategy;
import io.taskexec.place.ResourceManager;
import io.taskexec.task.Requirements;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A {@link ResourceManager} with agents of varied size and varied free capacity, the same for
 * every strategy: agents of 4 to 64 cores with 2 to 8 GB per core, one in ten with four GPUs, and
 * two in three partly allocated, some with cpu to spare but memory full, so that the candidate
 * walk of BEST_FIT and SPREAD must pass over agents that the filters refuse.
 *
 * <p>To allocate on a chosen agent whatever the strategy, agents are first registered empty (zero
 * capacity), each one to fill is then given exactly its filler's size and the filler placed (no
 * other agent has room, so it lands there), and finally every agent is resized to its real
 * capacity, keeping its allocations.
 */
final class PlacementFixture {
  /** The demands placed and released in turn: cores, GB of memory, GB of disk, GPUs. */
  static final List<Requirements> DEMANDS = List.of(
      new Requirements(0.5, 1, 1, 0), new Requirements(1, 4, 5, 0), new Requirements(2, 2, 10, 0),
      new Requirements(4, 16, 20, 0), new Requirements(1, 8, 2, 0), new Requirements(2, 1, 1, 0),
      new Requirements(0.5, 2, 5, 0), new Requirements(2, 8, 10, 1));

  private static final double[] CORES = {4, 8, 16, 32, 64};
  private static final double[] GB_PER_CORE = {2, 4, 8};
  private static final double[] DISK = {100, 250, 500, 1000};
  private static final double[] FILL = {0.25, 0.5, 0.75, 0.9375, 1.0};

  private PlacementFixture() {}

  static ResourceManager build(PlacementStrategy strategy, int agents, long seed) {
    ResourceManager rm = new ResourceManager(strategy, 1.0);
    SplittableRandom random = new SplittableRandom(seed);
    List<AgentSpec> full = new ArrayList<>(agents);
    for (int i = 0; i < agents; i++) {
      full.add(agent(i, random));
      rm.addAgent(new AgentSpec(id(i), 0, 0, 0, List.of(), Map.of()));
    }
    for (int i = 0; i < agents; i++) {
      if (i % 3 == 2) continue;
      AgentSpec a = full.get(i);
      Requirements filler = filler(i, a, random);
      rm.addAgent(new AgentSpec(a.id(), filler.cpuCores(), filler.memoryGb(), filler.storageGb(),
          a.gpuIndices().subList(0, filler.gpuUnits()), Map.of()));
      PlacementResult r = rm.place("filler-" + i, 1, filler);
      if (!(r instanceof PlacementResult.Placed p) || !p.allocation().agentId().equals(a.id())) {
        throw new IllegalStateException("filler of " + a.id() + " was not placed on it: " + r);
      }
    }
    for (AgentSpec a : full) rm.addAgent(a);
    return rm;
  }

  /** Throws unless every demand of {@link #DEMANDS} can be placed now (and releases it again). */
  static void checkPlaceable(ResourceManager rm) {
    for (Requirements d : DEMANDS) {
      PlacementResult r = rm.place("check", 1, d);
      if (!(r instanceof PlacementResult.Placed p)) throw new IllegalStateException("cannot place " + d + ": " + r);
      rm.release(p.allocation());
    }
  }

  private static String id(int i) {
    return "agent-" + i;
  }

  /** Agent 0 is large and has GPUs, so that every demand fits even when it is the only agent. */
  private static AgentSpec agent(int i, SplittableRandom random) {
    double cores = i == 0 ? 64 : CORES[random.nextInt(CORES.length)];
    double memory = cores * (i == 0 ? 4 : GB_PER_CORE[random.nextInt(GB_PER_CORE.length)]);
    double disk = i == 0 ? 1000 : DISK[random.nextInt(DISK.length)];
    return AgentSpec.of(id(i), cores, memory, disk, i % 10 == 0 ? 4 : 0);
  }

  /** Fills cpu and memory by independent fractions (exact in binary), disk by a tenth. */
  private static Requirements filler(int i, AgentSpec a, SplittableRandom random) {
    double cpuFill = i == 0 ? 0.5 : FILL[random.nextInt(FILL.length)];
    double memFill = i == 0 ? 0.5 : FILL[random.nextInt(FILL.length)];
    return new Requirements(a.cpuCores() * cpuFill, a.memoryGb() * memFill, a.storageGb() / 10,
        a.gpuCount() / 2);
  }
}

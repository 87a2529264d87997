package io.taskexec.place;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * Victim selection for preemption: which running allocations a task of higher priority may stop
 * to make room for itself. A pure function of the ledger; the caller stops the victims, records
 * their attempts as preempted, requeues their tasks and then places the task.
 *
 * <p>The rule, per agent that could hold the demand when empty: only allocations of a priority
 * <em>strictly below</em> the task's are candidates; they are taken lowest priority first, and
 * among equals the most recently placed first (it has lost the least work); taking stops as soon
 * as the demand fits, and a second pass drops every victim that is not needed after all (highest
 * priority first). Among agents where this succeeds, the one whose highest victim priority is
 * lowest wins, then the one with fewest victims, then the earliest registered.
 *
 * <p>Cost: O(allocations log allocations) over the agents; only for a task that does not fit.
 */
public final class Preemption {
  /**
   * Stop {@code victims} (all on {@code agentId}) and the task fits there.
   *
   * @param highestVictimPriority the highest priority among the victims
   */
  public record Plan(String agentId, List<Allocation> victims, int highestVictimPriority) {
    public Plan {
      victims = List.copyOf(victims);
    }
  }

  private Preemption() {}

  static Optional<Plan> plan(
      Collection<AgentLedger> agents, Demand d, int priority, ToIntFunction<Allocation> priorityOf) {
    Plan best = null;
    for (AgentLedger agent : agents) {
      Plan p = onAgent(agent, d, priority, priorityOf);
      if (p != null && (best == null
          || p.highestVictimPriority() < best.highestVictimPriority()
          || (p.highestVictimPriority() == best.highestVictimPriority()
              && p.victims().size() < best.victims().size()))) {
        best = p;
      }
    }
    return Optional.ofNullable(best);
  }

  private static Plan onAgent(
      AgentLedger agent, Demand d, int priority, ToIntFunction<Allocation> priorityOf) {
    if (d.cpu() > agent.cpuOffered() || d.memory() > agent.memoryOffered()
        || d.storage() > agent.storageOffered() || d.gpus() > agent.gpusOffered()) {
      return null;
    }
    List<Allocation> live = agent.liveAllocations();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < live.size(); i++) {
      if (priorityOf.applyAsInt(live.get(i)) < priority) order.add(i);
    }
    // lowest priority first; among equals the later placed (higher position) first
    order.sort(Comparator.<Integer>comparingInt(i -> priorityOf.applyAsInt(live.get(i)))
        .thenComparing(Comparator.<Integer>reverseOrder()));
    long cpu = agent.freeCpu();
    long memory = agent.freeMemory();
    long storage = agent.freeStorage();
    long gpus = agent.freeGpus();
    List<Allocation> victims = new ArrayList<>();
    List<Demand> freed = new ArrayList<>();
    for (int i : order) {
      if (fits(d, cpu, memory, storage, gpus)) break;
      Allocation a = live.get(i);
      Demand f = Demand.of(a.resources());
      victims.add(a);
      freed.add(f);
      cpu += f.cpu();
      memory += f.memory();
      storage += f.storage();
      gpus += a.gpuIndices().size();
    }
    if (victims.isEmpty() || !fits(d, cpu, memory, storage, gpus)) {
      return null; // fits without preemption (not our question), or cannot be made to fit
    }
    for (int k = victims.size() - 1; k >= 0; k--) { // drop victims that are not needed after all
      Demand f = freed.get(k);
      int g = victims.get(k).gpuIndices().size();
      if (fits(d, cpu - f.cpu(), memory - f.memory(), storage - f.storage(), gpus - g)) {
        cpu -= f.cpu();
        memory -= f.memory();
        storage -= f.storage();
        gpus -= g;
        victims.remove(k);
        freed.remove(k);
      }
    }
    int highest = Integer.MIN_VALUE;
    for (Allocation a : victims) highest = Math.max(highest, priorityOf.applyAsInt(a));
    return new Plan(agent.id, victims, highest);
  }

  private static boolean fits(Demand d, long cpu, long memory, long storage, long gpus) {
    return d.cpu() <= cpu && d.memory() <= memory && d.storage() <= storage && d.gpus() <= gpus;
  }
}

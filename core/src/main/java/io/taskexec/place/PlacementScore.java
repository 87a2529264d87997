package io.taskexec.place;

/**
 * How good an agent that fits is for a demand.
 *
 * <p>Contract: returns a value in [0, 1], higher is better; called only for agents that passed
 * every {@link PlacementFilter}; pure and cheap, like a filter. Equal scores are broken by
 * registration order, never by this interface.
 */
@FunctionalInterface
interface PlacementScore {
  double score(AgentLedger agent, Demand demand);

  /**
   * BEST_FIT: {@code 1 - leftover}, so the agent left with the least room scores highest. 1 means
   * the task fills every resource the agent offers, 0 means the agent stays entirely free.
   */
  PlacementScore LEAST_LEFTOVER = (agent, demand) -> 1 - leftover(agent, demand);

  /** SPREAD: {@code leftover}, so the agent left with the most room scores highest. */
  PlacementScore MOST_LEFTOVER = PlacementScore::leftover;

  /** FIRST_FIT: all agents equal, so the first candidate (registration order) wins. */
  PlacementScore NONE = (agent, demand) -> 0;

  /**
   * The mean, over cpu, memory, storage and GPUs, of the fraction of the agent's offer that is
   * still free after placing: {@code (free - demand) / offered}, clamped to [0, 1]. A resource
   * the agent does not offer (offered = 0, typically GPUs) counts as 0 left over, so BEST_FIT
   * keeps GPU agents for GPU tasks. Result in [0, 1].
   */
  static double leftover(AgentLedger a, Demand d) {
    return (fraction(a.freeCpu() - d.cpu(), a.cpuOffered())
            + fraction(a.freeMemory() - d.memory(), a.memoryOffered())
            + fraction(a.freeStorage() - d.storage(), a.storageOffered())
            + fraction(a.freeGpus() - d.gpus(), a.gpusOffered()))
        / 4;
  }

  private static double fraction(long left, long offered) {
    return offered <= 0 ? 0 : Math.clamp((double) left / offered, 0.0, 1.0);
  }
}

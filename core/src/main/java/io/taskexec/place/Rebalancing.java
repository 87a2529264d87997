package io.taskexec.place;

import java.util.List;

/**
 * Rebalancing: placements that wait on a busy agent (placed, not started: the agent is slow to
 * take them, or has no free worker) move to an agent with room that is not busy. See {@link
 * ResourceManager#rebalance}; the caller runs it every {@code rebalance_interval} and hands each
 * moved task to its new agent.
 */
public final class Rebalancing {
  private Rebalancing() {}

  /** {@code from} was released and {@code to} granted for the same attempt on another agent. */
  public record Move(Allocation from, Allocation to) {}

  /** What a rebalancing pass did. */
  public record Result(List<Move> moves, int stayed) {
    public Result {
      moves = List.copyOf(moves);
    }
  }
}

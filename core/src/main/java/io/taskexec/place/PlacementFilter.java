package io.taskexec.place;

/**
 * One feasibility check: can this agent hold this demand now?
 *
 * <p>Contract: pure (no side effects, no I/O, never blocks), cheap (it runs for every candidate
 * on the hot path), and exact: {@code false} must mean the agent really has no room, because an
 * agent refused by a filter is counted as a reason in {@link PlacementResult.Unplaceable}.
 */
@FunctionalInterface
interface PlacementFilter {
  boolean fits(AgentLedger agent, Demand demand);
}

package io.taskexec.place;

import java.util.Iterator;

/**
 * Hands agents to the placement pipeline in a strategy's order, fast.
 *
 * <p>Contract: {@link #candidates} may skip an agent only when it cannot hold the demand; it never
 * omits one that can, so an empty walk means "unplaceable now". Implementations file copies of
 * an agent's free amounts, so every change to its books must be bracketed by {@link
 * #beforeUpdate} and {@link #afterUpdate}. Not thread-safe.
 */
interface AgentIndex {
  void add(AgentLedger agent);

  void remove(AgentLedger agent);

  void beforeUpdate(AgentLedger agent);

  void afterUpdate(AgentLedger agent);

  /** A lazy walk over the agents that may fit, in this index's order; valid until the next change. */
  Iterator<AgentLedger> candidates(Demand demand);
}

package io.taskexec.engine;

import io.taskexec.error.FailureKind;
import java.util.List;

/**
 * Hands attempts placed on remote agents to a transport, instead of to the engine's worker pool.
 * Set one with {@link EngineBuilder#remoteAgents}; agents then come and go at runtime through
 * {@link TaskExecutionEngine#addAgent} and {@link TaskExecutionEngine#removeAgent}, and what they
 * report comes back through {@link TaskExecutionEngine#report}.
 *
 * <p>Both methods are called on the scheduler thread and must not block: queue the work and
 * return. An attempt that is handed out but never reported is ended when its agent is removed.
 */
public interface AttemptDispatcher {
  /**
   * The scheduler round's placements, in placement order (usually many per call). Their
   * {@code PLACED} events have been handed to the store before this call, so a dispatcher can
   * {@link io.taskexec.store.StateStore#flush} the store before the placements leave (write-ahead).
   */
  void dispatch(List<Placement> placements);

  /**
   * Asks the agent running {@code placement} to stop it. The agent reports the end as usual, with
   * the failure {@code reason}; {@link FailureKind#LOST_WORKER} means the engine has given the
   * attempt up already (the agent was removed, or the engine stops) and needs no report.
   */
  void cancel(Placement placement, FailureKind reason);
}

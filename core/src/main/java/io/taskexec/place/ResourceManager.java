package io.taskexec.place;

import io.taskexec.task.Requirements;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The resource ledger and the placement pipeline: candidates, then filters, then scores, then the
 * pick, composed in the constructor.
 *
 * <p>Placement semantics, with n agents and every tie broken by registration order:
 *
 * <ul>
 *   <li>{@link PlacementStrategy#BEST_FIT}: order the agents by free cpu, least first; take the
 *       first that has room for everything and the next {@value #LOOK_AHEAD} that do; pick the
 *       one with the highest {@link PlacementScore#LEAST_LEFTOVER} (least room left over across
 *       cpu, memory, storage and GPUs).
 *   <li>{@link PlacementStrategy#SPREAD}: the same with the most free cpu first, picking the
 *       highest {@link PlacementScore#MOST_LEFTOVER} (most room left over) among those.
 *   <li>{@link PlacementStrategy#FIRST_FIT}: the first agent in registration order that fits.
 * </ul>
 *
 * <p>Costs, with n agents: placing and releasing are O(log n) expected, the index skipping whole
 * groups of agents that cannot fit (see {@link FreeCpuIndex} and {@link
 * RegistrationOrderIndex} for when that degrades). An
 * unplaceable answer, {@link #neverFits} and {@link #removeAgent} cost O(n).
 *
 * <p>Not thread-safe: owned by the engine's scheduler loop, the one writer of scheduling state.
 * Nothing here blocks. Every allocation handed out by {@link #place} must come back through
 * {@link #release}, which is idempotent, or be returned by {@link #removeAgent}.
 */
public final class ResourceManager {
  /** Feasible candidates scored after the first one, for BEST_FIT and SPREAD. */
  public static final int LOOK_AHEAD = 4;

  private final PlacementStrategy strategy;
  private final double overcommitRatio;
  private final AgentIndex candidates;
  private final List<PlacementFilter> filters;
  private final PlacementScore score;
  private final int lookAhead;
  private final Map<String, AgentLedger> agents = new LinkedHashMap<>();
  private final Map<AgentLedger.Key, Allocation> live = new LinkedHashMap<>();
  private final PlacementDiagnosis diagnosis;
  private long nextSeq;

  /**
   * @param overcommitRatio cpu cores offered = physical cores * ratio (finite, >= 1); memory,
   *     storage and GPUs are never overcommitted
   */
  public ResourceManager(PlacementStrategy strategy, double overcommitRatio) {
    this.strategy = Objects.requireNonNull(strategy, "strategy");
    if (!(overcommitRatio >= 1.0) || Double.isInfinite(overcommitRatio)) {
      throw new IllegalArgumentException(
          "overcommitRatio must be a finite number >= 1.0 (cpu offered = cores * ratio), got "
              + overcommitRatio);
    }
    this.overcommitRatio = overcommitRatio;
    // 1. Candidates: the index walks the agents that fit, in the strategy's order, skipping whole
    //    groups of agents that cannot, so the pick below sees the best agents first, fast, and
    //    an empty walk means that no agent has room.
    this.candidates = switch (strategy) {
      case BEST_FIT -> FreeCpuIndex.leastFirst();
      case SPREAD -> FreeCpuIndex.mostFirst();
      case FIRST_FIT -> new RegistrationOrderIndex();
    };
    // 2. Filters: the definition of "fits", one exact check per resource. The index skips by the
    //    same bounds, so on the fast path they only confirm; a constraint the index knows nothing
    //    about (labels, say) would plug in here. On the slow path each agent's refusals are
    //    counted per filter to explain the wait.
    this.filters = List.of(Resource.CPU, Resource.MEMORY, Resource.GPU, Resource.STORAGE);
    // 3. Score: in [0, 1], higher is better; only agents that passed every filter are scored.
    this.score = switch (strategy) {
      case BEST_FIT -> PlacementScore.LEAST_LEFTOVER;
      case SPREAD -> PlacementScore.MOST_LEFTOVER;
      case FIRST_FIT -> PlacementScore.NONE;
    };
    // 4. Pick: the best of the first feasible candidate and lookAhead more; ties to the earlier
    //    registered agent. FIRST_FIT needs no look-ahead: its first feasible candidate is the answer.
    this.lookAhead = strategy == PlacementStrategy.FIRST_FIT ? 0 : LOOK_AHEAD;
    this.diagnosis = new PlacementDiagnosis(agents.values(), overcommitRatio);
  }

  public PlacementStrategy strategy() {
    return strategy;
  }

  public double overcommitRatio() {
    return overcommitRatio;
  }

  /**
   * Adds an agent, or replaces the capacity of one with the same id. A replaced agent keeps its
   * place in registration order and its live allocations, which stay counted against the new
   * capacity (free amounts may go negative until they are released; GPU indices it no longer
   * offers are simply dropped on release).
   *
   * @throws IllegalArgumentException when the agent lists a GPU index twice or a negative one
   */
  public void addAgent(AgentSpec agent) {
    Objects.requireNonNull(agent, "agent");
    checkGpuIndices(agent);
    AgentLedger existing = agents.get(agent.id());
    if (existing == null) {
      AgentLedger ledger = new AgentLedger(agent, nextSeq++, overcommitRatio);
      agents.put(agent.id(), ledger);
      candidates.add(ledger);
      return;
    }
    candidates.beforeUpdate(existing);
    existing.resize(agent, overcommitRatio);
    candidates.afterUpdate(existing);
  }

  /**
   * Removes an agent; returns the allocations it held, in placement order, already released
   * from the ledger (releasing them again is a no-op). Unknown ids give an empty list.
   */
  public List<Allocation> removeAgent(String agentId) {
    AgentLedger ledger = agents.remove(agentId);
    if (ledger == null) return List.of();
    candidates.remove(ledger);
    List<Allocation> held = ledger.liveAllocations();
    for (Allocation a : held) live.remove(AgentLedger.Key.of(a));
    return held;
  }

  /** The registered agents, in registration order. */
  public Collection<AgentSpec> agents() {
    return agents.values().stream().map(AgentLedger::spec).toList();
  }

  /**
   * Places one attempt of a task, or says why it cannot be placed now. Never {@code null}.
   *
   * @throws IllegalStateException when this attempt already holds a live allocation
   */
  public PlacementResult place(String taskId, int attempt, Requirements req) {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(req, "req");
    AgentLedger.Key key = new AgentLedger.Key(taskId, attempt);
    Allocation held = live.get(key);
    if (held != null) {
      throw new IllegalStateException(
          "task " + taskId + " attempt " + attempt + " is already placed on " + held.agentId());
    }
    Demand demand = Demand.of(req);
    try {
      AgentLedger chosen = pick(demand);
      if (chosen != null) return new PlacementResult.Placed(grant(chosen, key, req, demand));
      PlacementResult.Unplaceable why = diagnosis.unplaceable(filters, demand);
      if (!why.reasons().isEmpty()) return why;
      return new PlacementResult.Error("no agent was picked, yet none refused " + req, null);
    } catch (RuntimeException e) {
      return new PlacementResult.Error("placing " + taskId + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * As {@link #place}, without the explanation: the allocation, or null when no agent has room
   * now. For callers that try many tasks against a full cluster (a simulator, a backfill pass),
   * where the O(agents) diagnosis of every miss would dominate.
   *
   * @throws IllegalStateException when this attempt already holds a live allocation
   */
  public Allocation tryPlace(String taskId, int attempt, Requirements req) {
    AgentLedger.Key key = new AgentLedger.Key(Objects.requireNonNull(taskId, "taskId"), attempt);
    if (live.containsKey(key)) {
      throw new IllegalStateException(
          "task " + taskId + " attempt " + attempt + " is already placed on "
              + live.get(key).agentId());
    }
    Demand demand = Demand.of(Objects.requireNonNull(req, "req"));
    AgentLedger chosen = pick(demand);
    return chosen == null ? null : grant(chosen, key, req, demand);
  }

  /**
   * Which running allocations to stop so that {@code req} fits, or empty when no choice of
   * allocations with a priority strictly below {@code priority} makes room on any agent. Changes
   * nothing; see {@link Preemption} for the rule.
   *
   * @param priorityOf the priority of the task that holds an allocation
   */
  public Optional<Preemption.Plan> planPreemption(
      Requirements req, int priority, java.util.function.ToIntFunction<Allocation> priorityOf) {
    return Preemption.plan(agents.values(), Demand.of(req), priority, priorityOf);
  }

  private AgentLedger pick(Demand demand) {
    AgentLedger best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    int feasible = 0;
    for (Iterator<AgentLedger> it = candidates.candidates(demand); it.hasNext(); ) {
      AgentLedger agent = it.next();
      if (!passesFilters(agent, demand)) continue;
      double s = score.score(agent, demand);
      if (s > bestScore || (s == bestScore && agent.seq < best.seq)) {
        best = agent;
        bestScore = s;
      }
      if (++feasible > lookAhead) break;
    }
    return best;
  }

  private boolean passesFilters(AgentLedger agent, Demand demand) {
    for (int i = 0; i < filters.size(); i++) {
      if (!filters.get(i).fits(agent, demand)) return false;
    }
    return true;
  }

  private Allocation grant(AgentLedger agent, AgentLedger.Key key, Requirements req, Demand d) {
    candidates.beforeUpdate(agent);
    try {
      Allocation allocation = agent.grant(key, req, d);
      live.put(key, allocation);
      return allocation;
    } finally {
      candidates.afterUpdate(agent);
    }
  }

  /**
   * Returns an allocation's resources to its agent. Idempotent: releasing twice, an allocation
   * of a removed agent, or one this manager never handed out, is a no-op.
   */
  public void release(Allocation allocation) {
    Objects.requireNonNull(allocation, "allocation");
    AgentLedger.Key key = AgentLedger.Key.of(allocation);
    if (!allocation.equals(live.get(key))) return;
    live.remove(key);
    AgentLedger agent = agents.get(allocation.agentId());
    candidates.beforeUpdate(agent);
    agent.release(allocation);
    candidates.afterUpdate(agent);
  }

  /**
   * Moves placements that wait on a busy agent to agents with room that are not busy. Each of
   * {@code waiting} that is live and on an agent {@code busy} says is busy is tried, in the given
   * order: the agent chosen is the best by this manager's strategy among the agents that are not
   * busy and not its own, and the allocation moves there (same task and attempt; GPU indices may
   * differ); when none has room, it stays. Allocations not live or on a non-busy agent are left
   * alone. O(waiting * agents).
   *
   * @param busy whether an agent is busy (cannot start what waits on it soon)
   */
  public Rebalancing.Result rebalance(Collection<Allocation> waiting,
      java.util.function.Predicate<String> busy) {
    List<Rebalancing.Move> moves = new java.util.ArrayList<>();
    int stayed = 0;
    for (Allocation a : waiting) {
      AgentLedger.Key key = AgentLedger.Key.of(a);
      if (!a.equals(live.get(key)) || !busy.test(a.agentId())) continue;
      Demand d = Demand.of(a.resources());
      AgentLedger best = null;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (AgentLedger agent : agents.values()) {
        if (agent.id.equals(a.agentId()) || busy.test(agent.id) || !passesFilters(agent, d)) continue;
        double sc = score.score(agent, d);
        if (sc > bestScore) {
          best = agent;
          bestScore = sc;
        }
      }
      if (best == null) {
        stayed++;
        continue;
      }
      release(a);
      moves.add(new Rebalancing.Move(a, grant(best, key, a.resources(), d)));
    }
    return new Rebalancing.Result(moves, stayed);
  }

  /**
   * Empty when some agent could hold {@code req} on its own when empty (cpu counted with
   * overcommit); otherwise the reason, e.g. "needs 64 cpu cores; the largest agent has 16", or
   * "no agents are registered". O(n) in the worst case, O(1) when the first agent fits.
   */
  public Optional<String> neverFits(Requirements req) {
    return diagnosis.neverFits(Demand.of(Objects.requireNonNull(req, "req")));
  }

  /** Number of live allocations (for leak checks). */
  public int allocationCount() {
    return live.size();
  }

  /** The live allocations, in placement order. */
  public List<Allocation> allocations() {
    return List.copyOf(live.values());
  }

  /** What the agent offers when empty (cpu with overcommit); empty for an unknown id. */
  public Optional<AgentResources> capacity(String agentId) {
    return Optional.ofNullable(agents.get(agentId)).map(AgentLedger::capacity);
  }

  /** What the agent has free now; empty for an unknown id. */
  public Optional<AgentResources> free(String agentId) {
    return Optional.ofNullable(agents.get(agentId)).map(AgentLedger::free);
  }

  private static void checkGpuIndices(AgentSpec agent) {
    Set<Integer> seen = new HashSet<>();
    for (int index : agent.gpuIndices()) {
      if (index < 0 || !seen.add(index)) {
        throw new IllegalArgumentException(
            "agent " + agent.id() + " lists GPU index " + index
                + (index < 0 ? ", which is negative" : " twice") + ": " + agent.gpuIndices());
      }
    }
  }
}

package io.taskexec.place;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Why a demand cannot be placed, in words a person can act on; the counterpart of Nomad's
 * AllocMetric. Runs only on the slow path (nothing fits), in O(agents).
 *
 * <p>Each agent is checked against every filter, not just the first it fails, so that the
 * reasons name every resource that is short: "cpu: 3 of 4 agents short (needs 8, most free 6)",
 * where "most free" is the most any of the short agents has free.
 */
final class PlacementDiagnosis {
  static final String NO_AGENTS = "no agents are registered";

  private final Collection<AgentLedger> agents;
  private final double overcommitRatio;

  PlacementDiagnosis(Collection<AgentLedger> agents, double overcommitRatio) {
    this.agents = agents;
    this.overcommitRatio = overcommitRatio;
  }

  /** Counted reasons, led by the {@link #neverFits} reason when there is one. */
  PlacementResult.Unplaceable unplaceable(List<PlacementFilter> filters, Demand d) {
    if (agents.isEmpty()) return new PlacementResult.Unplaceable(List.of(NO_AGENTS), false);
    Optional<String> never = neverFits(d);
    List<String> reasons = new ArrayList<>();
    never.ifPresent(reasons::add);
    for (PlacementFilter filter : filters) {
      int refused = 0;
      long mostFree = Long.MIN_VALUE;
      for (AgentLedger agent : agents) {
        if (filter.fits(agent, d)) continue;
        refused++;
        if (filter instanceof Resource r) mostFree = Math.max(mostFree, r.free(agent));
      }
      if (refused > 0) reasons.add(reason(filter, refused, mostFree, d));
    }
    return new PlacementResult.Unplaceable(List.copyOf(reasons), never.isEmpty());
  }

  private String reason(PlacementFilter filter, int refused, long mostFree, Demand d) {
    String counted = refused + " of " + agents.size() + (agents.size() == 1 ? " agent" : " agents");
    if (!(filter instanceof Resource r)) return filter + ": " + counted + " refused";
    return r.label() + ": " + counted + " short (needs " + r.withUnit(r.demanded(d))
        + ", most free " + r.withUnit(Math.max(0, mostFree)) + ")";
  }

  /** Empty when some agent could hold the demand if it held nothing else. */
  Optional<String> neverFits(Demand d) {
    if (agents.isEmpty()) return Optional.of(NO_AGENTS);
    for (AgentLedger agent : agents) {
      if (fitsEmpty(agent, d)) return Optional.empty();
    }
    List<String> tooBig = new ArrayList<>();
    for (Resource r : Resource.values()) {
      long largest = agents.stream().mapToLong(r::offered).max().orElse(0);
      if (r.demanded(d) > largest) tooBig.add(tooBig(r, d));
    }
    if (!tooBig.isEmpty()) return Optional.of(String.join("; ", tooBig));
    return Optional.of("no single agent has " + everything(d) + " at once");
  }

  private static boolean fitsEmpty(AgentLedger agent, Demand d) {
    for (Resource r : Resource.values()) {
      if (!r.fitsEmpty(agent, d)) return false;
    }
    return true;
  }

  /** "needs 64 cpu cores; the largest agent has 16 (offers 24 with overcommit 1.5)". */
  private String tooBig(Resource r, Demand d) {
    String needs = "needs " + r.describe(r.demanded(d)) + "; the largest agent has ";
    if (r != Resource.CPU || overcommitRatio == 1.0) {
      return needs + r.withUnit(agents.stream().mapToLong(r::offered).max().orElse(0));
    }
    long physical =
        agents.stream().mapToLong(a -> Units.capacity(a.spec().cpuCores())).max().orElse(0);
    long offered = agents.stream().mapToLong(r::offered).max().orElse(0);
    return needs + r.withUnit(physical) + " (offers " + r.withUnit(offered)
        + " with overcommit " + overcommitRatio + ")";
  }

  /** "8 cpu cores, 32 GB memory and 1 GPUs", naming only what is asked for. */
  private static String everything(Demand d) {
    List<String> parts = new ArrayList<>();
    for (Resource r : Resource.values()) {
      if (r.demanded(d) > 0) parts.add(r.describe(r.demanded(d)));
    }
    if (parts.size() == 1) return parts.get(0);
    return String.join(", ", parts.subList(0, parts.size() - 1))
        + " and " + parts.get(parts.size() - 1);
  }
}

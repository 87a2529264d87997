package io.taskexec.place;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskexec.task.Requirements;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Random clusters with random placements, some agents busy: after a rebalancing pass every
 * task still holds exactly one allocation (no double placement, none lost), every move went from
 * a busy agent to a non-busy one, the ledger's free amounts equal capacity less what the live
 * allocations hold (no leak), and a placement that stayed on a busy agent had nowhere to go.
 */
class RebalancingPropertyTest {

  @Property(tries = 300)
  void movesKeepOneAllocationPerTaskAndLeakNothing(
      @ForAll("sizes") List<Integer> sizes, @ForAll @IntRange(min = 2, max = 5) int agents,
      @ForAll("busyMasks") int busyMask, @ForAll PlacementStrategy strategy) {
    ResourceManager rm = new ResourceManager(strategy, 1.0);
    for (int a = 0; a < agents; a++) rm.addAgent(AgentSpec.of("a" + a, 8, 32, 100, 2));
    List<Allocation> placed = new ArrayList<>();
    for (int i = 0; i < sizes.size(); i++) {
      int s = sizes.get(i);
      Allocation a = rm.tryPlace("t" + i, 0, new Requirements(s * 0.5, s, 0, s % 3 == 0 ? 1 : 0));
      if (a != null) placed.add(a);
    }
    Set<String> busy = new HashSet<>();
    for (int a = 0; a < agents; a++) if ((busyMask >> a & 1) == 1) busy.add("a" + a);
    int before = rm.allocationCount();
    Rebalancing.Result r = rm.rebalance(placed, busy::contains);
    assertThat(rm.allocationCount()).isEqualTo(before);
    Map<String, Integer> perTask = new HashMap<>();
    for (Allocation a : rm.allocations()) perTask.merge(a.taskId(), 1, Integer::sum);
    assertThat(perTask.values()).allMatch(n -> n == 1);
    assertThat(perTask.keySet()).hasSize(placed.size());
    for (Rebalancing.Move m : r.moves()) {
      assertThat(busy).contains(m.from().agentId());
      assertThat(busy).doesNotContain(m.to().agentId());
      assertThat(m.to().taskId()).isEqualTo(m.from().taskId());
      assertThat(m.to().attempt()).isEqualTo(m.from().attempt());
      assertThat(rm.allocations()).contains(m.to()).doesNotContain(m.from());
    }
    int onBusyBefore = (int) placed.stream().filter(a -> busy.contains(a.agentId())).count();
    assertThat(r.moves().size() + r.stayed()).isEqualTo(onBusyBefore);
    // no leak: free = capacity - held, per agent
    for (int a = 0; a < agents; a++) {
      String id = "a" + a;
      double cpu = 0;
      double mem = 0;
      int gpus = 0;
      for (Allocation x : rm.allocations()) {
        if (!x.agentId().equals(id)) continue;
        cpu += x.resources().cpuCores();
        mem += x.resources().memoryGb();
        gpus += x.gpuIndices().size();
      }
      AgentResources free = rm.free(id).orElseThrow();
      assertThat(free.cpuCores()).isCloseTo(8 - cpu, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(free.memoryGb()).isCloseTo(32 - mem, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(free.gpuIndices()).hasSize(2 - gpus);
    }
    // what stayed on a busy agent fits on no non-busy agent now
    for (Allocation a : rm.allocations()) {
      if (!busy.contains(a.agentId())) continue;
      for (AgentSpec agent : rm.agents()) {
        if (busy.contains(agent.id())) continue;
        AgentResources f = rm.free(agent.id()).orElseThrow();
        boolean fits = a.resources().cpuCores() <= f.cpuCores() + 1e-9
            && a.resources().memoryGb() <= f.memoryGb() + 1e-9
            && a.resources().gpuUnits() <= f.gpuIndices().size();
        assertThat(fits).as(a + " could have moved to " + agent.id()).isFalse();
      }
    }
  }

  @Test
  void aWaitingPlacementMovesOffABusyAgent() {
    ResourceManager rm = new ResourceManager(PlacementStrategy.FIRST_FIT, 1.0);
    rm.addAgent(AgentSpec.of("slow", 8, 32, 100, 0));
    rm.addAgent(AgentSpec.of("idle", 8, 32, 100, 0));
    Allocation a = rm.tryPlace("t", 1, Requirements.of(2, 4, 0));
    assertThat(a.agentId()).isEqualTo("slow");
    Rebalancing.Result r = rm.rebalance(List.of(a), "slow"::equals);
    assertThat(r.moves()).hasSize(1);
    assertThat(r.moves().get(0).to().agentId()).isEqualTo("idle");
    assertThat(rm.free("slow").orElseThrow().cpuCores()).isEqualTo(8.0);
    assertThat(rm.rebalance(List.of(a), "slow"::equals).moves()).as("a stale allocation is ignored").isEmpty();
  }

  @Provide
  Arbitrary<List<Integer>> sizes() {
    return Arbitraries.integers().between(1, 8).list().ofMaxSize(25);
  }

  @Provide
  Arbitrary<Integer> busyMasks() {
    return Arbitraries.integers().between(0, 31);
  }
}

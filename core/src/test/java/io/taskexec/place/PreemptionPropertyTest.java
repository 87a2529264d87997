package io.taskexec.place;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskexec.task.Requirements;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Victim selection against brute force: a cluster filled with tasks of random sizes and
 * priorities, then a task that does not fit. The plan, when there is one, names only allocations
 * of strictly lower priority, each live and on the planned agent; once they are released the
 * task fits there; and no victim is superfluous. When there is none, no agent could be freed
 * enough even by stopping every lower-priority allocation on it.
 */
class PreemptionPropertyTest {
  record Job(double cpu, double memory, int gpus, int priority) {}

  @Property(tries = 300)
  void victimsAreLowerPriorityLiveAndSufficientAndNothingLeaks(
      @ForAll("jobs") List<Job> jobs, @ForAll("jobs") List<Job> incoming,
      @ForAll @IntRange(min = 1, max = 4) int agents) {
    ResourceManager rm = new ResourceManager(PlacementStrategy.BEST_FIT, 1.0);
    for (int a = 0; a < agents; a++) rm.addAgent(AgentSpec.of("a" + a, 8, 32, 100, 2));
    Map<String, Integer> priority = new HashMap<>();
    int n = 0;
    for (Job j : jobs) {
      String id = "t" + n++;
      if (rm.tryPlace(id, 0, req(j)) != null) priority.put(id, j.priority());
    }
    for (Job j : incoming) {
      String id = "t" + n++;
      Requirements r = req(j);
      if (rm.tryPlace(id, 0, r) != null) {
        priority.put(id, j.priority());
        continue;
      }
      int before = rm.allocationCount();
      Optional<Preemption.Plan> plan = rm.planPreemption(r, j.priority(), a -> priority.get(a.taskId()));
      assertThat(rm.allocationCount()).as("planning changes nothing").isEqualTo(before);
      if (plan.isEmpty()) {
        assertThat(couldFreeAny(rm, r, j.priority(), priority)).isFalse();
        continue;
      }
      Preemption.Plan p = plan.get();
      List<Allocation> live = rm.allocations();
      assertThat(p.victims()).isNotEmpty().allSatisfy(v -> {
        assertThat(priority.get(v.taskId())).isLessThan(j.priority());
        assertThat(live).contains(v);
        assertThat(v.agentId()).isEqualTo(p.agentId());
      });
      // no victim is superfluous: without any one of them the task would not fit
      for (Allocation spared : p.victims()) {
        assertThat(fitsAfterReleasing(rm, p.agentId(), r, p.victims(), spared)).isFalse();
      }
      for (Allocation v : p.victims()) rm.release(v);
      assertThat(rm.allocationCount()).isEqualTo(before - p.victims().size());
      Allocation placed = rm.tryPlace(id, 0, r);
      assertThat(placed).isNotNull();
      priority.put(id, j.priority());
    }
    // no leak: releasing everything leaves every agent whole
    for (Allocation a : rm.allocations()) rm.release(a);
    for (int a = 0; a < agents; a++) {
      assertThat(rm.free("a" + a)).contains(rm.capacity("a" + a).orElseThrow());
    }
  }

  @Test
  void equalPriorityIsNeverAVictim() {
    ResourceManager rm = new ResourceManager(PlacementStrategy.BEST_FIT, 1.0);
    rm.addAgent(AgentSpec.of("a", 4, 16, 100, 0));
    rm.tryPlace("x", 0, Requirements.of(4, 1, 0));
    assertThat(rm.planPreemption(Requirements.of(1, 1, 0), 5, a -> 5)).isEmpty();
    assertThat(rm.planPreemption(Requirements.of(1, 1, 0), 6, a -> 5)).isPresent();
  }

  @Test
  void theLowestPriorityAndFewestVictimsWin() {
    ResourceManager rm = new ResourceManager(PlacementStrategy.FIRST_FIT, 1.0);
    rm.addAgent(AgentSpec.of("a", 4, 16, 100, 0));
    rm.addAgent(AgentSpec.of("b", 4, 16, 100, 0));
    Map<String, Integer> prio = Map.of("a1", 3, "b1", 1, "b2", 1);
    rm.tryPlace("a1", 0, Requirements.of(4, 1, 0));
    rm.tryPlace("b1", 0, Requirements.of(2, 1, 0));
    rm.tryPlace("b2", 0, Requirements.of(2, 1, 0));
    Preemption.Plan p = rm.planPreemption(Requirements.of(2, 1, 0), 9, a -> prio.get(a.taskId()))
        .orElseThrow();
    assertThat(p.agentId()).isEqualTo("b");
    assertThat(p.victims()).hasSize(1);
    assertThat(p.victims().get(0).taskId()).isEqualTo("b2"); // the later placed of equals
  }

  private static boolean couldFreeAny(ResourceManager rm, Requirements r, int prio, Map<String, Integer> priority) {
    for (AgentSpec agent : rm.agents()) {
      List<Allocation> lower = new ArrayList<>();
      for (Allocation a : rm.allocations()) {
        if (a.agentId().equals(agent.id()) && priority.get(a.taskId()) < prio) lower.add(a);
      }
      if (fitsAfterReleasing(rm, agent.id(), r, lower, null)) return true;
    }
    return false;
  }

  private static boolean fitsAfterReleasing(ResourceManager rm, String agent, Requirements r,
      List<Allocation> released, Allocation except) {
    AgentResources free = rm.free(agent).orElseThrow();
    double cpu = free.cpuCores();
    double mem = free.memoryGb();
    int gpus = free.gpuIndices().size();
    for (Allocation a : released) {
      if (a == except) continue;
      cpu += a.resources().cpuCores();
      mem += a.resources().memoryGb();
      gpus += a.gpuIndices().size();
    }
    return r.cpuCores() <= cpu + 1e-9 && r.memoryGb() <= mem + 1e-9 && r.gpuUnits() <= gpus;
  }

  private static Requirements req(Job j) {
    return new Requirements(j.cpu(), j.memory(), 0, j.gpus());
  }

  @Provide
  Arbitrary<List<Job>> jobs() {
    Arbitrary<Job> job = Combinators.combine(
        Arbitraries.integers().between(1, 8).map(i -> i * 0.5),
        Arbitraries.integers().between(1, 16).map(i -> i * 1.0),
        Arbitraries.integers().between(0, 2),
        Arbitraries.integers().between(0, 5)).as(Job::new);
    return job.list().ofMinSize(0).ofMaxSize(20);
  }
}

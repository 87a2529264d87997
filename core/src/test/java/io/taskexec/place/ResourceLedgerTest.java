package io.taskexec.place;

import static io.taskexec.place.PlaceTestSupport.agent;
import static io.taskexec.place.PlaceTestSupport.manager;
import static io.taskexec.place.PlaceTestSupport.needs;
import static io.taskexec.place.PlaceTestSupport.placed;
import static io.taskexec.place.PlaceTestSupport.unplaceable;
import static io.taskexec.place.PlacementStrategy.BEST_FIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskexec.task.Requirements;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Overcommit, exact sums, release, removal and replacement of agents. */
class ResourceLedgerTest {
  @Test
  void overcommit_multiplies_the_cpu_an_agent_offers() {
    var rm = new ResourceManager(BEST_FIT, 2.0);
    rm.addAgent(agent("a", 4, 64));

    placed(rm.place("t1", 1, needs(4, 1)));
    placed(rm.place("t2", 1, needs(4, 1)));
    assertThat(unplaceable(rm.place("t3", 1, needs(0.5, 1))).reasons())
        .containsExactly("cpu: 1 of 1 agent short (needs 0.5, most free 0)");
    assertThat(rm.capacity("a").orElseThrow().cpuCores()).isEqualTo(8.0);
  }

  @Test
  void overcommit_never_applies_to_memory_storage_or_gpus() {
    var rm = new ResourceManager(BEST_FIT, 3.0);
    rm.addAgent(agent("a", 4, 8, 10, 1));

    placed(rm.place("t1", 1, needs(1, 8, 10, 1)));

    assertThat(unplaceable(rm.place("t2", 1, needs(1, 1, 1, 1))).reasons())
        .containsExactly(
            "memory: 1 of 1 agent short (needs 1 GB, most free 0 GB)",
            "gpu: 1 of 1 agent short (needs 1, most free 0)",
            "storage: 1 of 1 agent short (needs 1 GB, most free 0 GB)");
  }

  @Test
  void fractional_overcommit_offers_exact_cores() {
    var rm = new ResourceManager(BEST_FIT, 1.1);
    rm.addAgent(agent("a", 3, 8)); // 3 * 1.1 = 3.3000000000000003 in doubles, 3.3 offered

    placed(rm.place("t1", 1, needs(3.3, 1)));
    assertThat(rm.free("a").orElseThrow().cpuCores()).isEqualTo(0.0);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.999, 0.0, -1, Double.NaN, Double.POSITIVE_INFINITY})
  void an_overcommit_ratio_below_one_or_not_finite_is_refused(double ratio) {
    assertThatThrownBy(() -> new ResourceManager(BEST_FIT, ratio))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("overcommitRatio must be a finite number >= 1.0")
        .hasMessageContaining(String.valueOf(ratio));
  }

  @Test
  void sums_like_one_tenth_plus_two_tenths_fill_an_agent_exactly() {
    var rm = manager(BEST_FIT, agent("a", 0.3, 0.3));

    placed(rm.place("t1", 1, needs(0.1, 0.1)));
    placed(rm.place("t2", 1, needs(0.2, 0.2))); // 0.1 + 0.2 = 0.30000000000000004 in doubles

    assertThat(unplaceable(rm.place("t3", 1, needs(0.000001, 0))).reasons()).hasSize(1);
  }

  @Test
  void ten_tenths_of_a_core_fit_one_core_and_an_eleventh_does_not() {
    var rm = manager(BEST_FIT, agent("a", 1, 1));

    for (int i = 0; i < 10; i++) placed(rm.place("t" + i, 1, needs(0.1, 0.1)));

    assertThat(rm.place("t10", 1, needs(0.1, 0))).isInstanceOf(PlacementResult.Unplaceable.class);
  }

  @Test
  void releasing_twice_is_a_no_op() {
    var rm = manager(BEST_FIT, agent("a", 4, 16));
    Allocation first = placed(rm.place("t1", 1, needs(2, 8)));
    placed(rm.place("t2", 1, needs(2, 8)));

    rm.release(first);
    rm.release(first);

    assertThat(rm.allocationCount()).isEqualTo(1);
    assertThat(rm.free("a").orElseThrow().cpuCores()).isEqualTo(2.0);
  }

  @Test
  void releasing_an_allocation_never_handed_out_is_a_no_op() {
    var rm = manager(BEST_FIT, agent("a", 4, 16));
    Allocation real = placed(rm.place("t1", 1, needs(2, 8)));

    rm.release(new Allocation("t1", 1, "a", needs(1, 1), List.of()));
    rm.release(new Allocation("t9", 1, "a", needs(2, 8), List.of()));

    assertThat(rm.allocations()).containsExactly(real);
  }

  @Test
  void releasing_everything_gives_every_agent_its_full_capacity_back() {
    var rm = manager(BEST_FIT, agent("a", 4, 16, 10, 2), agent("b", 2, 4, 10, 0));
    var held = List.of(
        placed(rm.place("t1", 1, needs(0.7, 3.3, 1.1, 1))),
        placed(rm.place("t2", 1, needs(1.9, 0.4, 2.2, 0))),
        placed(rm.place("t3", 1, needs(0.3, 0.1, 0.3, 1))));

    held.forEach(rm::release);

    assertThat(rm.allocationCount()).isZero();
    assertThat(rm.free("a")).isEqualTo(rm.capacity("a"));
    assertThat(rm.free("b")).isEqualTo(rm.capacity("b"));
  }

  @Test
  void placing_an_attempt_that_is_already_placed_is_a_caller_mistake() {
    var rm = manager(BEST_FIT, agent("a", 4, 16));
    placed(rm.place("t1", 1, needs(1, 1)));

    assertThatThrownBy(() -> rm.place("t1", 1, needs(1, 1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("task t1 attempt 1 is already placed on a");
    placed(rm.place("t1", 2, needs(1, 1)));
  }

  @Test
  void removing_an_agent_returns_its_live_allocations_already_released() {
    var rm = manager(BEST_FIT, agent("a", 4, 16), agent("b", 8, 32));
    Allocation onA = placed(rm.place("t1", 1, needs(3, 1)));
    Allocation onB = placed(rm.place("t2", 1, needs(5, 1)));

    assertThat(rm.removeAgent("a")).containsExactly(onA);

    assertThat(rm.allocations()).containsExactly(onB);
    assertThat(rm.agents()).extracting(AgentSpec::id).containsExactly("b");
    rm.release(onA); // after removal: a no-op
    assertThat(rm.allocationCount()).isEqualTo(1);
    assertThat(rm.removeAgent("a")).isEmpty();
  }

  @Test
  void a_released_allocation_of_a_removed_agent_does_not_touch_a_new_agent_of_that_name() {
    var rm = manager(BEST_FIT, agent("a", 4, 16));
    Allocation old = placed(rm.place("t1", 1, needs(3, 1)));
    rm.removeAgent("a");
    rm.addAgent(agent("a", 4, 16));
    placed(rm.place("t2", 1, needs(4, 1)));

    rm.release(old);

    assertThat(rm.free("a").orElseThrow().cpuCores()).isEqualTo(0.0);
  }

  @Test
  void re_adding_an_agent_replaces_its_capacity_and_keeps_its_allocations_counted() {
    var rm = manager(BEST_FIT, agent("a", 4, 16));
    Allocation held = placed(rm.place("t1", 1, needs(3, 8)));

    rm.addAgent(agent("a", 2, 16));

    assertThat(rm.free("a").orElseThrow().cpuCores()).isEqualTo(-1.0);
    assertThat(rm.place("t2", 1, needs(0, 1))).isInstanceOf(PlacementResult.Unplaceable.class);
    rm.release(held);
    assertThat(rm.free("a")).isEqualTo(rm.capacity("a"));
    assertThat(rm.capacity("a").orElseThrow().cpuCores()).isEqualTo(2.0);
  }

  @Test
  void an_agent_listing_a_gpu_twice_is_refused() {
    var rm = new ResourceManager(BEST_FIT, 1.0);

    assertThatThrownBy(() -> rm.addAgent(PlaceTestSupport.gpuAgent("g", 0, 1, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("agent g lists GPU index 0 twice: [0, 1, 0]");
  }

  @Test
  void a_task_needing_nothing_is_placed_on_the_first_agent() {
    var rm = manager(BEST_FIT, agent("a", 4, 16), agent("b", 4, 16));

    assertThat(placed(rm.place("t", 1, Requirements.NONE)).agentId()).isEqualTo("a");
  }
}

package io.taskexec.plan;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Invariants over random DAGs with random outcomes, batches, requeues, releases and cancels
 * (see {@link Scenario} and {@link Simulation}).
 */
class PlannerProperties {

  @Property(tries = 400)
  void a_task_is_polled_only_after_its_upstreams_met_their_conditions(
      @ForAll @IntRange(min = 1, max = 40) int size, @ForAll long seed) {
    Simulation sim = new Simulation(new Scenario(size, seed), seed * 31).run();
    assertThat(sim.orderViolations).isEmpty();
  }

  @Property(tries = 400)
  void every_task_ends_exactly_once_polled_and_finished_or_resolved(
      @ForAll @IntRange(min = 1, max = 40) int size, @ForAll long seed) {
    Simulation sim = new Simulation(new Scenario(size, seed), seed * 31).run();
    assertThat(sim.accountingViolations).isEmpty();
  }

  @Property(tries = 400)
  void named_resources_never_exceed_their_units_and_are_all_free_at_the_end(
      @ForAll @IntRange(min = 1, max = 40) int size, @ForAll long seed) {
    Simulation sim = new Simulation(new Scenario(size, seed), seed * 31).run();
    assertThat(sim.resourceViolations).isEmpty();
  }
}

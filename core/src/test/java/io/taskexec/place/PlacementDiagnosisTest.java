package io.taskexec.place;

import static io.taskexec.place.PlaceTestSupport.agent;
import static io.taskexec.place.PlaceTestSupport.manager;
import static io.taskexec.place.PlaceTestSupport.needs;
import static io.taskexec.place.PlaceTestSupport.placed;
import static io.taskexec.place.PlaceTestSupport.unplaceable;
import static io.taskexec.place.PlacementStrategy.BEST_FIT;
import static io.taskexec.place.PlacementStrategy.FIRST_FIT;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Unplaceable reasons and neverFits messages. */
class PlacementDiagnosisTest {
  @Test
  void reasons_count_the_agents_short_of_each_resource() {
    var rm = manager(BEST_FIT,
        agent("a", 6, 32), agent("b", 4, 32), agent("c", 2, 32), agent("d", 16, 4));

    var why = unplaceable(rm.place("t", 1, needs(8, 16)));

    assertThat(why.reasons()).containsExactly(
        "no single agent has 8 cpu cores and 16 GB memory at once",
        "cpu: 3 of 4 agents short (needs 8, most free 6)",
        "memory: 1 of 4 agents short (needs 16 GB, most free 4 GB)");
    assertThat(why.everPlaceable()).isFalse();
  }

  @Test
  void a_task_that_fits_an_empty_agent_is_placeable_later() {
    var rm = manager(FIRST_FIT, agent("a", 8, 32), agent("b", 8, 32));
    placed(rm.place("t1", 1, needs(6, 1)));
    placed(rm.place("t2", 1, needs(5.5, 1)));

    var why = unplaceable(rm.place("t3", 1, needs(4, 1)));

    assertThat(why.reasons()).containsExactly("cpu: 2 of 2 agents short (needs 4, most free 2.5)");
    assertThat(why.everPlaceable()).isTrue();
  }

  @Test
  void with_no_agents_the_reason_says_so() {
    var rm = new ResourceManager(BEST_FIT, 1.0);

    var why = unplaceable(rm.place("t", 1, needs(1, 1)));

    assertThat(why.reasons()).containsExactly("no agents are registered");
    assertThat(why.everPlaceable()).isFalse();
    assertThat(rm.neverFits(needs(1, 1))).contains("no agents are registered");
  }

  @Test
  void never_fits_names_the_resource_no_agent_has_enough_of() {
    var rm = manager(BEST_FIT, agent("a", 16, 64), agent("b", 8, 256));

    assertThat(rm.neverFits(needs(64, 1))).contains("needs 64 cpu cores; the largest agent has 16");
    assertThat(rm.neverFits(needs(1, 512)))
        .contains("needs 512 GB memory; the largest agent has 256 GB");
    assertThat(rm.neverFits(needs(1, 1, 1000, 0)))
        .contains("needs 1000 GB storage; the largest agent has 100 GB");
    assertThat(rm.neverFits(needs(1, 1, 0, 1))).contains("needs 1 GPU; the largest agent has 0");
  }

  @Test
  void never_fits_names_every_resource_that_is_too_big() {
    var rm = manager(BEST_FIT, agent("a", 16, 64));

    assertThat(rm.neverFits(needs(17, 65)))
        .contains("needs 17 cpu cores; the largest agent has 16; "
            + "needs 65 GB memory; the largest agent has 64 GB");
  }

  @Test
  void never_fits_counts_cpu_with_overcommit() {
    var rm = new ResourceManager(BEST_FIT, 1.5);
    rm.addAgent(agent("a", 16, 64));

    assertThat(rm.neverFits(needs(24, 1))).isEmpty();
    assertThat(rm.neverFits(needs(64, 1)))
        .contains("needs 64 cpu cores; the largest agent has 16 (offers 24 with overcommit 1.5)");
  }

  @Test
  void never_fits_is_empty_when_some_agent_could_hold_the_task_even_if_busy_now() {
    var rm = manager(BEST_FIT, agent("a", 4, 16));
    placed(rm.place("t1", 1, needs(4, 16)));

    assertThat(rm.neverFits(needs(4, 16))).isEmpty();
  }

  @Test
  void never_fits_names_the_combination_when_each_resource_alone_fits_some_agent() {
    var rm = manager(BEST_FIT, agent("cpu-heavy", 32, 4, 10, 0), agent("gpu", 4, 64, 10, 2));

    assertThat(rm.neverFits(needs(16, 32, 0, 1)))
        .contains("no single agent has 16 cpu cores, 32 GB memory and 1 GPU at once");
  }
}

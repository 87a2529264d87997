package io.taskexec.place;

import static io.taskexec.place.PlaceTestSupport.agent;
import static io.taskexec.place.PlaceTestSupport.manager;
import static io.taskexec.place.PlaceTestSupport.needs;
import static io.taskexec.place.PlaceTestSupport.placed;
import static io.taskexec.place.PlacementStrategy.BEST_FIT;
import static io.taskexec.place.PlacementStrategy.FIRST_FIT;
import static io.taskexec.place.PlacementStrategy.SPREAD;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlacementStrategyTest {
  @Test
  void best_fit_picks_the_agent_left_with_least_room() {
    var rm = manager(BEST_FIT, agent("big", 16, 64), agent("mid", 8, 32), agent("small", 4, 16));

    assertThat(placed(rm.place("t1", 1, needs(3, 8))).agentId()).isEqualTo("small");
    // small has 1 core left now, so the next 3-core task goes to the tightest agent that fits
    assertThat(placed(rm.place("t2", 1, needs(3, 8))).agentId()).isEqualTo("mid");
  }

  @Test
  void best_fit_breaks_equal_free_cpu_by_the_least_room_left_in_other_resources() {
    var rm = manager(BEST_FIT, agent("roomy", 4, 64), agent("snug", 4, 8));

    assertThat(placed(rm.place("t", 1, needs(2, 4))).agentId()).isEqualTo("snug");
  }

  @Test
  void best_fit_gives_ties_to_the_agent_registered_first() {
    var rm = manager(BEST_FIT, agent("a", 8, 32), agent("b", 8, 32), agent("c", 8, 32));

    assertThat(placed(rm.place("t1", 1, needs(1, 1))).agentId()).isEqualTo("a");
    assertThat(placed(rm.place("t2", 1, needs(1, 1))).agentId()).isEqualTo("a");
  }

  @Test
  void best_fit_keeps_gpu_agents_free_for_gpu_tasks() {
    var rm = manager(BEST_FIT, agent("gpu", 8, 32, 100, 2), agent("plain", 8, 32, 100, 0));

    assertThat(placed(rm.place("t", 1, needs(1, 1))).agentId()).isEqualTo("plain");
  }

  @Test
  void spread_picks_the_agent_left_with_most_room_and_so_rotates_over_equal_agents() {
    var rm = manager(SPREAD, agent("a", 8, 32), agent("b", 8, 32), agent("c", 8, 32));

    List<String> chosen = new ArrayList<>();
    for (int i = 0; i < 6; i++) chosen.add(placed(rm.place("t" + i, 1, needs(1, 1))).agentId());

    assertThat(chosen).containsExactly("a", "b", "c", "a", "b", "c");
  }

  @Test
  void spread_prefers_the_biggest_agent() {
    var rm = manager(SPREAD, agent("small", 4, 16), agent("big", 32, 128));

    assertThat(placed(rm.place("t", 1, needs(2, 2))).agentId()).isEqualTo("big");
  }

  @Test
  void first_fit_picks_the_first_registered_agent_that_fits() {
    var rm = manager(FIRST_FIT, agent("small", 2, 8), agent("big", 16, 64), agent("mid", 8, 32));

    assertThat(placed(rm.place("t1", 1, needs(4, 4))).agentId()).isEqualTo("big");
    assertThat(placed(rm.place("t2", 1, needs(1, 1))).agentId()).isEqualTo("small");
  }

  @Test
  void first_fit_keeps_registration_order_across_many_removals_and_additions() {
    var rm = new ResourceManager(FIRST_FIT, 1.0);
    for (int i = 0; i < 40; i++) rm.addAgent(agent("a" + i, i % 3 == 0 ? 8 : 1, 8));
    for (int i = 0; i < 40; i += 2) rm.removeAgent("a" + i);
    for (int i = 40; i < 60; i++) rm.addAgent(agent("a" + i, 8, 8));

    // 8-core agents left in order: a3, a9, a15, ... then a40...
    assertThat(placed(rm.place("t1", 1, needs(8, 1))).agentId()).isEqualTo("a3");
    assertThat(placed(rm.place("t2", 1, needs(8, 1))).agentId()).isEqualTo("a9");
    assertThat(placed(rm.place("t3", 1, needs(1, 1))).agentId()).isEqualTo("a1");
  }

  @Test
  void first_fit_keeps_registration_order_when_freed_slots_are_packed() {
    var rm = new ResourceManager(FIRST_FIT, 1.0);
    for (int round = 0; round < 10; round++) {
      for (int i = 0; i < 10; i++) rm.addAgent(agent("r" + round + "-" + i, 1 + i, 8));
      for (int i = 0; i < 9; i++) rm.removeAgent("r" + round + "-" + i);
    }
    // left: r0-9, r1-9, ..., r9-9, each with 10 cores
    for (int round = 0; round < 10; round++) {
      assertThat(placed(rm.place("t" + round, 1, needs(10, 1))).agentId()).isEqualTo("r" + round + "-9");
    }
  }

  @Test
  void a_replaced_agent_keeps_its_place_in_registration_order() {
    var rm = manager(FIRST_FIT, agent("a", 1, 8), agent("b", 8, 8));
    rm.addAgent(agent("a", 8, 8));

    assertThat(placed(rm.place("t", 1, needs(4, 1))).agentId()).isEqualTo("a");
    assertThat(rm.agents()).extracting(AgentSpec::id).containsExactly("a", "b");
  }

  @Test
  void strategies_parse_from_their_wire_names() {
    assertThat(PlacementStrategy.parse("best-fit")).isEqualTo(BEST_FIT);
    assertThat(PlacementStrategy.parse(" first_fit ")).isEqualTo(FIRST_FIT);
    assertThat(SPREAD.wireName()).isEqualTo("spread");
  }
}

package io.taskexec.place;

import static io.taskexec.place.PlaceTestSupport.gpuAgent;
import static io.taskexec.place.PlaceTestSupport.manager;
import static io.taskexec.place.PlaceTestSupport.needs;
import static io.taskexec.place.PlaceTestSupport.placed;
import static io.taskexec.place.PlaceTestSupport.unplaceable;
import static io.taskexec.place.PlacementStrategy.BEST_FIT;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GpuPlacementTest {
  @Test
  void two_one_gpu_tasks_get_devices_0_and_1() {
    var rm = manager(BEST_FIT, gpuAgent("g", 0, 1));

    assertThat(placed(rm.place("t1", 1, needs(1, 1, 0, 1))).gpuIndices()).containsExactly(0);
    assertThat(placed(rm.place("t2", 1, needs(1, 1, 0, 1))).gpuIndices()).containsExactly(1);
  }

  @Test
  void a_released_device_is_the_next_one_granted() {
    var rm = manager(BEST_FIT, gpuAgent("g", 0, 1));
    Allocation first = placed(rm.place("t1", 1, needs(1, 1, 0, 1)));
    placed(rm.place("t2", 1, needs(1, 1, 0, 1)));

    rm.release(first);

    assertThat(placed(rm.place("t3", 1, needs(1, 1, 0, 1))).gpuIndices()).containsExactly(0);
  }

  @Test
  void the_lowest_free_indices_are_granted_whatever_order_the_agent_lists_them_in() {
    var rm = manager(BEST_FIT, gpuAgent("g", 7, 2, 5, 3));
    placed(rm.place("t1", 1, needs(1, 1, 0, 1)));

    Allocation two = placed(rm.place("t2", 1, needs(1, 1, 0, 2)));

    assertThat(two.gpuIndices()).containsExactly(3, 5);
    assertThat(two.cudaVisibleDevices()).isEqualTo("3,5");
    assertThat(rm.free("g").orElseThrow().gpuIndices()).containsExactly(7);
  }

  @Test
  void a_task_needing_more_gpus_than_are_free_waits_with_a_reason() {
    var rm = manager(BEST_FIT, gpuAgent("g", 0, 1));
    placed(rm.place("t1", 1, needs(1, 1, 0, 1)));

    var why = unplaceable(rm.place("t2", 1, needs(1, 1, 0, 2)));

    assertThat(why.reasons()).containsExactly("gpu: 1 of 1 agent short (needs 2, most free 1)");
    assertThat(why.everPlaceable()).isTrue();
  }

  @Test
  void a_task_without_gpus_gets_no_devices() {
    var rm = manager(BEST_FIT, gpuAgent("g", 0, 1));

    Allocation a = placed(rm.place("t1", 1, needs(1, 1)));

    assertThat(a.gpuIndices()).isEmpty();
    assertThat(a.cudaVisibleDevices()).isEmpty();
  }

  @Test
  void a_shrunk_agent_keeps_the_devices_it_still_offers_held() {
    var rm = manager(BEST_FIT, gpuAgent("g", 0, 1, 2));
    Allocation held = placed(rm.place("t1", 1, needs(1, 1, 0, 2))); // 0 and 1

    rm.addAgent(gpuAgent("g", 1, 2));

    assertThat(rm.free("g").orElseThrow().gpuIndices()).containsExactly(2);
    assertThat(placed(rm.place("t2", 1, needs(1, 1, 0, 1))).gpuIndices()).containsExactly(2);
    rm.release(held);
    assertThat(rm.free("g").orElseThrow().gpuIndices()).containsExactly(1);
  }
}

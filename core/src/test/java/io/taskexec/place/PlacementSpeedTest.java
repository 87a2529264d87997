package io.taskexec.place;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskexec.task.Requirements;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A rough speed check of one place() + release() with 10,000 agents, printed, never asserted
 * (timings belong to the JMH benchmark in the bench module). It does assert that nothing leaks.
 */
class PlacementSpeedTest {
  private static final int AGENTS = 10_000;

  @ParameterizedTest
  @EnumSource(PlacementStrategy.class)
  void place_and_release_with_ten_thousand_half_busy_agents(PlacementStrategy strategy) {
    var rm = new ResourceManager(strategy, 1.0);
    var random = new Random(42);
    for (int i = 0; i < AGENTS; i++) rm.addAgent(AgentSpec.of("a" + i, 32, 128, 1000, i % 8 == 0 ? 4 : 0));
    // Background load, so agents differ in free cpu and memory.
    for (int i = 0; i < AGENTS * 4; i++) {
      rm.place("bg" + i, 1, Requirements.of(1 + random.nextInt(4), 1 + random.nextInt(16), 10));
    }
    int background = rm.allocationCount();
    Requirements task = Requirements.of(2, 4, 10);

    double medianNanos = medianOfBatches(rm, task);

    System.out.printf(
        "place+release, %s, %d agents: median %.2f µs%n", strategy, AGENTS, medianNanos / 1000);
    assertThat(rm.allocationCount()).isEqualTo(background);
  }

  private static double medianOfBatches(ResourceManager rm, Requirements task) {
    int batches = 21;
    int perBatch = 2_000;
    double[] perOp = new double[batches];
    for (int warm = 0; warm < 100_000; warm++) placeAndRelease(rm, task, warm);
    for (int b = 0; b < batches; b++) {
      long start = System.nanoTime();
      for (int i = 0; i < perBatch; i++) placeAndRelease(rm, task, i);
      perOp[b] = (System.nanoTime() - start) / (double) perBatch;
    }
    Arrays.sort(perOp);
    return perOp[batches / 2];
  }

  private static void placeAndRelease(ResourceManager rm, Requirements task, int attempt) {
    if (rm.place("probe", attempt, task) instanceof PlacementResult.Placed placed) {
      rm.release(placed.allocation());
    } else {
      throw new AssertionError("the probe task should always fit");
    }
  }
}

package io.taskexec.bench;

import io.taskexec.place.Allocation;
import io.taskexec.place.PlacementResult;
import io.taskexec.place.PlacementStrategy;
import io.taskexec.place.ResourceManager;
import io.taskexec.task.Requirements;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * (c) The cost of one placement: {@code place} then {@code release} of one of eight demands in
 * turn, among 1, 100 or 10,000 agents of {@link PlacementFixture}, for each strategy. Releasing
 * restores the ledger, so every invocation sees the same state. Goal: a median of at most 10 µs
 * among 10,000 agents.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PlacementBenchmark {
  static final long SEED = 42;

  @Param({"1", "100", "10000"})
  public int agents;

  @Param({"BEST_FIT", "FIRST_FIT", "SPREAD"})
  public PlacementStrategy strategy;

  ResourceManager manager;
  private Requirements[] demands;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    manager = PlacementFixture.build(strategy, agents, SEED);
    PlacementFixture.checkPlaceable(manager);
    demands = PlacementFixture.DEMANDS.toArray(Requirements[]::new);
  }

  @Benchmark
  public Allocation placeAndRelease() {
    Requirements demand = demands[next++ & (demands.length - 1)];
    PlacementResult r = manager.place("bench", 1, demand);
    if (r instanceof PlacementResult.Placed p) {
      manager.release(p.allocation());
      return p.allocation();
    }
    throw new IllegalStateException("placement failed: " + r);
  }
}

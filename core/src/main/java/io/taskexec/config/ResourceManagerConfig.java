package io.taskexec.config;

import io.taskexec.place.PlacementStrategy;
import java.time.Duration;
import java.util.Map;

/**
 * {@code task_execution.engine.resource_manager}.
 *
 * @param resources named counted resources for {@code resource} dependencies (name to units)
 * @param preemption whether a task that cannot be placed may stop running tasks of a strictly
 *     lower priority to make room (their attempts are recorded as {@code PREEMPTED} and the tasks
 *     wait again, no retry used); off by default, as in Slurm ({@code PreemptMode=OFF})
 */
public record ResourceManagerConfig(
    PlacementStrategy allocationStrategy,
    double overcommitRatio,
    Duration rebalanceInterval,
    LocalAgentConfig localAgent,
    Map<String, Integer> resources,
    boolean preemption) {
  public static final ResourceManagerConfig DEFAULT =
      new ResourceManagerConfig(PlacementStrategy.BEST_FIT, 1.2, Duration.ofSeconds(300), LocalAgentConfig.DETECT, Map.of());

  /** Without preemption. */
  public ResourceManagerConfig(PlacementStrategy allocationStrategy, double overcommitRatio, Duration rebalanceInterval,
      LocalAgentConfig localAgent, Map<String, Integer> resources) {
    this(allocationStrategy, overcommitRatio, rebalanceInterval, localAgent, resources, false);
  }

  public ResourceManagerConfig withPreemption(boolean on) {
    return new ResourceManagerConfig(allocationStrategy, overcommitRatio, rebalanceInterval, localAgent, resources, on);
  }

  public ResourceManagerConfig {
    if (!(overcommitRatio >= 1.0)) throw new IllegalArgumentException("overcommit_ratio must be >= 1.0, got " + overcommitRatio);
    resources = resources == null ? Map.of() : Map.copyOf(resources);
    localAgent = localAgent == null ? LocalAgentConfig.DETECT : localAgent;
  }
}

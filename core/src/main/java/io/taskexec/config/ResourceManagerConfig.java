package io.taskexec.config;

import io.taskexec.place.PlacementStrategy;
import java.time.Duration;
import java.util.Map;

/**
 * {@code task_execution.engine.resource_manager}.
 *
 * @param resources named counted resources for {@code resource} dependencies (name to units)
 */
public record ResourceManagerConfig(
    PlacementStrategy allocationStrategy,
    double overcommitRatio,
    Duration rebalanceInterval,
    LocalAgentConfig localAgent,
    Map<String, Integer> resources) {
  public static final ResourceManagerConfig DEFAULT =
      new ResourceManagerConfig(PlacementStrategy.BEST_FIT, 1.2, Duration.ofSeconds(300), LocalAgentConfig.DETECT, Map.of());

  public ResourceManagerConfig {
    if (!(overcommitRatio >= 1.0)) throw new IllegalArgumentException("overcommit_ratio must be >= 1.0, got " + overcommitRatio);
    resources = resources == null ? Map.of() : Map.copyOf(resources);
    localAgent = localAgent == null ? LocalAgentConfig.DETECT : localAgent;
  }
}

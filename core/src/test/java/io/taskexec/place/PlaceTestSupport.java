package io.taskexec.place;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskexec.task.Requirements;
import java.util.List;
import java.util.Map;

/** Short builders for placement tests. */
final class PlaceTestSupport {
  private PlaceTestSupport() {}

  static AgentSpec agent(String id, double cpu, double memGb) {
    return AgentSpec.of(id, cpu, memGb, 100, 0);
  }

  static AgentSpec agent(String id, double cpu, double memGb, double storageGb, int gpus) {
    return AgentSpec.of(id, cpu, memGb, storageGb, gpus);
  }

  static AgentSpec gpuAgent(String id, Integer... indices) {
    return new AgentSpec(id, 8, 32, 100, List.of(indices), Map.of());
  }

  static Requirements needs(double cpu, double memGb) {
    return Requirements.of(cpu, memGb, 0);
  }

  static Requirements needs(double cpu, double memGb, double storageGb, int gpus) {
    return new Requirements(cpu, memGb, storageGb, gpus);
  }

  static ResourceManager manager(PlacementStrategy strategy, AgentSpec... agents) {
    ResourceManager rm = new ResourceManager(strategy, 1.0);
    for (AgentSpec a : agents) rm.addAgent(a);
    return rm;
  }

  static Allocation placed(PlacementResult result) {
    assertThat(result).isInstanceOf(PlacementResult.Placed.class);
    return ((PlacementResult.Placed) result).allocation();
  }

  static PlacementResult.Unplaceable unplaceable(PlacementResult result) {
    assertThat(result).isInstanceOf(PlacementResult.Unplaceable.class);
    return (PlacementResult.Unplaceable) result;
  }
}

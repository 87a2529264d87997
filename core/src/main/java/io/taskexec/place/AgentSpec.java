package io.taskexec.place;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A worker agent and what it can hold.
 *
 * @param cpuCores physical cores (overcommit is applied by the resource manager, not here)
 * @param gpuIndices the concrete device indices this agent offers, e.g. [0, 1]; empty for none
 * @param labels free-form labels (zone, kind) for later constraints
 */
public record AgentSpec(
    String id,
    double cpuCores,
    double memoryGb,
    double storageGb,
    List<Integer> gpuIndices,
    Map<String, String> labels) {
  public AgentSpec {
    Objects.requireNonNull(id, "id");
    gpuIndices = gpuIndices == null ? List.of() : List.copyOf(gpuIndices);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    if (!(cpuCores >= 0) || !(memoryGb >= 0) || !(storageGb >= 0))
      throw new IllegalArgumentException("agent capacity must be non-negative: " + id);
  }

  public static AgentSpec of(String id, double cpu, double memGb, double storageGb, int gpus) {
    List<Integer> idx = new java.util.ArrayList<>();
    for (int i = 0; i < gpus; i++) idx.add(i);
    return new AgentSpec(id, cpu, memGb, storageGb, idx, Map.of());
  }

  public int gpuCount() {
    return gpuIndices.size();
  }
}

package io.taskexec.place;

import io.taskexec.task.Requirements;
import java.util.List;

/**
 * Resources held by one attempt of one task on one agent, until released.
 *
 * @param gpuIndices the concrete devices granted, handed to the task as CUDA_VISIBLE_DEVICES
 */
public record Allocation(
    String taskId, int attempt, String agentId, Requirements resources, List<Integer> gpuIndices) {
  public Allocation {
    gpuIndices = gpuIndices == null ? List.of() : List.copyOf(gpuIndices);
  }

  /** "0,2" for devices 0 and 2; empty when no GPU was granted. */
  public String cudaVisibleDevices() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < gpuIndices.size(); i++) {
      if (i > 0) sb.append(',');
      sb.append(gpuIndices.get(i));
    }
    return sb.toString();
  }
}

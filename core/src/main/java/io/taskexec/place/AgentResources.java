package io.taskexec.place;

import java.util.List;

/**
 * A snapshot of an agent's resources: either what it offers ({@link ResourceManager#capacity})
 * or what is still free ({@link ResourceManager#free}). Cpu includes overcommit. Free amounts can
 * be negative after {@link ResourceManager#addAgent} shrank an agent below what it holds.
 *
 * @param gpuIndices the device indices, ascending
 */
public record AgentResources(
    String agentId, double cpuCores, double memoryGb, double storageGb, List<Integer> gpuIndices) {
  public AgentResources {
    gpuIndices = List.copyOf(gpuIndices);
  }
}

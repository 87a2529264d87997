package io.taskexec.config;

import java.util.List;

/**
 * {@code task_execution.engine.resource_manager.local_agent}: overrides of the capacity detected on
 * this machine. A null field means "detect".
 */
public record LocalAgentConfig(Double cpuCores, Double memoryGb, Double storageGb, List<Integer> gpuIndices) {
  public static final LocalAgentConfig DETECT = new LocalAgentConfig(null, null, null, null);
}

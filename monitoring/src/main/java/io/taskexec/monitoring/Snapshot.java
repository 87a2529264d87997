package io.taskexec.monitoring;

import java.util.List;
import java.util.Map;

/**
 * What the monitoring thread last computed, for scrapes on other threads: immutable, replaced
 * whole after each sampling round.
 */
record Snapshot(List<TaskRow> tasks, Map<String, Long> states, double oldestReadyAgeSeconds,
    List<AgentRow> agents, List<TypeUsage> usage) {
  static final Snapshot EMPTY = new Snapshot(List.of(), Map.of(), 0, List.of(), List.of());

  /** One series of the running-task gauges: one task, or every task of a type summed. */
  record TaskRow(String type, String taskId, double cpuPercent, double rssBytes, double progress) {
    String[] labels(boolean perTask) {
      return perTask ? new String[] {type, taskId} : new String[] {type};
    }
  }

  /** One agent's capacity and what is allocated on it, by resource name. */
  record AgentRow(String id, Map<String, Double> capacity, Map<String, Double> allocated) {}
}

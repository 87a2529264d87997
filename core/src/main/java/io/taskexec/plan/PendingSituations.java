package io.taskexec.plan;

import io.taskexec.config.TaskExecutionConfig;
import io.taskexec.place.AgentResources;
import io.taskexec.place.AgentSpec;
import io.taskexec.task.Dependency;
import io.taskexec.task.DependencyType;
import io.taskexec.task.Requirements;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds the {@link WhyPending.Situation} of one task from plain facts about every task (its spec,
 * state and agent) and the agents, so that {@code taskexec explain} (from a stored run) and the
 * server's {@code GET /api/v1/tasks/{id}/explain} (from the live engine) give the same answer.
 *
 * <p>What each agent has free is its capacity (cpu times {@code overcommit_ratio}) less the
 * requirements of every PLACED or RUNNING task on it; the named resources held are those of the
 * PLACED or RUNNING tasks; the worker pool's limit is {@code max_workers} against the RUNNING
 * tasks.
 */
public final class PendingSituations {
  private PendingSituations() {}

  /**
   * One task as the caller knows it.
   *
   * @param agentId the agent it is placed or runs on, or null
   */
  public record Known(Task task, TaskState state, String agentId) {
    public Known {
      Objects.requireNonNull(task, "task");
      Objects.requireNonNull(state, "state");
    }
  }

  /**
   * The situation of {@code taskId} among {@code all}.
   *
   * @param deadline the task's resolved deadline, or null
   * @param now the clock's now (for a deadline at risk)
   * @throws IllegalArgumentException when {@code all} holds no task {@code taskId}
   */
  public static WhyPending.Situation of(String taskId, Instant deadline, Collection<Known> all, List<AgentSpec> agents,
      TaskExecutionConfig cfg, Instant now) {
    Map<String, Known> byId = new LinkedHashMap<>();
    for (Known k : all) byId.put(k.task().id(), k);
    Known self = byId.get(taskId);
    if (self == null) throw new IllegalArgumentException("no task " + taskId);
    Map<String, Task> tasks = new LinkedHashMap<>();
    for (Known k : byId.values()) tasks.put(k.task().id(), k.task());
    double ratio = cfg.engine().resourceManager().overcommitRatio();
    List<AgentResources> capacity = new ArrayList<>();
    Map<String, double[]> used = new HashMap<>();
    for (AgentSpec a : agents) {
      capacity.add(new AgentResources(a.id(), a.cpuCores() * ratio, a.memoryGb(), a.storageGb(), a.gpuIndices()));
      used.put(a.id(), new double[4]);
    }
    Map<String, List<String>> holders = new HashMap<>();
    long running = 0;
    for (Known k : byId.values()) {
      if (k.state() != TaskState.PLACED && k.state() != TaskState.RUNNING) continue;
      if (k.state() == TaskState.RUNNING) running++;
      double[] u = k.agentId() == null ? null : used.get(k.agentId());
      if (u != null) {
        Requirements r = k.task().requirements();
        u[0] += r.cpuCores();
        u[1] += r.memoryGb();
        u[2] += r.storageGb();
        u[3] += r.gpuUnits();
      }
      for (Dependency d : k.task().dependencies()) {
        if (d.type() == DependencyType.RESOURCE) holders.computeIfAbsent(d.taskId(), x -> new ArrayList<>()).add(k.task().id());
      }
    }
    List<AgentResources> free = new ArrayList<>();
    for (AgentResources c : capacity) {
      double[] u = used.get(c.agentId());
      int gpusFree = (int) Math.max(0, c.gpuIndices().size() - u[3]);
      free.add(new AgentResources(c.agentId(), c.cpuCores() - u[0], c.memoryGb() - u[1], c.storageGb() - u[2],
          c.gpuIndices().subList(0, gpusFree)));
    }
    Task task = self.task();
    return new WhyPending.Situation(task, self.state(), WhyPending.edgesInto(task, tasks.values()),
        id -> Optional.ofNullable(byId.get(id)).map(Known::state), cfg.engine().resourceManager().resources(), holders,
        capacity, free, running, cfg.engine().workerPool().maxWorkers(), now, deadline,
        deadline == null ? null : WhyPending.pathToEnd(task, tasks::get,
            id -> byId.containsKey(id) && byId.get(id).state().isTerminal()));
  }
}

package io.taskexec.server.http;

import io.taskexec.engine.TaskSnapshot;
import io.taskexec.place.AgentSpec;
import io.taskexec.task.Requirements;
import io.taskexec.task.TaskState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Agents with what they offer and what the tasks placed on them hold now (the requirements of every
 * PLACED or RUNNING task on the agent, summed).
 */
final class AgentApi {
  private final ApiContext ctx;

  AgentApi(ApiContext ctx) {
    this.ctx = ctx;
  }

  void list(Call c) {
    Map<String, double[]> used = new LinkedHashMap<>();
    Map<String, List<String>> tasks = new LinkedHashMap<>();
    for (TaskSnapshot s : ctx.engine().tasks()) {
      if (s.agentId() == null || (s.state() != TaskState.PLACED && s.state() != TaskState.RUNNING)) continue;
      Requirements r = s.task().requirements();
      double[] u = used.computeIfAbsent(s.agentId(), k -> new double[4]);
      u[0] += r.cpuCores();
      u[1] += r.memoryGb();
      u[2] += r.storageGb();
      u[3] += r.gpuUnits();
      tasks.computeIfAbsent(s.agentId(), k -> new ArrayList<>()).add(s.task().id());
    }
    double overcommit = ctx.config().engine().resourceManager().overcommitRatio();
    List<Object> items = new ArrayList<>();
    for (AgentSpec a : ctx.engine().agents()) {
      double[] u = used.getOrDefault(a.id(), new double[4]);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", a.id());
      m.put("labels", a.labels());
      m.put("capacity", resources(a.cpuCores(), a.memoryGb(), a.storageGb(), a.gpuCount()));
      m.put("schedulable_cpu_cores", a.cpuCores() * overcommit);
      m.put("allocated", resources(u[0], u[1], u[2], (int) u[3]));
      m.put("tasks", tasks.getOrDefault(a.id(), List.of()));
      items.add(m);
    }
    c.json(Map.of("items", items, "overcommit_ratio", overcommit));
  }

  private static Map<String, Object> resources(double cpu, double mem, double storage, int gpus) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cpu_cores", cpu);
    m.put("memory_gb", mem);
    m.put("storage_gb", storage);
    m.put("gpu_units", gpus);
    return m;
  }
}

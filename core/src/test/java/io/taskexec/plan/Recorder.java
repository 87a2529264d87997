package io.taskexec.plan;

import io.taskexec.task.TaskState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A listener that writes down what the planner reported, in order. */
final class Recorder implements Planner.Listener {
  /** "ready a", "UPSTREAM_FAILED b", "pending c", in the order reported. */
  final List<String> events = new ArrayList<>();
  final List<String> ready = new ArrayList<>();
  final Map<String, TaskState> resolved = new LinkedHashMap<>();
  final Map<String, String> reasons = new LinkedHashMap<>();

  @Override
  public void ready(PlanItem item) {
    events.add("ready " + item.id());
    ready.add(item.id());
  }

  @Override
  public void resolved(String taskId, TaskState state, String reason) {
    events.add(state + " " + taskId);
    if (resolved.put(taskId, state) != null) {
      throw new AssertionError("resolved twice: " + taskId);
    }
    reasons.put(taskId, reason);
  }

  @Override
  public void backToPending(PlanItem item) {
    events.add("pending " + item.id());
  }
}

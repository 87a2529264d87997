package io.taskexec.plan;

import io.taskexec.task.Dependency;
import io.taskexec.task.DependencyCondition;
import io.taskexec.task.DependencyType;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A planner with a recorder and short ways to add tasks and drain the queue, for example tests. */
class PlannerFixture {
  final Recorder recorder = new Recorder();
  Planner planner = new Planner(Map.of(), recorder);
  private long seq;

  void resources(Map<String, Integer> units) {
    planner = new Planner(units, recorder);
  }

  static Task.Builder task(String id) {
    return Task.builder(id, "shell");
  }

  static Dependency upstream(String id, DependencyCondition condition) {
    return new Dependency(id, DependencyType.UPSTREAM, condition);
  }

  static Dependency downstream(String id, DependencyCondition condition) {
    return new Dependency(id, DependencyType.DOWNSTREAM, condition);
  }

  /** Adds the tasks as one batch, in submission order, without deadlines. */
  void add(Task.Builder... tasks) {
    List<PlanItem> items = new ArrayList<>();
    for (Task.Builder t : tasks) {
      items.add(new PlanItem(t.build(), seq++, null));
    }
    planner.add(items);
  }

  void addWithDeadline(Task.Builder task, Instant deadline) {
    planner.add(List.of(new PlanItem(task.build(), seq++, deadline)));
  }

  /** Polls until nothing can go and returns the ids in poll order. */
  List<String> pollAll() {
    List<String> ids = new ArrayList<>();
    for (PlanItem i = planner.pollReady(); i != null; i = planner.pollReady()) {
      ids.add(i.id());
    }
    return ids;
  }

  /** Starts and finishes a polled task with {@code outcome}. */
  void run(String id, TaskState outcome) {
    planner.started(id);
    planner.finished(id, outcome);
  }
}

package io.taskexec.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskexec.task.Dependency;
import io.taskexec.task.Requirements;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A smoke test of speed: add() and the whole lifecycle (poll, started, finished) of a random
 * 100,000-task DAG with 3 dependencies per task. The floor is far below what the planner does on
 * an idle machine so that a loaded CI box does not fail it (and it counts the thread's CPU time,
 * not wall time); it is here to catch a quadratic slip. Real numbers belong to the bench module.
 */
class PlannerThroughputTest {
  private static final int TASKS = 100_000;
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
  private static final Planner.Listener QUIET = new Planner.Listener() {
    @Override
    public void ready(PlanItem item) {}

    @Override
    public void resolved(String taskId, TaskState state, String reason) {}
  };

  @Test
  void a_random_dag_of_100000_tasks_goes_through_the_planner_quickly() {
    double best = 0;
    for (int round = 0; round < 3; round++) {
      best = Math.max(best, tasksPerSecond(randomDag(round)));
    }
    System.out.printf("planner: %.0f tasks per CPU second (add + poll + started + finished)%n", best);
    assertThat(best).isGreaterThan(50_000);
  }

  private static double tasksPerSecond(List<PlanItem> items) {
    Planner planner = new Planner(Map.of(), QUIET);
    long start = CPU.getCurrentThreadCpuTime();
    planner.add(items);
    int done = 0;
    for (PlanItem item = planner.pollReady(); item != null; item = planner.pollReady()) {
      planner.started(item.id());
      planner.finished(item.id(), TaskState.SUCCEEDED);
      done++;
    }
    long nanos = CPU.getCurrentThreadCpuTime() - start;
    assertThat(done).isEqualTo(items.size());
    return items.size() / (nanos / 1e9);
  }

  private static List<PlanItem> randomDag(long seed) {
    Random rnd = new Random(seed);
    List<PlanItem> items = new ArrayList<>(TASKS);
    for (int i = 0; i < TASKS; i++) {
      List<Dependency> deps = new ArrayList<>(3);
      for (int k = 0; i > 0 && k < 3; k++) {
        deps.add(Dependency.after("t" + rnd.nextInt(i)));
      }
      Task task = new Task("t" + i, "shell", rnd.nextInt(3), null, Requirements.NONE, deps, null,
          null, null, null, null);
      items.add(new PlanItem(task, i, null));
    }
    return items;
  }
}

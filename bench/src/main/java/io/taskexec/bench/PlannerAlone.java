package io.taskexec.bench;

import io.taskexec.plan.PlanItem;
import io.taskexec.plan.Planner;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@link Planner} on its own, driven as the scheduler loop drives it but with nothing else:
 * each batch is added, then every ready task is polled, started and finished (successfully)
 * until none is ready. What the engine would reach if placement, execution, events and the store
 * cost nothing.
 */
final class PlannerAlone {
  private PlannerAlone() {}

  static Run run(List<Task> tasks, int batch) {
    List<PlanItem> items = new ArrayList<>(tasks.size());
    for (int i = 0; i < tasks.size(); i++) items.add(new PlanItem(tasks.get(i), i + 1, null));
    Counter counter = new Counter();
    try (HeapProbe probe = HeapProbe.start()) {
      CpuSplit.Reading before = CpuSplit.read("(none)");
      long t0 = System.nanoTime();
      Planner planner = new Planner(Map.of(), counter);
      for (int from = 0; from < items.size(); from += batch) {
        planner.add(items.subList(from, Math.min(items.size(), from + batch)));
        counter.succeeded += drain(planner);
      }
      long nanos = System.nanoTime() - t0;
      CpuSplit cpu = CpuSplit.read("(none)").since(before);
      if (planner.openCount() != 0) {
        throw new IllegalStateException(planner.openCount() + " tasks still open in the planner; " + counter.resolved + " resolved as failed");
      }
      return new Run("planner", tasks.size(), counter.succeeded, nanos, probe.finish(), cpu);
    }
  }

  private static long drain(Planner planner) {
    long done = 0;
    PlanItem item;
    while ((item = planner.pollReady()) != null) {
      planner.started(item.id());
      planner.finished(item.id(), TaskState.SUCCEEDED);
      done++;
    }
    return done;
  }

  private static final class Counter implements Planner.Listener {
    long succeeded;
    long resolved;

    @Override
    public void ready(PlanItem item) {}

    @Override
    public void resolved(String taskId, TaskState state, String reason) {
      resolved++;
    }
  }
}

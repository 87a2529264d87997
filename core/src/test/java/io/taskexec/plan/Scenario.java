package io.taskexec.plan;

import io.taskexec.task.Dependency;
import io.taskexec.task.DependencyCondition;
import io.taskexec.task.DependencyType;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A random DAG for property tests: task i may wait for any j < i with a random condition, may need
 * named resources, has a planned outcome, and the tasks arrive in 1 to 3 batches. An edge is
 * declared {@code downstream} by its upstream now and then when both are in the same batch.
 */
final class Scenario {
  private static final DependencyCondition[] CONDITIONS = {
    DependencyCondition.COMPLETION, DependencyCondition.COMPLETION, DependencyCondition.START,
    DependencyCondition.FAILURE, DependencyCondition.ANY
  };
  private static final TaskState[] OUTCOMES = {
    TaskState.SUCCEEDED, TaskState.SUCCEEDED, TaskState.SUCCEEDED, TaskState.SUCCEEDED,
    TaskState.FAILED, TaskState.TIMED_OUT, TaskState.CANCELLED
  };

  /** One edge: {@code dependent} waits for {@code upstream}. */
  record Edge(int upstream, int dependent, DependencyCondition condition) {}

  final int size;
  final Map<String, Integer> units = new LinkedHashMap<>();
  final List<Edge> edges = new ArrayList<>();
  final List<List<Edge>> incoming = new ArrayList<>();
  final List<List<String>> needs = new ArrayList<>();
  final TaskState[] outcome;
  final List<List<PlanItem>> batches = new ArrayList<>();
  final PlanItem[] items;

  Scenario(int size, long seed) {
    this.size = size;
    this.outcome = new TaskState[size];
    this.items = new PlanItem[size];
    Random rnd = new Random(seed);
    int resources = rnd.nextInt(3);
    for (int r = 0; r < resources; r++) {
      units.put("r" + r, 1 + rnd.nextInt(2));
    }
    int[] batchOf = batchCuts(rnd);
    List<List<Dependency>> deps = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      deps.add(new ArrayList<>());
      incoming.add(new ArrayList<>());
      needs.add(new ArrayList<>());
      outcome[i] = OUTCOMES[rnd.nextInt(OUTCOMES.length)];
      for (String r : units.keySet()) {
        if (rnd.nextInt(2) == 0) {
          needs.get(i).add(r);
          deps.get(i).add(Dependency.resource(r));
        }
      }
      int count = i == 0 ? 0 : rnd.nextInt(4);
      for (int k = 0; k < count; k++) {
        Edge e = new Edge(rnd.nextInt(i), i, CONDITIONS[rnd.nextInt(CONDITIONS.length)]);
        edges.add(e);
        incoming.get(i).add(e);
        boolean inverse = batchOf[e.upstream()] == batchOf[i] && rnd.nextBoolean();
        if (inverse) {
          deps.get(e.upstream()).add(new Dependency(id(i), DependencyType.DOWNSTREAM, e.condition()));
        } else {
          deps.get(i).add(new Dependency(id(e.upstream()), DependencyType.UPSTREAM, e.condition()));
        }
      }
    }
    buildBatches(rnd, batchOf, deps);
  }

  static String id(int i) {
    return "t" + i;
  }

  static int index(String id) {
    return Integer.parseInt(id.substring(1));
  }

  private int[] batchCuts(Random rnd) {
    int[] batchOf = new int[size];
    int cut1 = rnd.nextInt(size + 1);
    int cut2 = rnd.nextInt(size + 1);
    for (int i = 0; i < size; i++) {
      batchOf[i] = (i >= Math.min(cut1, cut2) ? 1 : 0) + (i >= Math.max(cut1, cut2) ? 1 : 0);
    }
    return batchOf;
  }

  private void buildBatches(Random rnd, int[] batchOf, List<List<Dependency>> deps) {
    Instant noon = Instant.parse("2030-01-01T12:00:00Z");
    for (int b = 0; b < 3; b++) {
      batches.add(new ArrayList<>());
    }
    for (int i = 0; i < size; i++) {
      Task t = Task.builder(id(i), "shell")
          .priority(rnd.nextInt(3))
          .estimatedDuration(rnd.nextBoolean() ? null : Duration.ofSeconds(rnd.nextInt(10)))
          .build();
      t = new Task(t.id(), t.type(), t.priority(), null, t.requirements(), deps.get(i), null, null,
          null, null, t.estimatedDuration());
      Instant deadline = rnd.nextInt(3) == 0 ? noon.plusSeconds(rnd.nextInt(5)) : null;
      items[i] = new PlanItem(t, i, deadline);
      batches.get(batchOf[i]).add(items[i]);
    }
    batches.removeIf(List::isEmpty);
  }
}

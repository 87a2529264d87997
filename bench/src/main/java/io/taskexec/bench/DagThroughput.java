package io.taskexec.bench;

import io.taskexec.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * (b) A random DAG (three upstream dependencies per task on earlier tasks, fixed seed) through
 * the whole engine, timed from the first submission until idle, against the same number of
 * independent tasks through the same engine; and the {@code Planner} alone on the same DAG,
 * against the engine's DAG run. Goal: 200,000 tasks/s through the engine.
 */
final class DagThroughput {
  static final double GOAL_TASKS_PER_S = 200_000;
  static final int DEPS_PER_TASK = 3;
  private static final int WARMUP_ROUNDS = 2;

  /** The engine on the DAG and on independent tasks, and the planner alone on the DAG. */
  record Result(Rounds.Pair engine, List<Run> planner, long edges) {}

  private DagThroughput() {}

  static Result measure(Settings s, Consumer<String> log) {
    List<Task> dag = Workloads.randomDag("d", s.dagTasks(), DEPS_PER_TASK, Workloads.DAG_SEED);
    List<Task> flat = Workloads.flat("f", s.dagTasks());
    for (int i = 0; i < WARMUP_ROUNDS; i++) {
      log.accept("[b] warm-up " + (i + 1) + "/" + WARMUP_ROUNDS + ":\n    " + Rounds.describe(Engines.run("engine DAG", dag, s.workers(), s.batch(), false))
          + "\n    " + Rounds.describe(Engines.run("engine flat", flat, s.workers(), s.batch(), false))
          + "\n    " + Rounds.describe(PlannerAlone.run(dag, s.batch())));
    }
    Rounds.Pair engine = Rounds.alternate("b", s.rounds(),
        () -> Engines.run("engine DAG", dag, s.workers(), s.batch(), false),
        () -> Engines.run("engine flat", flat, s.workers(), s.batch(), false),
        log);
    List<Run> planner = new ArrayList<>();
    for (int r = 0; r < s.rounds(); r++) planner.add(PlannerAlone.run(dag, s.batch()));
    log.accept("[b] planner alone:\n    " + String.join("\n    ", planner.stream().map(Rounds::describe).toList()));
    return new Result(engine, planner, Workloads.edges(dag));
  }

  static void report(Settings s, Result r, Report out) {
    Run dag = r.engine().subjectMedian();
    Run flat = r.engine().baselineMedian();
    Run planner = Rounds.median(r.planner());
    String n = String.format("%,d", s.dagTasks());
    out.add(Figure.of("b.engine_dag_tasks_per_s", "b. engine, " + n + "-task DAG, " + String.format("%,d", r.edges()) + " edges",
        dag.perSecond(), "tasks/s", "same engine, " + n + " independent tasks", flat.perSecond(),
        Goal.valueAtLeast(GOAL_TASKS_PER_S, "tasks/s")));
    out.add(Figure.of("b.planner_dag_tasks_per_s", "b. planner alone, same DAG", planner.perSecond(), "tasks/s",
        "engine on the DAG", dag.perSecond(), null));
    out.add(Figure.of("b.engine_dag_scheduler_cpu_us_per_task", "b. engine DAG, scheduler thread cpu per task", dag.cpu().schedulerNanos() / 1e3 / dag.tasks(), "µs",
        "same, independent tasks", flat.cpu().schedulerNanos() / 1e3 / flat.tasks(), null));
    out.addRuns("b", r.engine().subject());
    out.addRuns("b", r.engine().baseline());
    out.addRuns("b", r.planner());
  }
}

package io.taskexec.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskexec.place.PlacementStrategy;
import io.taskexec.place.ResourceManager;
import io.taskexec.task.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs every benchmark's code path once, small, and checks that the work was done: every task
 * succeeded, every placement was placed and released. Never checks speed; that is what
 * {@code scripts/bench} is for.
 */
class BenchSmokeTest {
  private static final int N = 2_000;

  @Test
  void the_engine_runs_every_independent_task_to_success() {
    Run run = Engines.run("engine", Workloads.flat("t", N), 2, 500, true);

    assertThat(run.tasks()).isEqualTo(N);
    assertThat(run.succeeded()).isEqualTo(N);
  }

  @Test
  void the_thread_pool_baseline_runs_every_runnable() {
    Run run = PoolBaseline.run(N, 2);

    assertThat(run.succeeded()).isEqualTo(N);
  }

  @Test
  void the_random_dag_has_three_upstream_tasks_per_task_all_earlier_and_distinct() {
    List<Task> dag = Workloads.randomDag("d", N, 3, Workloads.DAG_SEED);

    assertThat(Workloads.edges(dag)).isEqualTo(3L * N - 3 - 2 - 1);
    for (int i = 0; i < dag.size(); i++) {
      List<String> ups = dag.get(i).dependencies().stream().map(d -> d.taskId()).toList();
      assertThat(ups).doesNotHaveDuplicates().hasSize(Math.min(i, 3));
      for (String u : ups) assertThat(Integer.parseInt(u.substring(2))).isLessThan(i);
    }
    assertThat(Workloads.randomDag("d", N, 3, Workloads.DAG_SEED)).isEqualTo(dag);
  }

  @Test
  void the_engine_runs_every_task_of_a_random_dag_to_success() {
    List<Task> dag = Workloads.randomDag("d", N, 3, Workloads.DAG_SEED);

    Run run = Engines.run("engine DAG", dag, 2, 500, true);

    assertThat(run.succeeded()).isEqualTo(N);
  }

  @Test
  void the_planner_alone_finishes_every_task_of_a_random_dag() {
    Run run = PlannerAlone.run(Workloads.randomDag("d", N, 3, Workloads.DAG_SEED), 500);

    assertThat(run.succeeded()).isEqualTo(N);
  }

  @ParameterizedTest
  @EnumSource(PlacementStrategy.class)
  void the_placement_benchmark_places_and_releases_every_demand(PlacementStrategy strategy) {
    for (int agents : new int[] {1, 100, 1_000}) {
      PlacementBenchmark b = new PlacementBenchmark();
      b.agents = agents;
      b.strategy = strategy;
      b.setUp();
      long fillers = java.util.stream.IntStream.range(0, agents).filter(i -> i % 3 != 2).count();
      assertThat(b.manager.allocationCount()).isEqualTo(fillers);

      for (int i = 0; i < 64; i++) assertThat(b.placeAndRelease()).isNotNull();

      assertThat(b.manager.allocationCount()).as("no allocation leaked").isEqualTo(fillers);
    }
  }

  @Test
  void the_placement_fixture_fills_the_same_agents_whatever_the_strategy() {
    List<Object> free = java.util.Arrays.stream(PlacementStrategy.values())
        .map(s -> {
          ResourceManager rm = PlacementFixture.build(s, 300, 7);
          return (Object) rm.agents().stream().map(a -> rm.free(a.id()).orElseThrow()).toList();
        })
        .toList();

    assertThat(free).allSatisfy(f -> assertThat(f).isEqualTo(free.get(0)));
  }

  @Test
  void a_small_run_of_sections_a_and_b_writes_a_table_and_json(@TempDir Path dir) throws Exception {
    Settings tiny = new Settings("test", N, 1, N, 2, 500, 1, 1, 1, 1);
    Path json = dir.resolve("results.json");

    int status = BenchMain.run(tiny, Set.of("a", "b"), json);

    assertThat(status).isZero();
    String text = Files.readString(json);
    assertThat(text).contains("\"a.engine_tasks_per_s\"", "\"b.engine_dag_tasks_per_s\"", "\"b.planner_dag_tasks_per_s\"");
    assertThat(text).contains("\"succeeded\": " + N);
  }

  @Test
  void json_escapes_strings_and_writes_nan_as_null() {
    String s = Json.write(java.util.Map.of("k\"", List.of("a\nb", Double.NaN, 1.5, 3L)));

    assertThat(s).isEqualTo("{\n  \"k\\\"\": [\n    \"a\\nb\",\n    null,\n    1.5,\n    3\n  ]\n}\n");
  }

  @Test
  void a_figure_passes_or_misses_its_goal_on_the_value_or_the_ratio() {
    Figure ratio = Figure.of("x", "x", 60, "tasks/s", "base", 100, Goal.ratioAtLeast(0.5));
    Figure value = Figure.of("y", "y", 12, "µs", null, Double.NaN, Goal.valueAtMost(10, "µs"));

    assertThat(ratio.ratio()).isEqualTo(0.6);
    assertThat(ratio.verdict()).isEqualTo("PASS");
    assertThat(value.verdict()).isEqualTo("MISS");
  }
}

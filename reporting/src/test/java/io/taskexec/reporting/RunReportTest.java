package io.taskexec.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskexec.error.FailureKind;
import io.taskexec.reporting.model.RunReport;
import io.taskexec.reporting.model.RunReportBuilder;
import io.taskexec.reporting.model.TaskFacts;
import io.taskexec.store.AttemptRow;
import io.taskexec.store.StateStore;
import io.taskexec.store.StoredTask;
import io.taskexec.store.TaskStatus;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportTest {
  static final Instant T0 = Instant.parse("2026-06-01T08:00:00Z");
  @TempDir Path dir;

  /** A task that ran once on {@code agent} from second {@code s} to second {@code e} of the run. */
  static TaskFacts ran(Task t, String agent, int s, int e, TaskState outcome) {
    Instant start = T0.plusSeconds(s), end = T0.plusSeconds(e);
    AttemptRow a = new AttemptRow(t.id(), 1, agent, null, start, start, end, outcome,
        outcome == TaskState.SUCCEEDED ? null : FailureKind.NONZERO_EXIT, outcome == TaskState.SUCCEEDED ? 0 : 2, null,
        outcome == TaskState.SUCCEEDED ? null : "exit code 2: bad input", null);
    return new TaskFacts(new StoredTask(t, 1, T0), new TaskStatus(t.id(), outcome, 1, 1, end), List.of(a), List.of());
  }

  @Test
  void the_critical_path_follows_the_upstream_that_ended_last() {
    RunReportBuilder b = new RunReportBuilder(T0.plusSeconds(1000));
    // fetch(0-100) -> clean(100-300) -> train(310-900); lint(0-50) -> train; docs(0-950) stands alone but ends last
    b.add(ran(Task.builder("fetch", "shell").build(), "a1", 0, 100, TaskState.SUCCEEDED));
    b.add(ran(Task.builder("lint", "shell").build(), "a2", 0, 50, TaskState.SUCCEEDED));
    b.add(ran(Task.builder("clean", "shell").after("fetch").build(), "a1", 100, 300, TaskState.SUCCEEDED));
    b.add(ran(Task.builder("train", "shell").after("clean", "lint").build(), "a2", 310, 900, TaskState.SUCCEEDED));
    b.add(ran(Task.builder("publish", "shell").after("train").build(), "a1", 900, 940, TaskState.SUCCEEDED));
    RunReport r = b.build("t", "test", null);
    assertThat(r.criticalPath().steps()).extracting(RunReport.PathStep::task).containsExactly("fetch", "clean", "train", "publish");
    assertThat(r.criticalPath().spanSeconds()).isEqualTo(940.0);
    assertThat(r.criticalPath().runSeconds()).isEqualTo(100 + 200 + 590 + 40.0);
    assertThat(r.criticalPath().steps().get(2).waitSeconds()).isEqualTo(10.0);
  }

  @Test
  void failures_give_their_reason_and_the_summary_counts_them() {
    RunReportBuilder b = new RunReportBuilder(T0.plusSeconds(1000));
    b.add(ran(Task.builder("ok", "shell").build(), "a1", 0, 10, TaskState.SUCCEEDED));
    b.add(ran(Task.builder("bad", "shell").build(), "a1", 10, 20, TaskState.FAILED));
    RunReport r = b.build("t", "test", 8.0);
    assertThat(r.summary().tasks()).isEqualTo(2);
    assertThat(r.summary().successRate()).isEqualTo(0.5);
    assertThat(r.summary().makespanSeconds()).isEqualTo(20.0);
    assertThat(r.failures().total()).isEqualTo(1);
    assertThat(r.failures().listed()).singleElement().satisfies(f -> {
      assertThat(f.task()).isEqualTo("bad");
      assertThat(f.reason()).isEqualTo("exit code 2: bad input");
      assertThat(f.exitCode()).isEqualTo(2);
      assertThat(f.failure()).isEqualTo("NONZERO_EXIT");
    });
    assertThat(r.utilisation().capacityCores()).isEqualTo(8.0);
    // one task at a time on one agent for 20 s: one attempt running on average over the whole run
    assertThat(r.agents()).singleElement().satisfies(a -> assertThat(a.averageRunning()).isEqualTo(1.0));
  }

  @Test
  void a_stored_run_is_counted_state_by_state_with_its_retries_and_deadline_misses() {
    SyntheticRun run = new SyntheticRun();
    try (StateStore s = Stores.withRun(dir, 400, 4, run)) {
      RunReport r = RunReportBuilder.of(s, "run", "test", Instant.parse("2026-06-02T00:00:00Z"));
      Map<String, Integer> counts = r.counts().stream()
          .collect(Collectors.toMap(RunReport.StateCount::state, c -> (int) c.count()));
      assertThat(counts).isEqualTo(run.expectedStates);
      assertThat(r.summary().retries()).isEqualTo(run.retried);
      assertThat(r.summary().attempts()).isEqualTo(400 + run.retried);
      assertThat(r.failures().total()).isEqualTo(run.failed);
      assertThat(r.deadlineMisses().withDeadline()).isEqualTo(run.deadlines);
      assertThat(r.deadlineMisses().total()).isEqualTo(run.missed).isPositive();
      assertThat(r.utilisation().capacityCores()).isEqualTo(4 * 16.0);
      assertThat(r.utilisation().measured()).isTrue();
      assertThat(r.timeline().aggregated()).isFalse();
      assertThat(r.timeline().lanes()).hasSize(4);
      long bars = r.timeline().lanes().stream().mapToLong(l -> l.bars().size()).sum();
      assertThat(bars).isEqualTo(r.summary().attempts());
    }
  }

  @Test
  void a_large_run_draws_load_per_time_slice_instead_of_every_attempt() {
    try (StateStore s = Stores.withRun(dir, 2000, 8, new SyntheticRun())) {
      RunReport r = RunReportBuilder.of(s, "run", "test", Instant.parse("2026-06-02T00:00:00Z"));
      assertThat(r.timeline().aggregated()).isTrue();
      assertThat(r.timeline().lanes()).allSatisfy(l -> {
        assertThat(l.bars()).isEmpty();
        assertThat(l.load()).hasSize(240);
      });
      // the load of a lane integrates to its busy time
      RunReport.Lane lane = r.timeline().lanes().get(0);
      double busy = lane.load().stream().mapToDouble(Double::doubleValue).sum() * r.timeline().bucketSeconds();
      double expected = r.agents().stream().filter(a -> a.agent().equals(lane.agent())).findFirst().orElseThrow().busySeconds();
      assertThat(busy).isCloseTo(expected, org.assertj.core.data.Percentage.withPercentage(1));
    }
  }
}

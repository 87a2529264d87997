package io.taskexec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskexec.engine.AttemptRecord;
import io.taskexec.error.FailureKind;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTableTest {
  private static final Instant T0 = Instant.parse("2025-01-01T12:00:00Z");

  @Test
  void columns_are_aligned_and_totals_count_each_state() {
    List<TaskOutcome> outcomes = List.of(
        new TaskOutcome(task("make-data"), TaskState.SUCCEEDED, List.of(attempt(1, 0, 1200, TaskState.SUCCEEDED, null, null)), null, false),
        new TaskOutcome(task("broken"), TaskState.FAILED,
            List.of(attempt(1, 0, 300, TaskState.FAILED, 3, "exit code 3: disk full")), "exit code 3: disk full", false),
        new TaskOutcome(task("after"), TaskState.UPSTREAM_FAILED, List.of(), "upstream task 'broken' ended FAILED", false));

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SummaryTable.print(outcomes, Duration.ofMillis(2500), new Ansi(false), 0, new PrintStream(bytes, true, StandardCharsets.UTF_8));

    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("""
        TASK       STATE            ATTEMPTS  DURATION  EXIT  REASON
        make-data  SUCCEEDED        1         1.2s      0
        broken     FAILED           1         300ms     3     exit code 3: disk full
        after      UPSTREAM_FAILED  0         -         -     upstream task 'broken' ended FAILED

        3 tasks: 1 succeeded, 1 failed, 1 upstream failed in 2.5s
        """);
  }

  @Test
  void the_reason_is_cut_to_fit_the_terminal() {
    String reason = "x".repeat(200);
    List<TaskOutcome> outcomes = List.of(new TaskOutcome(task("t"), TaskState.FAILED, List.of(), reason, false));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SummaryTable.print(outcomes, Duration.ZERO, new Ansi(false), 80, new PrintStream(bytes, true, StandardCharsets.UTF_8));

    String row = bytes.toString(StandardCharsets.UTF_8).lines().toList().get(1);
    assertThat(row).hasSize(79).endsWith("...");
  }

  private static Task task(String id) {
    return Task.builder(id, "shell").command("true").build();
  }

  private static AttemptRecord attempt(int n, long startMs, long endMs, TaskState outcome, Integer exit, String message) {
    return new AttemptRecord(n, "local", List.of(), T0, T0.plusMillis(startMs), T0.plusMillis(endMs), outcome,
        exit == null ? null : FailureKind.NONZERO_EXIT, exit, message, null);
  }
}

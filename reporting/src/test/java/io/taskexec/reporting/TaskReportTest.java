package io.taskexec.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskexec.config.ReportingConfig;
import io.taskexec.event.EventType;
import io.taskexec.event.TaskEvent;
import io.taskexec.reporting.model.TaskReport;
import io.taskexec.reporting.model.TaskReportBuilder;
import io.taskexec.store.AttemptRow;
import io.taskexec.store.StateStore;
import io.taskexec.store.StoredTask;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import io.taskexec.time.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskReportTest {
  static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
  @TempDir Path dir;

  @Test
  void a_task_report_has_the_spec_attempts_events_and_the_tail_of_the_logs() throws Exception {
    Path logs = dir.resolve("logs/build");
    Files.createDirectories(logs);
    List<String> lines = IntStream.rangeClosed(1, 100).mapToObj(i -> "line " + i).toList();
    Files.write(logs.resolve("attempt-1.stdout"), lines, StandardCharsets.UTF_8);
    try (StateStore s = Stores.sqlite(dir)) {
      Task t = Task.builder("build", "shell").cpu(2).memoryGb(1).command("make all").metadata("team", "data").build();
      s.submit(List.of(new StoredTask(t, 1, T0)));
      List<TaskEvent> ev = new ArrayList<>();
      ev.add(TaskEvent.of(1, "build", 0, EventType.SUBMITTED, TaskState.PENDING, T0));
      ev.add(new TaskEvent(2, "build", 1, EventType.PLACED, TaskState.PLACED, T0.plusSeconds(1), "local", null, null, null,
          Map.of(AttemptRow.LOG_DIR, "logs/build")));
      ev.add(new TaskEvent(3, "build", 1, EventType.STARTED, TaskState.RUNNING, T0.plusSeconds(1), "local", null, null, null, Map.of()));
      ev.add(new TaskEvent(4, "build", 1, EventType.FAILED, TaskState.FAILED, T0.plusSeconds(61), "local",
          "exit code 2: make: *** [all] Error 2", 2, io.taskexec.error.FailureKind.NONZERO_EXIT, Map.of()));
      s.append(ev);
      s.flush();
      TaskReport r = TaskReportBuilder.of(s, "build", "state.db", dir, T0.plusSeconds(100));
      assertThat(r.state()).isEqualTo("FAILED");
      assertThat(r.spec().parameters()).contains("make all");
      assertThat(r.spec().metadata()).containsExactly(new TaskReport.KeyValue("team", "data"));
      assertThat(r.attempts()).singleElement().satisfies(a -> {
        assertThat(a.durationSeconds()).isEqualTo(60.0);
        assertThat(a.exitCode()).isEqualTo(2);
        assertThat(a.agent()).isEqualTo("local");
      });
      assertThat(r.events()).isEqualTo(4);
      assertThat(r.resources().requestedCoreSeconds()).isEqualTo(120.0);
      assertThat(r.resources().usedCoreSeconds()).isNull();
      assertThat(r.logs()).hasSize(2);
      TaskReport.LogTail out = r.logs().get(0);
      assertThat(out.lines()).hasSize(TaskReport.LOG_LINES).endsWith("line 100").startsWith("line 61");
      assertThat(out.truncated()).isTrue();
      assertThat(r.logs().get(1).note()).isEqualTo("no such file");

      ReportGenerator g = new ReportGenerator(ReportingConfig.DEFAULT, null, new ManualClock(T0.plusSeconds(100)));
      String html = new String(g.task(s, "build", "state.db", dir, List.of(ReportFormat.HTML)).get(0).content(), StandardCharsets.UTF_8);
      assertThat(html).contains("line 100").contains("exit code 2: make: *** [all] Error 2").contains("<svg");
    }
  }

  @Test
  void an_unknown_task_says_which_store_and_how_to_list_the_tasks() {
    try (StateStore s = Stores.sqlite(dir)) {
      ReportGenerator g = new ReportGenerator(ReportingConfig.DEFAULT, null, new ManualClock(T0));
      assertThatThrownBy(() -> g.task(s, "nope", "state.db", dir, List.of(ReportFormat.JSON)))
          .isInstanceOf(ReportException.class)
          .hasMessage("no task 'nope' is stored in state.db; `taskexec status` lists the stored tasks");
    }
  }
}

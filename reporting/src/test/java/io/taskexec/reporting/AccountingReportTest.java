package io.taskexec.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskexec.reporting.model.AccountingReport;
import io.taskexec.reporting.model.AccountingReportBuilder;
import io.taskexec.reporting.model.TaskFacts;
import io.taskexec.store.AttemptRow;
import io.taskexec.store.MetricSummary;
import io.taskexec.store.StateStore;
import io.taskexec.store.StoredTask;
import io.taskexec.store.TaskStatus;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountingReportTest {
  static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
  @TempDir Path dir;

  static TaskFacts ran(Task t, int startS, int endS, List<MetricSummary> m) {
    Instant s = T0.plusSeconds(startS), e = T0.plusSeconds(endS);
    AttemptRow a = new AttemptRow(t.id(), 1, "gpu-box", null, s, s, e, TaskState.SUCCEEDED, null, 0, null, null, null);
    return new TaskFacts(new StoredTask(t, 1, T0), new TaskStatus(t.id(), TaskState.SUCCEEDED, 1, 1, e), List.of(a), m);
  }

  @Test
  void requested_hours_efficiency_and_advice_follow_the_arithmetic() {
    AccountingReportBuilder b = new AccountingReportBuilder(null, null, T0.plusSeconds(86_400));
    // 4 cores, 16 GB, 2 GPUs for 1 h; used 2 core-hours (cpu_seconds 7200) and 8 GB peak (8192 MB)
    Task train = Task.builder("train", "train").cpu(4).memoryGb(16).gpus(2).build();
    b.add(ran(train, 0, 3600, List.of(new MetricSummary("train", "cpu_seconds", 5, 0, 7200, 3600, 0, 0, 0),
        new MetricSummary("train", "memory_mb", 5, 100, 8192, 4000, 4000, 8000, 8100))));
    // 1 core for 30 min, nothing measured
    b.add(ran(Task.builder("etl", "etl").cpu(1).memoryGb(2).build(), 0, 1800, List.of()));
    AccountingReport r = b.build("test", null);
    AccountingReport.Row t = r.byType().stream().filter(x -> x.name().equals("train")).findFirst().orElseThrow();
    assertThat(t.cpuHours()).isEqualTo(4.0);          // 4 cores x 1 h
    assertThat(t.gpuHours()).isEqualTo(2.0);          // 2 GPUs x 1 h
    assertThat(t.memoryGbHours()).isEqualTo(16.0);    // 16 GB x 1 h
    assertThat(t.usedCpuHours()).isEqualTo(2.0);      // 7200 core-seconds
    assertThat(t.cpuEfficiency()).isEqualTo(0.5);     // 2 / 4
    assertThat(t.memoryEfficiency()).isEqualTo(0.5);  // 8 GB / 16 GB
    assertThat(t.recommendedCores()).isEqualTo(2.5);  // 2 cores used x 1.25, up to a quarter
    assertThat(t.recommendedMemoryGb()).isEqualTo(10.0); // 8 GB x 1.25
    assertThat(t.p50DurationSeconds()).isCloseTo(3600.0, org.assertj.core.data.Offset.offset(4.0));
    AccountingReport.Row e = r.byType().stream().filter(x -> x.name().equals("etl")).findFirst().orElseThrow();
    assertThat(e.cpuHours()).isEqualTo(0.5);
    assertThat(e.usedCpuHours()).isNull();
    assertThat(e.cpuEfficiency()).isNull();
    assertThat(e.recommendedCores()).isNull();
    assertThat(r.byAgent()).extracting(AccountingReport.Row::name).containsExactly("gpu-box");
    assertThat(r.total().tasks()).isEqualTo(2);
    assertThat(r.note()).contains("1 of 2 tasks have resource measurements");
  }

  @Test
  void a_period_counts_only_the_run_time_inside_it() {
    AccountingReportBuilder b = new AccountingReportBuilder(T0.plusSeconds(1800), T0.plusSeconds(7200), T0.plusSeconds(86_400));
    b.add(ran(Task.builder("a", "x").cpu(2).build(), 0, 3600, List.of()));      // half inside: 2 cores x 0.5 h
    b.add(ran(Task.builder("b", "x").cpu(2).build(), 7200, 9000, List.of()));   // starts at the end: outside
    AccountingReport r = b.build("test", T0.plusSeconds(1800));
    assertThat(r.total().tasks()).isEqualTo(1);
    assertThat(r.total().cpuHours()).isEqualTo(1.0);
    assertThat(r.from()).isEqualTo("2026-06-01T00:30:00Z");
  }

  @Test
  void a_stored_run_is_accounted_per_type_and_agent() {
    try (StateStore s = Stores.withRun(dir, 200, 4, new SyntheticRun())) {
      AccountingReport r = AccountingReportBuilder.of(s, null, null, "test", Instant.parse("2026-06-02T00:00:00Z"));
      assertThat(r.byType()).extracting(AccountingReport.Row::name).containsExactly("etl", "render", "report", "train");
      assertThat(r.byType()).allSatisfy(row -> assertThat(row.tasks()).isEqualTo(50));
      assertThat(r.byAgent()).hasSize(4);
      // the synthetic run measures even tasks only: etl (i % 4 == 0) all, train (i % 4 == 1) none
      assertThat(r.byType().get(0).measuredTasks()).isEqualTo(50);
      assertThat(r.byType().get(3).usedCpuHours()).isNull();
      assertThat(r.byType().get(0).cpuEfficiency()).isBetween(0.3, 0.8);
      assertThat(r.byType().get(2).deadlineMissRate()).isNotNull();
    }
  }
}

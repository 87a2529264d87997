package io.taskexec.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskexec.reporting.model.Usage;
import io.taskexec.store.MetricSummary;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a task used, from the summaries the monitoring module stores at its end. */
class UsageTest {
  static MetricSummary single(String name, double v) {
    return new MetricSummary("t", name, 1, v, v, v, v, v, v);
  }

  @Test
  void the_monitoring_modules_summaries_give_cpu_seconds_and_peak_memory() {
    Usage u = Usage.of(List.of(single("cpu_seconds", 90), single("duration_seconds", 60),
        single("memory_peak_bytes", 3L * 1024 * 1024 * 1024)), 60, 0);
    assertThat(u.cpuSeconds()).isEqualTo(90.0);
    assertThat(u.peakMemoryGb()).isEqualTo(3.0);
    assertThat(u.gpuSeconds()).isNull();
    assertThat(u.measured()).isTrue();
  }

  @Test
  void cpu_percent_samples_count_over_the_run_time_when_there_are_no_cpu_seconds() {
    Usage u = Usage.of(List.of(new MetricSummary("t", "cpu_percent", 10, 50, 250, 150, 150, 240, 249),
        new MetricSummary("t", "gpu_percent", 10, 0, 100, 50, 50, 90, 99)), 100, 2);
    assertThat(u.cpuSeconds()).isEqualTo(150.0);  // 1.5 cores x 100 s
    assertThat(u.gpuSeconds()).isEqualTo(100.0);  // 50% of 2 GPUs x 100 s
  }

  @Test
  void without_summaries_nothing_is_measured() {
    assertThat(Usage.of(List.of(), 10, 1)).isEqualTo(Usage.NOT_MEASURED);
    assertThat(Usage.NOT_MEASURED.measured()).isFalse();
  }
}

package io.taskexec.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group m runs end to end: 1,000 held tasks, a stream beside them, monitoring off and on. */
class MonitoringCostSmokeTest {
  @Test
  void a_small_run_of_group_m_reports_both_sides_and_the_sampling_cost(@TempDir Path dir) throws Exception {
    Settings tiny = new Settings("test", 4_000, 1, 1_000, 2, 500, 1, 1, 1, 1);
    Path json = dir.resolve("results.json");
    int status = BenchMain.run(tiny, Set.of("m"), json);
    assertThat(status).isZero();
    String text = Files.readString(json);
    assertThat(text).contains("\"m.monitoring_on_tasks_per_s\"", "\"m.sampling_round_cpu_ms\"", "\"m.monitoring_cpu_share\"");
  }
}

package io.taskexec.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskexec.engine.AttemptReport;
import io.taskexec.error.FailureKind;
import io.taskexec.execute.AttemptResult;
import io.taskexec.place.AgentSpec;
import io.taskexec.task.Requirements;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An agent's exposition: capacity and allocation by resource, running by type, ends by type and state, bounded labels. */
class AgentMetricsTest {
  static final Instant T = Instant.parse("2026-11-25T01:00:00Z");
  final List<AgentMetrics.Running> running = new ArrayList<>();
  int unsent = 7;
  final AgentMetrics metrics = new AgentMetrics(new AgentSpec("gpu-1", 16, 64, 500, List.of(0, 1), Map.of()),
      () -> running, () -> unsent);

  String scrape(boolean openMetrics) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    metrics.scrape(out, openMetrics);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void capacity_allocation_and_running_attempts_are_read_at_each_scrape() throws Exception {
    running.add(new AgentMetrics.Running("train", new Requirements(4, 16, 10, 1), 1));
    running.add(new AgentMetrics.Running("train", new Requirements(2, 8, 0, 0), 0));
    running.add(new AgentMetrics.Running("shell", new Requirements(0.5, 1, 0, 0), 0));
    String s = scrape(false);
    assertThat(s).contains("taskexec_agent_capacity{agent=\"gpu-1\",resource=\"cpu_cores\"} 16.0")
        .contains("taskexec_agent_capacity{agent=\"gpu-1\",resource=\"gpus\"} 2.0")
        .contains("taskexec_agent_allocated{agent=\"gpu-1\",resource=\"cpu_cores\"} 6.5") // 4 + 2 + 0.5
        .contains("taskexec_agent_allocated{agent=\"gpu-1\",resource=\"memory_gb\"} 25.0") // 16 + 8 + 1
        .contains("taskexec_agent_allocated{agent=\"gpu-1\",resource=\"gpus\"} 1.0")
        .contains("taskexec_agent_running{agent=\"gpu-1\",type=\"train\"} 2.0")
        .contains("taskexec_agent_running{agent=\"gpu-1\",type=\"shell\"} 1.0")
        .contains("taskexec_agent_reports_unsent{agent=\"gpu-1\"} 7.0");
    running.clear();
    assertThat(scrape(false)).contains("taskexec_agent_allocated{agent=\"gpu-1\",resource=\"cpu_cores\"} 0.0")
        .doesNotContain("taskexec_agent_running{");
  }

  @Test
  void ended_attempts_count_by_type_and_final_state_with_their_durations() throws Exception {
    metrics.ended("train", new AttemptReport.Ended("t1", 1, T, T.plusSeconds(3), new AttemptResult.Success(Map.of(), 0), null));
    metrics.ended("train", new AttemptReport.Ended("t2", 1, T, T.plusMillis(20),
        new AttemptResult.Failure(FailureKind.NONZERO_EXIT, "exit 2", 2, null), null));
    metrics.ended("train", new AttemptReport.Ended("t3", 1, T, T.plusSeconds(60),
        new AttemptResult.Failure(FailureKind.TIMEOUT, "timed out", null, null), null));
    String s = scrape(true);
    assertThat(s).contains("task_duration_seconds_count{agent=\"gpu-1\",state=\"SUCCEEDED\",type=\"train\"} 1")
        .contains("task_duration_seconds_sum{agent=\"gpu-1\",state=\"SUCCEEDED\",type=\"train\"} 3.0")
        .contains("task_duration_seconds_bucket{agent=\"gpu-1\",state=\"FAILED\",type=\"train\",le=\"0.05\"} 1")
        .contains("task_throughput_total{agent=\"gpu-1\",state=\"TIMED_OUT\",type=\"train\"} 1.0")
        .contains("taskexec_errors_total{agent=\"gpu-1\",kind=\"NONZERO_EXIT\",type=\"train\"} 1.0")
        .contains("taskexec_errors_total{agent=\"gpu-1\",kind=\"TIMEOUT\",type=\"train\"} 1.0")
        .endsWith("# EOF\n");
  }

  @Test
  void task_types_past_the_cap_are_counted_as_other() throws Exception {
    for (int i = 0; i < AgentMetrics.MAX_TYPES + 5; i++)
      metrics.ended("type-" + i, new AttemptReport.Ended("t" + i, 1, T, T.plusSeconds(1), new AttemptResult.Success(Map.of(), 0), null));
    String s = scrape(false);
    assertThat(s).contains("type=\"type-" + (AgentMetrics.MAX_TYPES - 1) + "\"").doesNotContain("type=\"type-" + AgentMetrics.MAX_TYPES + "\"")
        .contains("task_throughput_total{agent=\"gpu-1\",state=\"SUCCEEDED\",type=\"_other\"} 5.0");
  }
}

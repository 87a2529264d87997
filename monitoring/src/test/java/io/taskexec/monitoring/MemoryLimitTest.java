package io.taskexec.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.taskexec.config.MonitoringConfig;
import io.taskexec.engine.AttemptRecord;
import io.taskexec.engine.TaskExecutionEngine;
import io.taskexec.engine.TaskResult;
import io.taskexec.error.FailureKind;
import io.taskexec.task.RetryPolicy;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory limits by monitoring (this machine's memory controller is cgroup v1 only, so cgroup v2
 * limits are not available): a shell task over memory_gb × (1 + tolerance) is stopped as
 * RESOURCE_EXCEEDED and, where its retry policy allows, retried with memory × factor up to the cap.
 */
class MemoryLimitTest {
  @TempDir Path dir;
  final Fixture fx = new Fixture();

  /** Holds ~200 MiB for a while; the second attempt ($TASKEXEC_ATTEMPT 2) holds it briefly and succeeds. */
  static final String HOG = "python3 -c 'import os, time\nb = b\"x\" * (200 * 1024 * 1024)\n"
      + "time.sleep(30 if os.environ[\"TASKEXEC_ATTEMPT\"] == \"1\" else 0.8)'";

  @BeforeEach
  void python() {
    assumeTrue(Fixture.hasPython());
  }

  static MonitoringConfig limits(double factor, double capGb) {
    return Fixture.fast().withLimits(new MonitoringConfig.Limits(true, 0.1, factor, capGb, 0.2));
  }

  @Test
  void a_task_over_its_memory_is_stopped_as_resource_exceeded_and_retried_with_more_memory() throws Exception {
    MonitoringConfig m = limits(3, 0.35);
    try (TaskExecutionEngine engine = fx.builder(dir, m).build(); Monitoring mon = Monitoring.attach(engine, Fixture.config(m))) {
      Task hog = Task.builder("hog", "shell").cpu(1).memoryGb(0.1).command(HOG)
          .retry(RetryPolicy.attempts(2, Duration.ofMillis(10))).build();
      TaskResult r = engine.submit(hog).result().get(60, TimeUnit.SECONDS);
      assertThat(r.state()).isEqualTo(TaskState.SUCCEEDED);
      AttemptRecord first = r.attempts().get(0);
      assertThat(first.failure()).isEqualTo(FailureKind.RESOURCE_EXCEEDED);
      assertThat(first.message()).contains("went over its limit 0.11 GiB (memory_gb 0.1 + 10% tolerance)")
          .contains("if retried it asks for 0.3 GB");
      TaskUsage u = await().until(() -> mon.usage("hog"), x -> x != null && x.runSeconds() > 0);
      assertThat(u.requestedMemoryGb()).as("factor 3 of 0.1 GB, under the 0.35 GB cap").isCloseTo(0.3, org.assertj.core.api.Assertions.within(1e-9));
      assertThat(u.peakMemoryBytes()).isGreaterThan(200L * 1024 * 1024);
    }
  }

  @Test
  void the_retry_asks_for_no_more_than_the_cap_and_without_retries_the_task_fails() throws Exception {
    MonitoringConfig m = limits(10, 0.15);
    try (TaskExecutionEngine engine = fx.builder(dir, m).build(); Monitoring mon = Monitoring.attach(engine, Fixture.config(m))) {
      Task capped = Task.builder("capped", "shell").cpu(1).memoryGb(0.1).command(HOG)
          .retry(RetryPolicy.attempts(2, Duration.ofMillis(10))).build();
      Task once = Task.builder("once", "shell").cpu(1).memoryGb(0.1).command(HOG).build();
      var hc = engine.submit(capped);
      var ho = engine.submit(once);
      TaskResult rc = hc.result().get(60, TimeUnit.SECONDS);
      assertThat(rc.state()).as("0.15 GB (the cap) cannot hold 200 MiB either").isEqualTo(TaskState.FAILED);
      assertThat(rc.attempts()).extracting(AttemptRecord::failure).containsExactly(FailureKind.RESOURCE_EXCEEDED, FailureKind.RESOURCE_EXCEEDED);
      assertThat(rc.attempts().get(0).message()).contains("if retried it asks for 0.15 GB");
      assertThat(rc.attempts().get(1).message()).contains("limit 0.17 GiB (memory_gb 0.15 + 10% tolerance)")
          .doesNotContain("if retried");
      TaskResult ro = ho.result().get(60, TimeUnit.SECONDS);
      assertThat(ro.state()).isEqualTo(TaskState.FAILED);
      assertThat(ro.attempts()).singleElement().extracting(AttemptRecord::failure).isEqualTo(FailureKind.RESOURCE_EXCEEDED);
      var out = new java.io.ByteArrayOutputStream();
      mon.sampleNow();
      mon.scrape(out, false);
      assertThat(out.toString()).contains("taskexec_errors_total{kind=\"RESOURCE_EXCEEDED\",type=\"shell\"} 3.0");
    }
  }
}
